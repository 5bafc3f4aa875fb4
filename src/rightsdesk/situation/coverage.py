"""What the data on a page covers, and what is known to be missing: the line every list, chart and dashboard
shows beside its numbers ("UPR recommendations: Working Group sessions 1-20 ...; cycle 3 (2019) and cycle 4
(2024) not loaded").

Each function reads what the store holds (or the resolutions entered) and returns a `Coverage`: the period held,
and the gaps known, each with what to do about it where something can be done. Nothing is assumed: a gap is
named only where the reviews, the resolutions or the lists entered say what should be there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rightsdesk.mechanisms.upr_reviews import reviews_of, upr_cycles
from rightsdesk.situation.records import resolutions
from rightsdesk.store import ReadSession
from rightsdesk.store.readers import holdings

INGEST_HINT = "load the Working Group report with `rightsdesk ingest upr-report`"
_YEAR = dt.timedelta(days=365)  # the General Assembly votes every session: a year without a vote is a gap


def today() -> dt.date:
    """Today (a function, so that the coverage of a given day can be tested)."""
    return dt.date.today()


@dataclass(frozen=True)
class Coverage:
    """What one kind of data on a page covers (`covers`) and the gaps known in it (`missing`)."""

    what: str
    covers: str
    missing: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """JSON shape: what, covers, missing."""
        return {"what": self.what, "covers": self.covers, "missing": list(self.missing)}


def _sessions(sessions: Iterable[int]) -> str:
    held = sorted(set(sessions))
    if not held:
        return "none"
    runs: list[str] = []
    start = prev = held[0]
    for s in [*held[1:], None]:
        if s is not None and s == prev + 1:
            prev = s
            continue
        runs.append(f"{start}" if start == prev else f"{start}-{prev}")
        if s is not None:
            start = prev = s
    return ", ".join(runs)


def _cycle_years(cycles: Iterable[int]) -> str:
    known = upr_cycles()
    return ", ".join(f"cycle {c} ({known[c].years})" if c in known else f"cycle {c}" for c in sorted(set(cycles)))


def upr_coverage(session: ReadSession, states: Iterable[str] = ()) -> Coverage:
    """UPR recommendations: the sessions and cycles held (for the states under review given, or all), and the
    reviews entered for those states whose recommendations are not loaded."""
    chosen = sorted(set(states))
    rows = holdings.upr_sessions(session, chosen)
    sessions = {s for s, _, _ in rows}
    total = sum(n for _, _, n in rows)
    who = f" to {', '.join(chosen)}" if chosen else ""
    covers = (f"{total:,} UPR recommendations{who}, Working Group sessions {_sessions(sessions)} "
              f"({_cycle_years(c for _, c, _ in rows)})") if rows else f"no UPR recommendations{who} loaded"
    missing = []
    for state in chosen:
        absent = [r for r in reviews_of(state) if r.session not in sessions]
        if absent:
            reviews = " and ".join(f"cycle {r.cycle} ({r.date[:4]}, session {r.session}"
                                   + (f", {r.report})" if r.report else
                                      ", report symbol not confirmed)" if r.unconfirmed else ")")
                                   for r in absent)
            missing.append(f"{state}: {reviews} not loaded: {INGEST_HINT}")
    if not chosen and sessions:
        current = max(upr_cycles().values(), key=lambda c: c.cycle)
        if max(sessions) < current.last_session:
            missing.append(f"Working Group sessions from {max(sessions) + 1} on not loaded (the data loaded stop "
                           f"at session {max(sessions)}; cycle {current.cycle} ({current.years}) runs to session "
                           f"{current.last_session}): {INGEST_HINT}")
    return Coverage("UPR recommendations", covers, tuple(missing))


def vote_coverage(session: ReadSession) -> Coverage:
    """Recorded General Assembly votes: the dates and sessions held; resolutions adopted without a vote have no
    roll call, and are counted from the resolutions entered."""
    first, last, n, s1, s2 = holdings.roll_call_span(session)
    covers = (f"{n:,} recorded General Assembly votes, {first} to {last} (sessions {s1}-{s2})" if n
              else "no recorded votes loaded")
    without = [r for r in resolutions() if r.without_vote]
    missing = [f"recorded votes after {last} (the data loaded end there)"] if last and last < today() - _YEAR else []
    missing += ["Resolutions adopted without a vote have no roll call: "
               f"{len(without)} of the {len(resolutions())} resolutions on the DPRK entered, "
               f"{min(r.date.earliest.year for r in without)}-{max(r.date.earliest.year for r in without)} "
               "(see /resolutions/PRK)"] if without else []
    return Coverage("Recorded votes", covers, tuple(missing))


def resolution_coverage() -> Coverage:
    """The resolutions on the situation in the DPRK entered: years, and how many were adopted without a vote."""
    rs = resolutions()
    voted = [r for r in rs if r.without_vote is False]
    unknown = [r for r in rs if r.without_vote is None]
    years = f"{min(r.date.earliest.year for r in rs)}-{max(r.date.earliest.year for r in rs)}" if rs else ""
    covers = (f"{len(rs)} resolutions on the DPRK (Commission on Human Rights, Human Rights Council, General "
              f"Assembly), {years}: {len(voted)} by recorded vote, {len(rs) - len(voted) - len(unknown)} without a "
              "vote")
    missing = [f"{len(unknown)} entered without the manner of adoption"] if unknown else []
    last_voted = max((r.date.earliest.year for r in voted), default=None)
    if last_voted:
        missing.append(f"no recorded vote after {last_voted}: later resolutions were adopted without a vote, so "
                       "the vote charts stop there")
    return Coverage("Resolutions", covers, tuple(missing))


def designation_coverage(session: ReadSession) -> Coverage:
    """The sanctions lists held, each with the day its snapshot was issued (where the file says)."""
    rows = holdings.designation_lists(session)
    covers = "; ".join(f"{name}: {n:,} designations" + (f", list issued {issued}" if issued else ", issue date "
                                                          "not given in the file") for name, n, issued in rows)
    return Coverage("Designations", covers or "no sanctions list loaded",
                    ("only the lists named are held; a designation made or lifted after a list's issue date is "
                     "not shown",))


def timeline_coverage(events: list[dict[str, Any]]) -> Coverage:
    """The timeline shown: how many events, from when to when, and that it is a selection, not a record."""
    dates = sorted(str(e["date"]) for e in events if e.get("date"))
    covers = f"{len(events)} events, {dates[0]} to {dates[-1]}" if dates else "no events under these filters"
    return Coverage("Timeline", covers, ("a selection entered by hand from the essay and UN documents, not every "
                                         "meeting or report; UPR recommendations, votes and designations are on "
                                         "their own pages",))
