"""Records: what the ingestors produce and the store holds. Frozen dataclasses, no I/O.

Each record keeps the source's original values beside the cleaned ones (`*_original`), and the store attaches
the `Source` it came from. Natural keys (`key()`) identify a record across loads, so loading the same file
twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rightsdesk.model.dates import PartialDate
from rightsdesk.model.symbols import DocumentSymbol
from rightsdesk.model.vocab import SubjectKind, UprResponse, Vote


@dataclass(frozen=True)
class Source:
    """Where a fact came from: a file (or document symbol), its sha256, the ingestor and its version."""

    path: str
    sha256: str
    ingestor: str
    ingestor_version: str
    loaded_at: dt.datetime | None = None
    symbol: str | None = None


@dataclass(frozen=True)
class UprRecommendation:
    """One recommendation made in a Universal Periodic Review, and the reviewed state's response."""

    to_state: str  # ISO alpha-3 of the state under review
    from_state: str | None  # ISO alpha-3 of the recommending state; None when the source says unknown
    text: str
    response: UprResponse | None
    response_original: str
    action_category: int | None  # UPR Info's scale, 1 (minimal action) to 5 (specific action)
    issues: tuple[str, ...]  # UPR Info issue labels; empty when unlabelled
    session: int
    cycle: int
    to_state_original: str = ""
    from_state_original: str = ""
    paragraph: str | None = None  # e.g. "124.15", where the source gives it
    line: int = 0  # line in the source file, for error messages and provenance
    occurrence: int = 0  # 1 for the second verbatim repeat of the same key in one file, and so on

    def key(self) -> tuple[object, ...]:
        """Natural key: the same recommendation in the same review."""
        return (self.to_state, self.from_state_original, self.session, self.text)


@dataclass(frozen=True)
class RollCall:
    """A recorded vote of the General Assembly on a resolution, amendment or paragraph."""

    rcid: int
    session: int
    date: dt.date | None
    symbol: DocumentSymbol | None
    symbol_original: str
    important_vote: bool
    amendment: bool
    paragraph: bool
    short_title: str
    description: str
    issues: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)  # line in the roll calls file, for error messages


class CountryVote(NamedTuple):
    """One state's vote in one roll call (a named tuple: there are close to a million of them)."""

    rcid: int
    country: str  # ISO alpha-3
    vote: Vote
    country_original: str = ""


@dataclass(frozen=True)
class DesignationName:
    """A name under which a designated person or entity is listed: the primary name, an alias, a former name."""

    name: str
    kind: str  # primary | alias | fka | nka | original-script
    quality: str | None = None  # the list's own word for the alias: Good, Low, a.k.a, f.k.a
    parts: tuple[str, ...] = ()  # first, second, third, fourth name as the list gives them


@dataclass(frozen=True)
class BirthDate:
    """A date of birth as the list gives it: exact, approximate, or a range of years."""

    kind: str  # EXACT | APPROXIMATELY | BETWEEN
    date: PartialDate | None = None
    from_year: int | None = None
    to_year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class IdentityDocument:
    """A passport, national identity card or other document of a designated person, or an IMO number."""

    kind: str
    number: str
    country: str | None = None  # ISO alpha-3 of the issuing country
    country_original: str = ""
    issued: str = ""
    note: str = ""


@dataclass(frozen=True)
class Relation:
    """A tie the list states between an entry and another it names ("Linked To: ..." on the SDN list).

    `reference_number` is the named entry on the same list when the name identifies exactly one; otherwise None,
    and `note` says why (no entry of that name, or several).
    """

    kind: str  # "linked_to"
    name: str  # the name as the list gives it
    reference_number: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Address:
    """An address or place: of a designated person or entity, or a place of birth."""

    kind: str  # address | birthplace
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str | None = None
    country_original: str = ""
    note: str = ""


@dataclass(frozen=True)
class Designation:
    """An entry on a sanctions list: who or what is designated, under which regime, since when, and why."""

    list_name: str  # "un" (Security Council consolidated list) or "ofac-sdn"
    reference_number: str  # the list's own id: KPi.043, or the SDN entry number
    kind: SubjectKind
    name: str
    regimes: tuple[str, ...]
    names: tuple[DesignationName, ...] = ()
    name_original_script: str = ""
    title: str = ""
    function: str = ""  # the UN list's DESIGNATION: what office the person holds
    gender: str = ""
    nationalities: tuple[str, ...] = ()  # ISO alpha-3
    nationalities_original: tuple[str, ...] = ()
    listed_on: dt.date | None = None
    last_updated: tuple[dt.date, ...] = ()
    narrative: str = ""
    birth_dates: tuple[BirthDate, ...] = ()
    documents: tuple[IdentityDocument, ...] = ()
    addresses: tuple[Address, ...] = ()
    relations: tuple[Relation, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # everything else the source holds for the entry
    line: int = 0

    def key(self) -> tuple[object, ...]:
        """Natural key: the list and its reference number."""
        return (self.list_name, self.reference_number)
