"""Declared request parameters: read and checked from a request, and described in the OpenAPI document.

One `Param` list per endpoint serves both purposes, so the document cannot drift from what the code accepts.
A value that cannot be read is an InputError naming the parameter (a 400 at the error edge).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.registry import mechanisms
from rightsdesk.model.countries import REGIONAL_GROUPS, country
from rightsdesk.model.vocab import SanctionsList, SubjectKind, UprResponse
from rightsdesk.search.browse import CURSOR_PATTERN
from rightsdesk.search.hybrid import MODES
from rightsdesk.situation.records import situation_state

MAX_TEXT = 500
INTEGER = r"-?(0|[1-9][0-9]*)"  # a whole number as the document's integer type allows it
# A day that exists (YYYY-MM-DD, 0001 to 9999, 29 February in leap years only), as PartialDate reads it.
_YEAR = r"(?!0000)[0-9]{4}"
DAY = (rf"{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
       r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
       r"|(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29")
DAY_PATTERN = rf"^(?:{DAY})$"
PARTIAL_DATE_PATTERN = rf"^(?:{_YEAR}|{_YEAR}-(?:0[1-9]|1[0-2])|{DAY})$"
MAX_QUERY = 5000  # a search may be a pasted recommendation (some are over 500 characters); SearchQuery keeps 16 terms
MAX_VALUES = 50  # values of one repeated parameter


@dataclass(frozen=True)
class Param:
    """A query or path parameter: its name, type (str or int), description, allowed values and bounds."""

    name: str
    description: str
    type: type = str
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    where: str = "query"
    default: Any = None
    required: bool = False
    country: bool = False  # a state: any spelling `model.countries.country` reads, checked, as alpha-3
    pattern: str | None = None  # a regular expression the whole value must match (stated in the document)
    shape: str = ""  # what the pattern asks for, in words, for the error message
    multiple: bool = False  # may be repeated (?issue=A&issue=B): any of the values; read as a tuple
    max_length: int = MAX_TEXT

    def read(self, raw: str | None) -> Any:
        """The checked value of `raw` (None when absent or empty)."""
        if raw is None or raw == "":
            if self.required or self.where == "path":  # an empty path segment (/votes/%0A): 400, not None
                raise InputError(f"{self.name} is required")
            return self.default
        if len(raw) > self.max_length:
            raise InputError(f"{self.name} is too long ({len(raw):,} characters; at most {self.max_length:,})")
        if self.pattern and not re.search(self.pattern, raw):
            raise InputError(f"{self.name} must be {self.shape or 'of the form ' + self.pattern}, not {raw[:40]!r}")
        value: Any = raw
        if self.type is int:
            value = self._int(raw)
        if self.enum is not None and value not in self.enum:
            raise InputError(f"{self.name} must be one of {', '.join(self.enum)}, not {raw!r}")
        if self.country:
            value = country(value).iso3
        return value

    def read_all(self, raws: Sequence[str]) -> Any:
        """The checked values of a repeated parameter, as a tuple without repeats (None when none is given);
        a parameter that is not `multiple` keeps its last value."""
        given = [r for r in raws if r != ""]
        if not self.multiple:
            return self.read(given[-1] if given else (raws[-1] if raws else None))
        if len(given) > MAX_VALUES:
            raise InputError(f"{self.name} is given {len(given)} times; at most {MAX_VALUES}")
        values = tuple(dict.fromkeys(self.read(r) for r in given))
        return values or self.read(None)

    def _int(self, raw: str) -> int:
        if not re.fullmatch(INTEGER, raw):  # int() also reads ' 7', '+7', '0_7' and '٧': no schema says so
            raise InputError(f"{self.name} must be a whole number, not {raw[:40]!r}")
        value = int(raw)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise InputError(f"{self.name} must be between {self.minimum} and {self.maximum}, not {value}")
        return value

    def schema(self) -> dict[str, Any]:
        """The OpenAPI parameter object: every constraint `read` applies (type, enum, bounds, length, pattern)."""
        s: dict[str, Any] = {"type": "integer" if self.type is int else "string"}
        for key, value in (("enum", self.enum and list(self.enum)), ("minimum", self.minimum),
                           ("maximum", self.maximum), ("default", self.default), ("pattern", self.pattern)):
            if value is not None:
                s[key] = value
        if self.type is str and self.enum is None:
            s["minLength"], s["maxLength"] = 1, self.max_length  # an empty value is no value (the default applies)
        if self.multiple:
            default = s.pop("default", None)
            s = {"type": "array", "items": s, "maxItems": MAX_VALUES}
            if default is not None:
                s["default"] = [default]
        required = self.where == "path" or self.required
        out = {"name": self.name, "in": self.where, "required": required, "description": self.description,
               "schema": s}
        if not required and self.where == "query":
            out["allowEmptyValue"] = True  # `?q=` is the parameter left out
        if self.multiple:
            out |= {"style": "form", "explode": True}
        return out


def read_params(params: Sequence[Param], query: Mapping[str, str], path: Mapping[str, Any]) -> dict[str, Any]:
    """Every declared parameter's checked value, by name. A repeated query parameter (`query` a multi-dict with
    `getlist`, as Starlette's) gives a `multiple` parameter all its values, any other its last."""
    out = {}
    for p in params:
        if p.where == "path":
            raw = path.get(p.name)
            out[p.name] = p.read(None if raw is None else str(raw))
        elif hasattr(query, "getlist"):
            out[p.name] = p.read_all([str(v) for v in query.getlist(p.name)])
        else:
            raw = query.get(p.name)
            out[p.name] = p.read(None if raw is None else str(raw))
    return out


