"""What a user screens: a name, and optionally a date of birth, nationality, identifiers and a schema.

`ScreeningQuery.build` checks raw user input and raises InputError with a clear message (empty name,
malformed date, unknown country, unknown schema); the rest of the package trusts a built query.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rightsdesk.errors import InputError
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.vocab import SanctionsList, SubjectKind

#: Query schemas (ours and FollowTheMoney's) → the designation kinds they may match.
SCHEMAS: dict[str, frozenset[SubjectKind]] = {
    "person": frozenset({SubjectKind.INDIVIDUAL}),
    "entity": frozenset({SubjectKind.ENTITY}),
    "organization": frozenset({SubjectKind.ENTITY}),
    "company": frozenset({SubjectKind.ENTITY}),
    "legalentity": frozenset({SubjectKind.INDIVIDUAL, SubjectKind.ENTITY}),
    "vessel": frozenset({SubjectKind.VESSEL}),
    "airplane": frozenset({SubjectKind.AIRCRAFT}),
    "aircraft": frozenset({SubjectKind.AIRCRAFT}),
    "thing": frozenset(SubjectKind),
}
OFFERED_SCHEMAS = ("person", "entity", "vessel", "aircraft", "thing")  # offered by the CLI and the API; the rest
# of SCHEMAS are FollowTheMoney's other names for them, accepted from yente clients


LISTS = SanctionsList.names()  # the lists rightsdesk loads


@dataclass(frozen=True)
class ScreeningQuery:
    """A checked screening query. `names` holds the name and any aliases; `kinds` the designation kinds allowed."""

    names: tuple[str, ...]
    birth_dates: tuple[PartialDate, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO alpha-3
    identifiers: tuple[str, ...] = ()
    schema: str = "thing"
    lists: tuple[str, ...] | None = None  # None: every loaded list

    @property
    def name(self) -> str:
        """The first (main) name."""
        return self.names[0]

    @property
    def kinds(self) -> frozenset[SubjectKind]:
        """Designation kinds this query may match."""
        return SCHEMAS[self.schema]

    @classmethod
    def build(cls, name: str | Sequence[str], *, dob: str | Sequence[str] | None = None,
              nationality: str | Sequence[str] | None = None, identifiers: Sequence[str] = (),
              schema: str | None = None, lists: Sequence[str] | None = None) -> ScreeningQuery:
        """Check raw input and build a query; InputError names the value that is wrong."""
        names = tuple(n.strip() for n in _many(name, "name") if n.strip())
        if not names or not any(re.search(r"\w", n) for n in names):
            raise InputError("empty name: a screening query needs a name with letters or digits")
        dates = tuple(PartialDate.parse(d) for d in _many(dob, "dob") if d.strip())
        countries = tuple(c for c in (resolve_country(n) for n in _many(nationality, "nationality") if n.strip()) if c)
        if schema is not None and not isinstance(schema, str):
            raise InputError("schema must be a word such as person, entity or vessel")
        key = (schema or "thing").strip().casefold()
        if key not in SCHEMAS:
            raise InputError(f"unknown schema {schema!r}: expected one of {', '.join(sorted(SCHEMAS))}")
        ids = tuple(i for i in _many(identifiers, "identifiers") if i.strip())
        chosen = _many(lists, "lists")
        unknown = sorted(set(chosen) - set(LISTS))
        if unknown:
            raise InputError(f"unknown list(s) {', '.join(unknown)}: expected {' or '.join(LISTS)}")
        return cls(names, dates, countries, ids, key, chosen or None)

    def to_dict(self) -> dict[str, object]:
        """The query as JSON-ready data, echoed in results."""
        return {"name": self.name, "aliases": list(self.names[1:]), "dob": [d.iso() for d in self.birth_dates],
                "nationality": list(self.nationalities), "identifiers": list(self.identifiers),
                "schema": self.schema, "lists": list(self.lists) if self.lists else None}


#: Titles and suffixes that are not part of the name: Mr. Jo Yong Won, Gen. Kim Yong Chol, Jo Yong Won Jr.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "hon", "gen", "general", "col",
                        "colonel", "maj", "major", "capt", "captain", "lt", "sgt", "adm", "admiral", "marshal",
                        "comrade", "jr", "sr", "ii", "iii", "iv", "he", "sheikh", "shaikh"})
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def name_variants(name: str) -> tuple[str, ...]:
    """The forms of a query name worth scoring: as given; without a bracketed part; without titles and suffixes;
    its Hangul and its Latin part apart ("JO YONG WON 조용원"); a run-together CamelCase name split ("JoYongWon")."""
    from rightsdesk.matching.names import split_brackets  # not at import: `rightsdesk --help` reads OFFERED_SCHEMAS

    out = [name]
    bare, _ = split_brackets(name)
    if bare and bare != name and re.search(r"\w", bare):
        out.append(bare)  # GENERAL BUREAU OF ATOMIC ENERGY (GBAE) is also GENERAL BUREAU OF ATOMIC ENERGY
    words = [w for w in re.split(r"[\s,]+", name) if w]
    kept = [w for w in words if w.strip(".").casefold() not in HONORIFICS]
    if kept and len(kept) < len(words):
        out.append(" ".join(kept))
    hangul = " ".join(_HANGUL_RUN.findall(name))
    latin = _HANGUL_RUN.sub(" ", name).strip()
    if hangul and re.search(r"[A-Za-z]", latin):
        out += [hangul, latin]
    if " " not in name.strip() and _CAMEL.search(name):
        out.append(_CAMEL.sub(" ", name))
    return tuple(dict.fromkeys(out))


def _many(value: str | Sequence[str] | None, field: str) -> tuple[str, ...]:
    """A value that may be one string or several: always a tuple of strings (a bare string is one value)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(f"{field} must be a string or a list of strings")
