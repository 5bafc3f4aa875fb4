"""The case model, after the HURIDOCS Events Standard Formats: events, acts, involvements, persons, information
sources, interventions and chains of events, with consent and clarification notes as data.

    Case ─┬─< Event (title, partial dates, Place) ─< Act (kind, victim) ─< Involvement (person, role)
          ├─< Person (victim, perpetrator or source; names in every script; designation ref)
          ├─< InformationSource (kind, reliability, date, source person)
          ├─< Intervention (a submission to a UN mechanism, and its reply)
          ├─< ChainLink (one event leading to the next: detention → repatriation → camp)
          └─< Note (a clarification on any field)

`StoredCase` is a case as the store reads it back: the decrypted model with its reference, pseudonyms and
bookkeeping; `store/case_records.py` produces it, `views` and `exchange` shape it for readers.

Frozen dataclasses only: no I/O, no encryption (the store encrypts the identity fields).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rightsdesk.cases.vocab import (
    ActKind,
    Certainty,
    InvolvementRole,
    Mechanism,
    PersonKind,
    Reliability,
    SourceKind,
)
from rightsdesk.model.dates import PartialDate


@dataclass(frozen=True)
class Place:
    """A place in the DPRK, China or elsewhere: ISO alpha-3 country, romanized and Hangul names, province."""

    country: str
    romanized: str
    hangul: str = ""
    province: str = ""


@dataclass(frozen=True)
class PersonName:
    """One written form of a name: the text and its script (hangul, latin, han) and romanization system."""

    text: str
    script: str = "latin"
    system: str = ""  # mr, rr, customary


@dataclass(frozen=True)
class Person:
    """A victim, perpetrator or source. Names, birth date and contact are identity fields (encrypted at rest)."""

    id: str
    kind: PersonKind = PersonKind.INDIVIDUAL
    names: tuple[PersonName, ...] = ()
    sex: str = ""
    birth_date: PartialDate | None = None
    contact: str = ""
    designation: str = ""  # a sanctions designation naming this perpetrator, e.g. "KPe.052"


@dataclass(frozen=True)
class Event:
    """Something that happened, at its true precision of date, in a place."""

    id: str
    title: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    place: Place | None = None
    certainty: Certainty = Certainty.CONFIRMED


@dataclass(frozen=True)
class Act:
    """One act done to one victim within an event."""

    id: str
    event_id: str
    kind: ActKind
    victim_id: str
    certainty: Certainty = Certainty.CONFIRMED


@dataclass(frozen=True)
class Involvement:
    """A person (or institution) tied to an act with a role."""

    act_id: str
    person_id: str
    role: InvolvementRole = InvolvementRole.PERPETRATOR
    certainty: Certainty = Certainty.CONFIRMED


@dataclass(frozen=True)
class InformationSource:
    """Where the facts come from; `content` (a testimony's text) is an identity field."""

    id: str
    kind: SourceKind
    date: PartialDate | None = None
    reliability: Reliability = Reliability.UNKNOWN
    person_id: str = ""
    content: str = ""


@dataclass(frozen=True)
class Intervention:
    """A submission to a UN mechanism about the case, and the reply."""

    id: str
    mechanism: Mechanism
    kind: str  # individual-case-submission, urgent-appeal
    submitted_on: dt.date
    by: str
    reply: str = ""
    reply_on: dt.date | None = None


@dataclass(frozen=True)
class ChainLink:
    """One event leading to another."""

    from_event: str
    to_event: str
    relation: str = "followed-by"


@dataclass(frozen=True)
class Note:
    """A clarification on one field of one record ("event:<id>.start")."""

    target: str
    text: str
    author: str
    at: dt.datetime


@dataclass(frozen=True)
class Case:
    """A documented case in one collection."""

    id: str
    collection: str
    title: str
    events: tuple[Event, ...] = ()
    persons: tuple[Person, ...] = ()
    acts: tuple[Act, ...] = ()
    involvements: tuple[Involvement, ...] = ()
    sources: tuple[InformationSource, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    chain: tuple[ChainLink, ...] = ()
    notes: tuple[Note, ...] = ()
    family_steps: str = ""  # what the family did to find the victim (WGEID asks for it)
    consents: tuple[object, ...] = field(default=())  # cases.consent.Consent records

    def victims(self) -> tuple[Person, ...]:
        """The persons who are the victim of an act."""
        ids = {a.victim_id for a in self.acts}
        return tuple(p for p in self.persons if p.id in ids)


@dataclass(frozen=True)
class StoredCase:
    """A case as read back: the decrypted model, its reference, pseudonyms and bookkeeping."""

    case: Case
    ref: str
    pseudonyms: dict[str, str]
    created_at: dt.datetime
    created_by: str
    version: int
    birth_years: dict[str, int | None] = field(default_factory=dict)
    identities: bool = True  # False when read for a redacted view: identity fields were left encrypted (blank)
