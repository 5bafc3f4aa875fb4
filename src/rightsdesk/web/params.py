"""Declared request parameters: read and checked from a request, and described in the OpenAPI document.

One `Param` list per endpoint serves both purposes, so the document cannot drift from what the code accepts.
A value that cannot be read is an InputError naming the parameter (a 400 at the error edge).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rightsdesk.errors import InputError
from rightsdesk.model.countries import REGIONAL_GROUPS, country
from rightsdesk.model.vocab import SanctionsList, SubjectKind, UprResponse

MAX_TEXT = 500


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

    def read(self, raw: str | None) -> Any:
        """The checked value of `raw` (None when absent or empty)."""
        if raw is None or raw == "":
            if self.required or self.where == "path":  # an empty path segment (/votes/%0A): 400, not None
                raise InputError(f"{self.name} is required")
            return self.default
        if len(raw) > MAX_TEXT:
            raise InputError(f"{self.name} is too long ({len(raw)} characters; at most {MAX_TEXT})")
        value: Any = raw
        if self.type is int:
            value = self._int(raw)
        if self.enum is not None and value not in self.enum:
            raise InputError(f"{self.name} must be one of {', '.join(self.enum)}, not {raw!r}")
        if self.country:
            value = country(value).iso3
        return value

    def _int(self, raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise InputError(f"{self.name} must be a whole number, not {raw[:40]!r}") from None
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise InputError(f"{self.name} must be between {self.minimum} and {self.maximum}, not {value}")
        return value

    def schema(self) -> dict[str, Any]:
        """The OpenAPI parameter object."""
        s: dict[str, Any] = {"type": "integer" if self.type is int else "string"}
        for key, value in (("enum", self.enum and list(self.enum)), ("minimum", self.minimum),
                           ("maximum", self.maximum), ("default", self.default)):
            if value is not None:
                s[key] = value
        if self.type is str and self.enum is None:
            s["maxLength"] = MAX_TEXT
        return {"name": self.name, "in": self.where, "required": self.where == "path" or self.required,
                "description": self.description, "schema": s}


def read_params(params: Sequence[Param], query: Mapping[str, str], path: Mapping[str, Any]) -> dict[str, Any]:
    """Every declared parameter's checked value, by name."""
    out = {}
    for p in params:
        raw = path.get(p.name) if p.where == "path" else query.get(p.name)
        out[p.name] = p.read(None if raw is None else str(raw))
    return out


CURSOR = Param("cursor", "Opaque cursor of the next page, from a previous response's next_cursor.")
LIMIT = Param("limit", "Rows per page.", int, minimum=1, maximum=500, default=50)
Q = Param("q", 'Full-text search: words (stemmed), "a phrase", prefix*, -excluded.')
REC_PARAMS = (
    Param("to", "The state under review: ISO 3166 code or name, e.g. PRK.", country=True),
    Param("from", "The recommending state: ISO 3166 code or name.", country=True),
    Param("cycle", "UPR cycle.", int, minimum=1, maximum=9),
    Param("session", "UPR Working Group session.", int, minimum=1, maximum=200),
    Param("response", "The state's response.", enum=tuple(r.value for r in UprResponse)),
    Param("issue", "Issue label, e.g. 'Torture and other CID treatment'."),
    Param("group", "UN regional group of the recommending state.",
          enum=REGIONAL_GROUPS),
    Param("category", "UPR Info action category (1 minimal action to 5 specific action).", int, minimum=1, maximum=5),
    Q,
)
VOTE_PARAMS = (Q, Param("session", "General Assembly session.", int, minimum=1, maximum=200))
DES_PARAMS = (
    Param("list", "Sanctions list.", enum=SanctionsList.names()),
    Param("regime", "Regime (UN list type, e.g. DPRK, or SDN program)."),
    Param("kind", "What is designated.", enum=tuple(k.value for k in SubjectKind)),
    Param("country", "A nationality: ISO 3166 code or name.", country=True),
    Q,
)
TIMELINE_PARAMS = (
    Param("country", "ISO alpha-3 code of the state.", default="PRK"),
    Param("since", "Only events on or after YYYY, YYYY-MM or YYYY-MM-DD."),
    Param("mechanism", "Only events of one mechanism (a code from /api/v1/mechanisms)."),
    Param("actor", "Only events naming this actor: a state (code or name) or a person or body, as "
                   "/api/v1/timeline/actors lists them."),
)
SORT = Param("sort", "Order of the states.", enum=("yes", "group", "country"), default="yes")
