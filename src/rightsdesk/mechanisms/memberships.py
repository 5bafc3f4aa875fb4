"""Who sat where and when, as cited data: Security Council and Human Rights Council members by year,
mandate holders (Special Rapporteurs on the DPRK, High Commissioners, Secretaries-General) and treaty
ratifications. The data are YAML files in `mechanisms/data/`; this module only reads and checks them.

A year without data is an InputError, and seats whose holders are not known are counted, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rightsdesk.datafiles import load_yaml
from rightsdesk.errors import InputError
from rightsdesk.model.countries import country
from rightsdesk.model.dates import PartialDate


def _load(name: str) -> dict[str, Any]:
    return load_yaml("rightsdesk.mechanisms.data", name)


@dataclass(frozen=True)
class Seat:
    """A state's seat on a body in a year: permanent or elected, with the record that put it there."""

    country: str
    permanent: bool
    citation: str
    note: str = ""


@dataclass(frozen=True)
class Membership:
    """The members of a body in one year; `unknown_seats` counts seats whose holders are not entered."""

    body: str
    year: int
    seats: tuple[Seat, ...]
    unknown_seats: int = 0

    @property
    def members(self) -> tuple[str, ...]:
        """The members' ISO codes, sorted."""
        return tuple(sorted(s.country for s in self.seats))

    @property
    def complete(self) -> bool:
        """True when every seat's holder is known."""
        return self.unknown_seats == 0


def council_years() -> range:
    """The years for which all ten elected seats of the Security Council are entered (2006-2026)."""
    terms = _load("security_council.yaml")["terms"]
    full = [y for y in {y for t in terms for y in t["years"]}
            if sum(len(t["members"]) for t in terms if y in t["years"]) == 10]
    return range(max(2006, min(full)), max(full) + 1)


def council_members(year: int) -> Membership:
    """The fifteen members of the Security Council in `year`; InputError for a year without data."""
    data = _load("security_council.yaml")
    if year not in council_years():
        raise InputError(f"no Security Council membership data for {year}; held for "
                         f"{council_years().start}-{council_years().stop - 1}")
    seats = [Seat(c, True, data["permanent_citation"]) for c in data["permanent"]]
    seats += [Seat(c, False, t["citation"]) for t in data["terms"] if year in t["years"] for c in t["members"]]
    return Membership("SC", year, tuple(sorted(seats, key=lambda s: s.country)))


def hrc_members(year: int) -> Membership:
    """The members of the Human Rights Council at any time in `year`, with replacements noted.

    InputError for a year whose membership is not entered (2006-2012 here); a partly known year has
    `unknown_seats` > 0.
    """
    data = _load("human_rights_council.yaml")
    cohorts = [c for c in data["cohorts"] if year in c["years"]]
    if year in data["unknown_years"] or not cohorts:
        raise InputError(f"no Human Rights Council membership data for {year} (not entered: unknown)")
    seats = [Seat(m, False, c["citation"]) for c in cohorts for m in c["members"]]
    unknown = sum(c.get("unknown_seats", 0) for c in cohorts)
    for change in data["changes"]:
        if "left" in change and year in change["absent"]:
            seats = [s for s in seats if s.country != change["state"]]
        elif "left" in change and year in change["years"]:
            seats = [Seat(s.country, False, s.citation, f"left {change['left']}: {change['citation']}")
                     if s.country == change["state"] else s for s in seats]
        elif "joined" in change and year in change["years"]:
            seats.append(Seat(change["state"], False, change["citation"], f"joined {change['joined']}"))
    return Membership("HRC", year, tuple(sorted(seats, key=lambda s: s.country)), unknown)


@dataclass(frozen=True)
class Ratification:
    """A state's ratification of (or accession to) a treaty; `date` None when unknown."""

    state: str
    treaty: str
    date: PartialDate | None
    citation: str


def ratification_states() -> tuple[str, ...]:
    """The states whose ratifications are entered."""
    return tuple(_load("ratifications.yaml")["states"])


def ratifications(state: str) -> dict[str, Ratification] | None:
    """The treaties `state` is party to, by treaty abbreviation; None when its ratifications are not entered."""
    iso3 = country(state).iso3
    entries = _load("ratifications.yaml")["states"].get(iso3)
    if entries is None:
        return None
    return {treaty: Ratification(iso3, treaty, PartialDate.parse(e["date"]) if e["date"] else None, e["citation"])
            for treaty, e in entries.items()}


@dataclass(frozen=True)
class OfficeHolder:
    """A person holding an office from `start` to `end` (None while serving)."""

    name: str
    country: str
    start: PartialDate
    end: PartialDate | None
    citation: str
    role: str = ""

    def serving_in(self, date: PartialDate) -> bool:
        """True when the tenure overlaps `date`."""
        return self.start.earliest <= date.latest and (self.end is None or self.end.latest >= date.earliest)


def office_holders(office: str) -> list[OfficeHolder]:
    """Holders of an office: special_rapporteurs_dprk, high_commissioners, secretaries_general, coi_members."""
    data = _load("mandate_holders.yaml")
    if office not in data:
        raise InputError(f"unknown office {office!r}; known: {', '.join(data)}")
    return [OfficeHolder(e["name"], e["country"], PartialDate.parse(e["start"]),
                         PartialDate.parse(e["end"]) if e["end"] else None, e["citation"], e.get("role", ""))
            for e in data[office]]
