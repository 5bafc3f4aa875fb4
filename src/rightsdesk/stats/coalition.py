"""The coalition view: every state's recorded votes on the General Assembly resolutions on a situation.

Rows are states, columns the resolutions (oldest first); each row counts its yes, no and abstain and its share
of yes among the votes it cast. The resolutions are those held by `situation.records` (the DPRK's); the votes
come from the store. Sorting is by regional group or by share of yes.

A state that cast no vote in a roll call was either absent (a member that did not vote) or not yet (or no longer)
a member: the source records neither. `voting_spans` tells them apart by the dates of each state's first and last
recorded vote in the store (South Sudan votes from 2011, so it was no member in 2005-2010; Serbia and Montenegro
votes 2000-2006). Each cell is one of CELLS.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.model.countries import country
from rightsdesk.situation.records import resolutions, situation_called, situation_state
from rightsdesk.store import ReadSession
from rightsdesk.store.readers.holdings import voting_spans
from rightsdesk.store.readers.votes import RollCall, roll_call

__all__ = ["CELLS", "SORTS", "absence", "coalition", "voting_spans"]

SORTS = ("yes", "group", "country")
CELLS = ("yes", "no", "abstain", "absent", "non-member")


def absence(spans: dict[str, tuple[dt.date, dt.date]], state: str, day: dt.date | str | None) -> str:
    """"absent" when `state` was a member on `day` (within its voting span) but did not vote, else
    "non-member"."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    span = spans.get(state)
    if span is None or day is None:
        return "non-member"
    return "absent" if span[0] <= day <= span[1] else "non-member"


def _calls(session: ReadSession) -> list[RollCall]:
    calls = []
    for r in resolutions():
        if r.body != "GA" or not r.symbol or r.without_vote:
            continue
        try:
            calls.append(roll_call(session, r.symbol))
        except NotFoundError:
            continue  # not in the loaded data
    return calls


def coalition(session: ReadSession, state: str, sort: str = "yes") -> dict[str, Any]:
    """States × recorded votes on the resolutions on `state`'s situation, sorted by `sort` (see SORTS)."""
    iso3 = country(state).iso3
    if iso3 != situation_state():
        raise InputError(f"resolutions are held for {situation_called()} ({situation_state()}) only, not {iso3}")
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    calls = _calls(session)
    states: dict[str, dict[str, Any]] = {}
    for i, call in enumerate(calls):
        for v in call.votes:
            row = states.setdefault(v.country, {"country": v.country, "name": v.name or v.country,
                                                "regional_group": v.regional_group or "",
                                                "votes": [None] * len(calls)})
            row["votes"][i] = v.vote
    spans = voting_spans(session) if calls else {}
    for row in states.values():
        row["votes"] = [v or absence(spans, row["country"], calls[i].date) for i, v in enumerate(row["votes"])]
    rows = [_tally(r) for r in states.values()]
    keys = {"yes": lambda r: (-r["yes_share"], r["regional_group"], r["name"]),
            "group": lambda r: (r["regional_group"], -r["yes_share"], r["name"]),
            "country": lambda r: (r["name"],)}
    rows.sort(key=keys[sort])
    columns = [{"symbol": c.symbol, "date": c.date.isoformat() if c.date else None, "yes": c.yes, "no": c.no,
                "abstain": c.abstain} for c in calls]
    return {"country": iso3, "sort": sort, "resolutions": columns, "states": rows, "cells": list(CELLS)}


def _tally(row: dict[str, Any]) -> dict[str, Any]:
    cast = [v for v in row["votes"] if v in ("yes", "no", "abstain")]
    counts = {k: sum(1 for v in cast if v == k) for k in ("yes", "no", "abstain")}
    share = round(counts["yes"] / len(cast), 3) if cast else 0.0
    return {**row, **counts, "yes_share": share}
