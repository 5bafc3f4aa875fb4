"""What a user screens: a name, and optionally a date of birth, nationality, identifiers and a schema.

`ScreeningQuery.build` checks raw user input and raises InputError with a clear message (empty name,
malformed date, unknown country, unknown schema); the rest of the package trusts a built query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rightsdesk.errors import InputError
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.vocab import SubjectKind

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
        names = tuple(n.strip() for n in _many(name) if n and n.strip())
        if not names:
            raise InputError("empty name: a screening query needs a name")
        dates = tuple(PartialDate.parse(d) for d in _many(dob) if d and d.strip())
        countries = tuple(c for c in (resolve_country(n) for n in _many(nationality) if n and n.strip()) if c)
        key = (schema or "thing").strip().casefold()
        if key not in SCHEMAS:
            raise InputError(f"unknown schema {schema!r}: expected one of {', '.join(sorted(SCHEMAS))}")
        ids = tuple(i for i in identifiers if i and i.strip())
        return cls(names, dates, countries, ids, key, tuple(lists) if lists else None)

    def to_dict(self) -> dict[str, object]:
        """The query as JSON-ready data, echoed in results."""
        return {"name": self.name, "aliases": list(self.names[1:]), "dob": [d.iso() for d in self.birth_dates],
                "nationality": list(self.nationalities), "identifiers": list(self.identifiers),
                "schema": self.schema, "lists": list(self.lists) if self.lists else None}


def _many(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)
