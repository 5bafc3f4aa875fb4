"""The `situation` overview of a state: mechanisms engaged, latest outputs, counts from the store, next dates.

What the store holds about a state is computed once, by `holdings`, for the CLI's `overview` and `situation`,
the country page and the API alike; without a store the counts are omitted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rightsdesk.store import ReadSession
    from rightsdesk.store.readers.holdings import CountryHoldings
    from rightsdesk.store.readers.votes import RollCallSummary

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.memberships import council_members, hrc_members
from rightsdesk.mechanisms.registry import mechanisms
from rightsdesk.model.countries import country, existing_state, names_state
from rightsdesk.situation.calendar import calendar
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


def store_counts(session: ReadSession, iso3: str) -> dict[str, Any]:
    """The counts of `holdings` that the situation overview shows."""
    found = holdings(session, iso3)
    return {"upr_recommendations_by_cycle": {k: dict(v) for k, v in found.held.received_by_cycle.items()},
            "roll_calls_naming_state": found.roll_calls_naming_state,
            "designations": dict(found.held.designations),
            "designations_tied_by": found.held.tied_by.to_dict()}


def _seats(iso3: str, year: int) -> dict[str, Any]:
    seats: dict[str, Any] = {}
    try:
        seats["security_council"] = iso3 in council_members(year).members
    except InputError:
        seats["security_council"] = None
    try:
        hrc = hrc_members(year)
        seats["human_rights_council"] = True if iso3 in hrc.members else (False if hrc.complete else None)
        if seats["human_rights_council"] is None:
            seats["human_rights_council_note"] = f"not among the members entered; {hrc.unknown_seats} seats unknown"
    except InputError:
        seats["human_rights_council"] = None
        seats["human_rights_council_note"] = f"no membership data for {year}"
    return seats


def situation(state: str, session: ReadSession | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """The overview of `state`: which mechanisms are engaged, the latest outputs, counts (with a `session` of the
    store) and next dates."""
    iso3 = existing_state(state).iso3
    today = today or dt.date.today()
    events = timeline(iso3)
    codes = sorted({e.mechanism for e in events if e.mechanism in mechanisms()})
    out: dict[str, Any] = {
        "country": iso3,
        "name": country(iso3).name,
        "mechanisms_engaged": [{"code": c, "name": mechanisms()[c].name} for c in codes],
        "seats": {"year": today.year, **_seats(iso3, today.year)},
        "latest_outputs": [e.as_dict() for e in reversed([e for e in events if e.mechanism in mechanisms()][-5:])],
        "events": len(events),
        "next_dates": [e.as_dict() for e in calendar(iso3, today)],
    }
    if session is not None:
        out["counts"] = store_counts(session, iso3)
    return out
