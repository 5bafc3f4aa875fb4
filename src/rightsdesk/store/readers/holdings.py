"""What the store holds, summarised for the workbench's coverage notes, roll calls and sources page: UPR sessions
and cycles held, the span of the recorded votes, each state's first and last recorded vote, the lists held with
their issue dates, the files loaded (named by file, never by their path on the server), and what the store holds
about one state (`country_overview`). Public data only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import func, select

from rightsdesk.store import ReadSession, schema
from rightsdesk.store.readers.designations import TiedCount, designations_tied_by, tied_to_state
from rightsdesk.store.readers.recommendations import effective_response


def upr_sessions(session: ReadSession, states: Sequence[str] = ()) -> list[tuple[int, int, int]]:
    """(session, cycle, recommendations) held, for the states under review given (or all)."""
    t = schema.upr_recommendation
    q = select(t.c.session, t.c.cycle, func.count()).group_by(t.c.session, t.c.cycle)
    if states:
        q = q.where(t.c.to_state.in_(list(states)))
    return [(int(s), int(c), int(n)) for s, c, n in session.conn.execute(q).tuples()]


def roll_call_span(session: ReadSession) -> tuple[dt.date | None, dt.date | None, int, int | None, int | None]:
    """(first date, last date, count, first session, last session) of the roll calls held."""
    rc = schema.roll_call
    first, last, n, s1, s2 = session.conn.execute(select(func.min(rc.c.date), func.max(rc.c.date), func.count(),
                                                 func.min(rc.c.session), func.max(rc.c.session))).one()
    return first, last, int(n), s1, s2


def voting_spans(session: ReadSession, except_for: Collection[str] = ()) -> dict[str, tuple[dt.date, dt.date]]:
    """Each state's first and last recorded vote day in the store (of the states not in `except_for`: those that
    voted in one roll call need no span to tell whether they were absent from it, and leaving them out reads a
    fraction of the votes)."""
    v, rc = schema.country_vote, schema.roll_call
    q = (select(v.c.country, func.min(rc.c.date), func.max(rc.c.date)).join(rc, rc.c.rcid == v.c.rcid)
         .where(rc.c.date.is_not(None)).group_by(v.c.country))
    if except_for:
        q = q.where(v.c.country.not_in(sorted(except_for)))
    return {c: (first, last) for c, first, last in session.conn.execute(q).tuples() if first and last}


def designation_lists(session: ReadSession) -> list[tuple[str, int, dt.date | None]]:
    """(list, designations, the latest issue date of its files) for each list held."""
    d, s = schema.designation, schema.source
    q = (select(d.c.list_name, func.count(), func.max(s.c.issued)).join(s, s.c.id == d.c.source_id)
         .group_by(d.c.list_name).order_by(d.c.list_name))
    return [(str(name), int(n), issued) for name, n, issued in session.conn.execute(q).tuples()]


@dataclass(frozen=True)
class LoadedSource:
    """A file loaded: its dataset, file name (never its path on the server), document symbol, sha256, issue
    date, when it was loaded and by which ingestor (name and version), and how many records it gave."""

    dataset: str
    file: str
    symbol: str | None
    sha256: str
    issued: dt.date | None
    loaded_at: dt.datetime | None
    ingestor: str
    records: int

    def to_dict(self) -> dict[str, str | int | None]:
        """`{dataset, file, symbol, sha256, issued, loaded_at, ingestor, records}`, dates in ISO form."""
        return {"dataset": self.dataset, "file": self.file, "symbol": self.symbol, "sha256": self.sha256,
                "issued": self.issued.isoformat() if self.issued else None,
                "loaded_at": self.loaded_at.isoformat(timespec="seconds") if self.loaded_at else None,
                "ingestor": self.ingestor, "records": self.records}


def loaded_sources(session: ReadSession) -> list[LoadedSource]:
    """The files loaded, by dataset and path."""
    s = schema.source
    rows = session.conn.execute(select(s.c.dataset, s.c.path, s.c.symbol, s.c.sha256, s.c.issued, s.c.loaded_at,
                                       s.c.ingestor, s.c.ingestor_version, s.c.records)
                                .order_by(s.c.dataset, s.c.path)).tuples()
    return [LoadedSource(dataset, PurePath(str(path).replace("\\", "/")).name, symbol, sha, issued, loaded_at,
                         f"{ingestor} {version}", records)
            for dataset, path, symbol, sha, issued, loaded_at, ingestor, version, records in rows]


@dataclass(frozen=True)
class CountryHoldings:
    """What the store holds about one state: UPR recommendations to it (by cycle and response) and by it, its
    recorded votes, and the designations tied to it per list (with how they were counted)."""

    country: str
    received_by_cycle: dict[str, dict[str, int]]
    made: int
    votes_cast: dict[str, int]
    designations: dict[str, int]
    tied_by: TiedCount

    @property
    def received(self) -> int:
        """How many UPR recommendations the state received, in all cycles."""
        return sum(sum(c.values()) for c in self.received_by_cycle.values())

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `rightsdesk overview --json`."""
        return {"country": self.country,
                "upr_recommendations_received": {"total": self.received,
                                                 "by_cycle": {k: dict(v) for k, v in self.received_by_cycle.items()}},
                "upr_recommendations_made": self.made, "votes_cast": dict(self.votes_cast),
                "designations": dict(self.designations), "designations_tied_by": self.tied_by.to_dict()}


def country_overview(session: ReadSession, iso3: str) -> CountryHoldings:
    """What the store holds about one state (public data: every principal may ask)."""
    conn, t, v, d = session.conn, schema.upr_recommendation, schema.country_vote, schema.designation
    by_cycle: dict[str, dict[str, int]] = defaultdict(dict)
    response = effective_response(t)  # as the rows show it: UPR Info's, else the Working Group report's
    for cyc, resp, n in session.conn.execute(select(t.c.cycle, response, func.count()).where(t.c.to_state == iso3)
                                     .group_by(t.c.cycle, response)).tuples():
        by_cycle[str(cyc)][resp or "none"] = int(n)
    made = conn.scalar(select(func.count()).select_from(t).where(t.c.from_state == iso3)) or 0
    votes = dict(session.conn.execute(select(v.c.vote, func.count()).where(v.c.country == iso3).group_by(v.c.vote))
                 .tuples().all())
    per_list = session.conn.execute(select(d.c.list_name, func.count()).where(tied_to_state(iso3))
                            .group_by(d.c.list_name).order_by(d.c.list_name)).tuples()
    return CountryHoldings(country=iso3, received_by_cycle=dict(by_cycle), made=int(made),
                           votes_cast={k: int(votes.get(k, 0)) for k in ("yes", "no", "abstain")},
                           designations={name: int(n) for name, n in per_list},
                           tied_by=designations_tied_by(session, iso3))