CURSOR = Param("cursor", "Cursor of the next page, from a previous response's next_cursor.", pattern=CURSOR_PATTERN,
               shape="a next_cursor of a previous page")
LIMIT = Param("limit", "Rows per page.", int, minimum=1, maximum=500, default=50)
Q = Param("q", 'Full-text search: words (stemmed, British and American spellings alike), "a phrase", prefix*, '
          "-excluded, a OR b.", max_length=MAX_QUERY)
_ANY = " Repeat it for any of several values."
REC_PARAMS = (
    Param("to", "The state under review: ISO 3166 code or name, e.g. PRK." + _ANY, country=True, multiple=True),
    Param("from", "The recommending state: ISO 3166 code or name." + _ANY, country=True, multiple=True),
    Param("cycle", "UPR cycle." + _ANY, int, minimum=1, maximum=9, multiple=True),
    Param("session", "UPR Working Group session." + _ANY, int, minimum=1, maximum=200, multiple=True),
    Param("response", "The state's response." + _ANY, enum=tuple(r.value for r in UprResponse), multiple=True),
    Param("issue", "Issue label, any case, e.g. 'torture and other CID treatment'; an unknown label is a 404 naming the nearest labels."
          + _ANY, multiple=True),
    Param("group", "UN regional group of the recommending state." + _ANY, enum=REGIONAL_GROUPS, multiple=True),
    Param("category", "UPR Info action category: 1 minimal, 2 continuing, 3 considering, 4 general, 5 specific "
          "action." + _ANY, int, minimum=1, maximum=5, multiple=True),
    Q,
)
MODE_TEXT = ("How the search finds recommendations: keyword (the full-text index, every word required), semantic "
             "(the nearest in meaning, by the shipped embedding model, among those the filters allow; "
             "recommendations only) or hybrid (every keyword match plus the nearest in meaning, fused by rank).")
MODE = Param("mode", MODE_TEXT + " The API's default is keyword.", enum=MODES, default="keyword")
PAGE_MODE = Param("mode", MODE_TEXT, enum=MODES)  # pages: hybrid where the store holds vectors, else keyword
# Predicted or confirmed labels (search.label_facets): one label each, combined with every other filter.
LABEL_PARAMS = (Param("theme", "UHRI theme (predicted or confirmed)."), Param("sdg", "SDG (predicted or confirmed)."),
                Param("persons", "UHRI affected persons (predicted or confirmed)."))
VOTE_SORTS = ("-date", "date", "symbol", "-yes", "-no", "-abstain", "relevance")
VOTE_PARAMS = (Q, Param("session", "General Assembly session." + _ANY, int, minimum=1, maximum=200, multiple=True),
               Param("sort", "Order: -date (newest first, the default), date, symbol, -yes, -no, -abstain, or "
                     "relevance (best match first when searching).", enum=VOTE_SORTS, default="-date"))
DES_PARAMS = (
    Param("list", "Sanctions list." + _ANY, enum=SanctionsList.names(), multiple=True),
    Param("regime", "Regime (UN list type, e.g. DPRK, or SDN program)." + _ANY, multiple=True),
    Param("kind", "What is designated." + _ANY, enum=tuple(k.value for k in SubjectKind), multiple=True),
    Param("country", "A nationality: ISO 3166 code or name." + _ANY, country=True, multiple=True),
    Q,
)
TIMELINE_PARAMS = (
    Param("country", "ISO alpha-3 code of the state (by default the situation pack's).",
          default=situation_state()),
    Param("since", "Only events on or after YYYY, YYYY-MM or YYYY-MM-DD.", pattern=PARTIAL_DATE_PATTERN,
          shape="YYYY, YYYY-MM or YYYY-MM-DD (a day that exists)"),
    Param("mechanism", "Only events of one mechanism (a code from /api/v1/mechanisms, or context).",
          enum=(*mechanisms(), "context")),
    Param("actor", "Only events naming this actor: a state (code or name) or a person or body, as "
                   "/api/v1/timeline/actors lists them." + _ANY, multiple=True),
)
SORT = Param("sort", "Order of the states.", enum=("yes", "group", "country"), default="yes")
