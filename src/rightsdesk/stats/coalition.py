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
from collections.abc import Callable
from dataclasses import dataclass

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.model.countries import country
from rightsdesk.situation.records import resolutions, situation_called, situation_state
from rightsdesk.store import ReadSession
from rightsdesk.store.readers.holdings import voting_spans
from rightsdesk.store.readers.votes import RollCall, roll_call

__all__ = ["CELLS", "SORTS", "Coalition", "StateVotes", "absence", "coalition", "voting_spans"]

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


@dataclass(frozen=True)
class StateVotes:
    """One state's row: its votes on each resolution (a CELLS value per column) and its tally."""

    country: str
    name: str
    regional_group: str
    votes: tuple[str, ...]

    def count(self, vote: str) -> int:
        """How many of the state's cells are `vote`."""
        return sum(1 for v in self.votes if v == vote)

    @property
    def yes_share(self) -> float:
        """The share of yes among the votes it cast (0.0 where it cast none), to three places."""
        cast = sum(self.count(k) for k in ("yes", "no", "abstain"))
        return round(self.count("yes") / cast, 3) if cast else 0.0

    def to_dict(self) -> dict[str, str | int | float | list[str]]:
        """`{country, name, regional_group, votes, yes, no, abstain, yes_share}`."""
        return {"country": self.country, "name": self.name, "regional_group": self.regional_group,
                "votes": list(self.votes), "yes": self.count("yes"), "no": self.count("no"),
                "abstain": self.count("abstain"), "yes_share": self.yes_share}


@dataclass(frozen=True)
class Coalition:
    """States × recorded votes on the resolutions on a situation: the roll calls (columns, oldest first) and
    the states (rows, in the order `sort` asked for)."""

    country: str
    sort: str
    resolutions: tuple[RollCall, ...]
    states: tuple[StateVotes, ...]

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `/api/v1/coalition/{iso3}`."""
        columns = [{"symbol": c.symbol, "date": c.date.isoformat() if c.date else None, "yes": c.yes, "no": c.no,
                    "abstain": c.abstain} for c in self.resolutions]
        return {"country": self.country, "sort": self.sort, "resolutions": columns,
                "states": [s.to_dict() for s in self.states], "cells": list(CELLS)}


def coalition(session: ReadSession, state: str, sort: str = "yes") -> Coalition:
    """States × recorded votes on the resolutions on `state`'s situation, sorted by `sort` (see SORTS)."""
    iso3 = country(state).iso3
    if iso3 != situation_state():
        raise InputError(f"resolutions are held for {situation_called()} ({situation_state()}) only, not {iso3}")
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    calls = _calls(session)
    cast: dict[str, dict[int, str]] = {}
    named: dict[str, tuple[str, str]] = {}
    for i, call in enumerate(calls):
        for v in call.votes:
            named.setdefault(v.country, (v.name or v.country, v.regional_group or ""))
            cast.setdefault(v.country, {})[i] = v.vote
    spans = voting_spans(session) if calls else {}
    rows = [StateVotes(code, *named[code], tuple(votes.get(i) or absence(spans, code, c.date)
                                                 for i, c in enumerate(calls)))
            for code, votes in cast.items()]
    keys: dict[str, Callable[[StateVotes], tuple[str | float, ...]]] = {
        "yes": lambda r: (-r.yes_share, r.regional_group, r.name),
        "group": lambda r: (r.regional_group, -r.yes_share, r.name),
        "country": lambda r: (r.name,)}
    rows.sort(key=keys[sort])
    return Coalition(country=iso3, sort=sort, resolutions=tuple(calls), states=tuple(rows))
