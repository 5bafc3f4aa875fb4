"""Who sat where and when, as cited data: Security Council and Human Rights Council members by year,
mandate holders (Special Rapporteurs on the DPRK, High Commissioners, Secretaries-General) and treaty
ratifications. The data are YAML files in `mechanisms/data/`; this module only reads and checks them.

A year without data is an InputError, and seats whose holders are not known are counted, not guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from rightsdesk.datafiles import load_yaml
from rightsdesk.errors import InputError
from rightsdesk.model.countries import country
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.essay import essay_for


def _load(name: str) -> dict[str, Any]:
    return load_yaml("rightsdesk.mechanisms.data", name)


@dataclass(frozen=True)
class Seat:
    """A state's seat on a body in a year: permanent or elected, with the record that put it there."""

    country: str
    permanent: bool
    citation: str
    note: str = ""
    start: dt.date | None = None  # the term's first day, where entered
    end: dt.date | None = None  # the term's last day (or the day the state left)
    checked: bool = False  # True once checked against the GA record
    source: str | None = None  # the press release or report that confirmed it, when checked


@dataclass(frozen=True)
class Term:
    """One state's term on a body: first and last day, the record that gave it, mid-term notes."""

    country: str
    start: dt.date
    end: dt.date
    citation: str
    checked: bool = False
    notes: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class Membership:
    """The members of a body in one year; `unknown_seats` counts seats whose holders are not entered."""

    body: str
    year: int
    seats: tuple[Seat, ...]
    unknown_seats: int = 0
    on: dt.date | None = None  # set when the membership is of one day rather than a year

    @property
    def members(self) -> tuple[str, ...]:
        """The members' ISO codes, sorted, each once (a state re-elected in a June of 2007-2011 holds two
        terms in that year)."""
        return tuple(sorted({s.country for s in self.seats}))

    @property
    def complete(self) -> bool:
        """True when every seat's holder is known."""
        return self.unknown_seats == 0

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `council` and `hrc`: year, members (country, permanent, term, citation), unknown."""
        return {"body": self.body, "year": self.year, "on": self.on.isoformat() if self.on else None,
                "members": [{"country": s.country, "permanent": s.permanent,
                             "from": s.start.isoformat() if s.start else None,
                             "until": s.end.isoformat() if s.end else None, "note": s.note,
                             "citation": s.citation, "checked": s.checked, "source": s.source,
                             "essay": essay_for(s.citation)}
                            for s in self.seats],
                "unknown_seats": self.unknown_seats, "complete": self.complete}


def require_source(entry: dict[str, Any], where: str) -> None:
    """InputError when an entry is marked `checked: true` without the `source` that confirmed it."""
    if entry.get("checked") and not str(entry.get("source") or "").strip():
        raise InputError(f"{where}: an entry marked checked names no source: {entry}")


def _sc_data() -> dict[str, Any]:
    data = _load("security_council.yaml")
    for i, t in enumerate(data["terms"]):
        require_source(t, f"security_council.yaml, term {i + 1} ({t['years']})")
    require_source({"checked": data.get("permanent_checked"), "source": data.get("permanent_source")},
                   "security_council.yaml, permanent members")
    return data


def entered_council_years() -> range:
    """The years for which all ten elected seats are entered by hand with their elections (2006-2027)."""
    terms = _sc_data()["terms"]
    full = [y for y in {y for t in terms for y in t["years"]}
            if sum(len(t["members"]) for t in terms if y in t["years"]) == 10]
    return range(max(2006, min(full)), max(full) + 1)


def council_years() -> range:
    """The years for which the Security Council's members are held: 1946-2027 (the UN DPPA data, and the
    hand-entered terms with their elections for 2006 on)."""
    from rightsdesk.mechanisms.sc_history import history_years

    entered, history = entered_council_years(), history_years()
    return range(min(entered.start, history.start), max(entered.stop, history.stop))


def council_members(year: int) -> Membership:
    """The members of the Security Council in `year` (11 until 1965, 15 since 1966); InputError for a year
    without data. The hand-entered terms, each citing its election, serve 2006 on; earlier years come from the
    UN DPPA's membership data (`sc_history`)."""
    if year not in council_years():
        raise InputError(f"no Security Council membership data for {year}; held for "
                         f"{council_years().start}-{council_years().stop - 1}")
    if year not in entered_council_years():
        return _council_from_history(year)
    data = _sc_data()
    seats = [Seat(c, True, data["permanent_citation"], checked=bool(data.get("permanent_checked")),
                  source=data.get("permanent_source")) for c in data["permanent"]]
    seats += [Seat(c, False, t["citation"], start=dt.date(min(t["years"]), 1, 1), end=dt.date(max(t["years"]), 12, 31),
                   checked=bool(t.get("checked")), source=t.get("source"))
              for t in data["terms"] if year in t["years"] for c in t["members"]]
    return Membership("SC", year, tuple(sorted(seats, key=lambda s: s.country)))


