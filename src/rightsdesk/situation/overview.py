"""The `situation` overview of a state: mechanisms engaged, latest outputs, counts from the store, next dates.

What the store holds about a state is computed once, by `holdings`, for the CLI's `overview` and `situation`,
the country page and the API alike; without a store the counts are omitted. `situation` returns a frozen
`Situation` (its `to_dict()` is the JSON of `rightsdesk situation --json` and `/api/v1/countries/{iso3}`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rightsdesk.store import ReadSession
    from rightsdesk.store.readers.holdings import CountryHoldings
    from rightsdesk.store.readers.votes import RollCallSummary

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.memberships import council_members, hrc_members
from rightsdesk.mechanisms.registry import mechanisms
from rightsdesk.model.countries import country, existing_state, names_state
from rightsdesk.situation.calendar import CalendarEntry, calendar
from rightsdesk.situation.records import Event
from rightsdesk.situation.timeline import timeline


def situation_phrase(name: str) -> str:
    """The words that open the title of the GA's resolutions on a state's human-rights situation."""
    return f"situation of human rights in {'the ' if name.startswith('Democratic') else ''}{name}"


@dataclass(frozen=True)
class StateHoldings:
    """What the store holds about a state (`CountryHoldings`), with its name, how many GA roll calls name it,
    and the roll calls on the resolutions on its human-rights situation."""

    held: CountryHoldings
    name: str
    roll_calls_naming_state: int
    resolutions_on_the_state: tuple[RollCallSummary, ...]

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `rightsdesk overview --json`."""
        on_state = [{"symbol": c.symbol, "date": c.date.isoformat() if c.date else None, "yes": c.yes, "no": c.no,
                     "abstain": c.abstain} for c in self.resolutions_on_the_state]
        return {**self.held.to_dict(), "roll_calls_naming_state": self.roll_calls_naming_state,
                "resolutions_on_the_state": on_state, "name": self.name}

    def situation_counts(self) -> dict[str, object]:
        """The counts the situation overview shows (its JSON's `counts`)."""
        return {"upr_recommendations_by_cycle": {k: dict(v) for k, v in self.held.received_by_cycle.items()},
                "roll_calls_naming_state": self.roll_calls_naming_state,
                "designations": dict(self.held.designations),
                "designations_tied_by": self.held.tied_by.to_dict()}


def holdings(session: ReadSession, iso3: str) -> StateHoldings:
    """What the store holds about a state, computed here once for `overview`, `situation`, the country page and
    the API: UPR recommendations to and by it, its recorded votes, designations tied to it (see
    `readers.designations.tied_to_state`), the GA roll calls whose title names it, and among them the recorded votes on the
    resolutions on its human-rights situation."""
    from rightsdesk.store.readers.holdings import country_overview  # the store is optional for this module
    from rightsdesk.store.readers.votes import roll_calls

    state = country(iso3)
    on_situation = [c for c in roll_calls(session, query=situation_phrase(state.name)) if c.symbol]
    candidates = {c.rcid: c for name in {state.name, state.official_name} - {""}
                  for c in roll_calls(session, query=name)}
    naming = {rcid for rcid, c in candidates.items() if names_state(f"{c.short_title}. {c.description}", iso3)}
    return StateHoldings(held=country_overview(session, iso3), name=state.name,
                         roll_calls_naming_state=len(naming | {c.rcid for c in on_situation}),
                         resolutions_on_the_state=tuple(on_situation))



@dataclass(frozen=True)
class Engaged:
    """A mechanism engaged with a state: its code and name."""

    code: str
    name: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name}


@dataclass(frozen=True)
class Seats:
    """Whether a state sits on the Security Council and the Human Rights Council in `year` (None: not known;
    for the HRC `human_rights_council_note` then says why)."""

    year: int
    security_council: bool | None
    human_rights_council: bool | None
    human_rights_council_note: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON shape: year, security_council, human_rights_council, and the note only where there is one."""
        out: dict[str, object] = {"year": self.year, "security_council": self.security_council,
                                  "human_rights_council": self.human_rights_council}
        if self.human_rights_council_note is not None:
            out["human_rights_council_note"] = self.human_rights_council_note
        return out


@dataclass(frozen=True)
class Situation:
    """The overview of a state: the mechanisms engaged, its seats this year, the latest outputs (newest first),
    how many events the timeline holds, the next dates, and what the store holds about it (`counts`, None
    without a store; `counts_note` says why where a caller knows)."""

    country: str
    name: str
    mechanisms_engaged: tuple[Engaged, ...]
    seats: Seats
    latest_outputs: tuple[Event, ...]
    events: int
    next_dates: tuple[CalendarEntry, ...]
    counts: StateHoldings | None = None
    counts_note: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The JSON of `rightsdesk situation --json` and `/api/v1/countries/{iso3}` (`counts` and `counts_note`
        only where there are)."""
        out: dict[str, object] = {
            "country": self.country, "name": self.name,
            "mechanisms_engaged": [m.to_dict() for m in self.mechanisms_engaged],
            "seats": self.seats.to_dict(), "latest_outputs": [e.as_dict() for e in self.latest_outputs],
            "events": self.events, "next_dates": [e.as_dict() for e in self.next_dates],
        }
        if self.counts is not None:
            out["counts"] = self.counts.situation_counts()
        if self.counts_note is not None:
            out["counts_note"] = self.counts_note
        return out


def _seats(iso3: str, year: int) -> Seats:
    try:
        council: bool | None = iso3 in council_members(year).members
    except InputError:
        council = None
    try:
        hrc = hrc_members(year)
    except InputError:
        return Seats(year, council, None, f"no membership data for {year}")
    if iso3 in hrc.members or hrc.complete:
        return Seats(year, council, iso3 in hrc.members)
    return Seats(year, council, None, f"not among the members entered; {hrc.unknown_seats} seats unknown")


def situation(state: str, session: ReadSession | None = None, today: dt.date | None = None) -> Situation:
    """The overview of `state`: which mechanisms are engaged, the latest outputs, counts (with a `session` of the
    store) and next dates."""
    iso3 = existing_state(state).iso3
    today = today or dt.date.today()
    events = timeline(iso3)
    codes = sorted({e.mechanism for e in events if e.mechanism in mechanisms()})
    return Situation(
        country=iso3, name=country(iso3).name,
        mechanisms_engaged=tuple(Engaged(c, mechanisms()[c].name) for c in codes),
        seats=_seats(iso3, today.year),
        latest_outputs=tuple(reversed([e for e in events if e.mechanism in mechanisms()][-5:])),
        events=len(events), next_dates=tuple(calendar(iso3, today)),
        counts=holdings(session, iso3) if session is not None else None)
