"""The `situation` overview of a state: mechanisms engaged, latest outputs, counts from the store, next dates.

Counts from the store (UPR recommendations by cycle and response, GA roll calls naming the state, designations
with its nationality) are read with SQLAlchemy Core from the spine's tables; without a store they are omitted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, func, or_, select

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.memberships import council_members, hrc_members
from rightsdesk.mechanisms.registry import mechanisms
from rightsdesk.model.countries import country
from rightsdesk.situation.calendar import calendar
from rightsdesk.situation.timeline import timeline


def store_counts(engine: Engine, iso3: str) -> dict[str, Any]:
    """Counts from the spine for a state: UPR recommendations to it by cycle and response, GA roll calls whose
    title names it, and designations of its nationals."""
    from rightsdesk.store import schema as s  # the store is optional for this module

    name = country(iso3).name
    with engine.connect() as conn:
        upr = conn.execute(select(s.upr_recommendation.c.cycle, s.upr_recommendation.c.response, func.count())
                           .where(s.upr_recommendation.c.to_state == iso3)
                           .group_by(s.upr_recommendation.c.cycle, s.upr_recommendation.c.response)).all()
        roll_calls = conn.execute(select(func.count()).select_from(s.roll_call).where(or_(
            s.roll_call.c.description.ilike(f"%{name}%"), s.roll_call.c.short_title.ilike(f"%{name}%")))).scalar()
        designations = conn.execute(select(func.count()).select_from(s.designation_nationality)
                                    .where(s.designation_nationality.c.country == iso3)).scalar()
    by_cycle: dict[str, dict[str, int]] = {}
    for cycle, response, n in upr:
        by_cycle.setdefault(str(cycle), {})[response or "unknown"] = n
    return {"upr_recommendations_by_cycle": by_cycle, "roll_calls_naming_state": roll_calls or 0,
            "designations_of_nationals": designations or 0}


def _seats(iso3: str, year: int) -> dict[str, Any]:
    seats: dict[str, Any] = {}
    try:
        seats["security_council"] = iso3 in council_members(year).members
    except InputError:
        seats["security_council"] = None
    try:
        hrc = hrc_members(year)
        seats["human_rights_council"] = True if iso3 in hrc.members else (False if hrc.complete else None)
    except InputError:
        seats["human_rights_council"] = None
    return seats


def situation(state: str, engine: Engine | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """The overview of `state`: which mechanisms are engaged, the latest outputs, counts and next dates."""
    iso3 = country(state).iso3
    today = today or dt.date.today()
    events = timeline(iso3)
    codes = sorted({e.mechanism for e in events if e.mechanism in mechanisms()})
    out: dict[str, Any] = {
        "country": iso3,
        "name": country(iso3).name,
        "mechanisms_engaged": [{"code": c, "name": mechanisms()[c].name} for c in codes],
        "seats": {"year": today.year, **_seats(iso3, today.year)},
        "latest_outputs": [e.as_dict() for e in events[-5:]],
        "events": len(events),
        "next_dates": [e.as_dict() for e in calendar(iso3, today)],
    }
    if engine is not None:
        out["counts"] = store_counts(engine, iso3)
    return out