def _council_from_history(year: int) -> Membership:
    from rightsdesk.mechanisms.sc_history import CITATION, history

    held = {y: {code for code, _, _ in seats} for y, seats in history().items()}

    def run(code: str) -> tuple[dt.date, dt.date]:  # the consecutive years the state sat, as the data gives them
        first = last = year
        while code in held.get(first - 1, ()):
            first -= 1
        while code in held.get(last + 1, ()):
            last += 1
        return dt.date(first, 1, 1), dt.date(last, 12, 31)

    seats = []
    for code, permanent, note in history()[year]:
        start, end = (None, None) if permanent else run(code)
        seats.append(Seat(code, permanent, CITATION, note, start, end, checked=True, source=CITATION))
    return Membership("SC", year, tuple(sorted(seats, key=lambda s: s.country)))


def _day(text: str) -> dt.date:
    date = PartialDate.parse(text)
    if date.precision != "day":
        raise InputError(f"human_rights_council.yaml: term dates are days, not {text!r}")
    return date.earliest


@cache
def _hrc_terms() -> tuple[tuple[Term, ...], tuple[tuple[dt.date, dt.date, int], ...]]:
    """Every state's term on the Council (mid-term changes applied) and each cohort's (start, end, seats)."""
    data = _load("human_rights_council.yaml")
    terms: list[Term] = []
    cohorts: list[tuple[dt.date, dt.date, int]] = []
    for c in data["cohorts"]:
        start, end = (_day(t) for t in c["term"])
        require_source(c, f"human_rights_council.yaml, cohort elected {c['elected']}")
        cohorts.append((start, end, len(c["members"]) + c.get("unknown_seats", 0)))
        terms += [Term(country(m).iso3, start, end, c["citation"], c.get("checked", False), source=c.get("source"))
                  for m in c["members"]]
    for change in sorted(data["changes"], key=lambda ch: ch["date"]):
        require_source(change, f"human_rights_council.yaml, change {change['state']} {change['event']}")
        state, on, event = country(change["state"]).iso3, _day(change["date"]), change["event"]
        if event == "joined":
            terms.append(Term(state, on, _day(change["until"]), change["citation"], change.get("checked", False),
                              (f"elected {on} to a vacated seat",), source=change.get("source")))
            continue
        held = [i for i, t in enumerate(terms) if t.country == state and t.start <= on <= t.end]
        if len(held) != 1:
            raise InputError(f"human_rights_council.yaml: {state} {event} on {on} but holds no seat that day")
        t = terms[held[0]]
        note = f"{event} {on}: {change['citation']}"
        terms[held[0]] = Term(t.country, t.start, on if event == "left" else t.end, t.citation, t.checked,
                              t.notes + (note,), t.source)
    return tuple(terms), tuple(cohorts)


def _hrc_membership(year: int, first: dt.date, last: dt.date) -> Membership:
    """The Council's members serving at any time from `first` to `last` (within one year)."""
    terms, cohorts = _hrc_terms()
    if year < cohorts[0][0].year:
        raise InputError(f"no Human Rights Council membership for {year}: the Council first met on "
                         f"{cohorts[0][0]}; its predecessor, the Commission on Human Rights, is not entered")
    if year > max(c[1].year for c in cohorts):
        raise InputError(f"no Human Rights Council membership data for {year} (not entered: unknown); held for "
                         f"{cohorts[0][0].year}-{max(c[1].year for c in cohorts)}")
    if last < cohorts[0][0]:
        raise InputError(f"the Human Rights Council first met on {cohorts[0][0]}; no members on {last}")
    first = max(first, cohorts[0][0])

    def unknown_on(day: dt.date) -> int:
        return HRC_SEATS - sum(n for start, end, n in cohorts if start <= day <= end)

    serving = [t for t in terms if t.start <= last and t.end >= first]
    seats = tuple(sorted((Seat(t.country, False, t.citation, "; ".join(t.notes), t.start, t.end, t.checked, t.source)
                          for t in serving), key=lambda s: (s.country, s.start or dt.date.min)))
    unknown = max(unknown_on(first), unknown_on(last), 0)
    return Membership("HRC", year, seats, unknown, first if first == last else None)


HRC_SEATS = 47  # A/RES/60/251, para. 7


def hrc_years() -> range:
    """The years for which Human Rights Council members are entered (fully or in part): 2006 on."""
    _, cohorts = _hrc_terms()
    return range(cohorts[0][0].year, max(c[1].year for c in cohorts) + 1)


def hrc_members(year: int) -> Membership:
    """The members of the Human Rights Council at any time in `year`, with terms and mid-term changes.

    Before 2013 the membership year ran from 19 June, so a year then holds the outgoing and the incoming third
    (each seat says when its term began and ended). A year after the last entered election has
    `unknown_seats` > 0; a year before the Council or after the data is an InputError.
    """
    return _hrc_membership(year, dt.date(year, 1, 1), dt.date(year, 12, 31))


def hrc_members_on(day: dt.date) -> Membership:
    """The members of the Human Rights Council on one day (47, less any seat left vacant)."""
    return _hrc_membership(day.year, day, day)


def hrc_groups() -> dict[str, int]:
    """Seats by UN regional group (A/RES/60/251, para. 7)."""
    return dict(_load("human_rights_council.yaml")["seats_by_group"])


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
