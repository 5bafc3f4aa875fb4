"""What the store holds, summarised for the workbench's coverage notes, roll calls and sources page: UPR sessions
and cycles held, the span of the recorded votes, each state's first and last recorded vote, the lists held with
their issue dates, and the files loaded (named by file, never by their path on the server). Public data only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, func, select

from rightsdesk.store import schema


def upr_sessions(conn: Connection, states: Sequence[str] = ()) -> list[tuple[int, int, int]]:
    """(session, cycle, recommendations) held, for the states under review given (or all)."""
    t = schema.upr_recommendation
    q = select(t.c.session, t.c.cycle, func.count()).group_by(t.c.session, t.c.cycle)
    if states:
        q = q.where(t.c.to_state.in_(list(states)))
    return [(int(s), int(c), int(n)) for s, c, n in conn.execute(q).tuples()]


def roll_call_span(conn: Connection) -> tuple[dt.date | None, dt.date | None, int, int | None, int | None]:
    """(first date, last date, count, first session, last session) of the roll calls held."""
    rc = schema.roll_call
    first, last, n, s1, s2 = conn.execute(select(func.min(rc.c.date), func.max(rc.c.date), func.count(),
                                                 func.min(rc.c.session), func.max(rc.c.session))).one()
    return first, last, int(n), s1, s2


def voting_spans(conn: Connection) -> dict[str, tuple[dt.date, dt.date]]:
    """Each state's first and last recorded vote day in the store."""
    v, rc = schema.country_vote, schema.roll_call
    q = (select(v.c.country, func.min(rc.c.date), func.max(rc.c.date)).join(rc, rc.c.rcid == v.c.rcid)
         .where(rc.c.date.is_not(None)).group_by(v.c.country))
    return {c: (first, last) for c, first, last in conn.execute(q).tuples() if first and last}


def designation_lists(conn: Connection) -> list[tuple[str, int, dt.date | None]]:
    """(list, designations, the latest issue date of its files) for each list held."""
    d, s = schema.designation, schema.source
    q = (select(d.c.list_name, func.count(), func.max(s.c.issued)).join(s, s.c.id == d.c.source_id)
         .group_by(d.c.list_name).order_by(d.c.list_name))
    return [(str(name), int(n), issued) for name, n, issued in conn.execute(q).tuples()]


def loaded_sources(conn: Connection) -> list[dict[str, Any]]:
    """The files loaded: dataset, file name, document symbol, sha256, issue date, when loaded and by which
    ingestor, and how many records each gave."""
    s = schema.source
    rows = conn.execute(select(s.c.dataset, s.c.path, s.c.symbol, s.c.sha256, s.c.issued, s.c.loaded_at,
                               s.c.ingestor, s.c.ingestor_version, s.c.records).order_by(s.c.dataset, s.c.path))
    return [{"dataset": r.dataset, "file": PurePath(str(r.path).replace("\\", "/")).name, "symbol": r.symbol,
             "sha256": r.sha256, "issued": r.issued.isoformat() if r.issued else None,
             "loaded_at": r.loaded_at.isoformat(timespec="seconds") if r.loaded_at else None,
             "ingestor": f"{r.ingestor} {r.ingestor_version}", "records": r.records} for r in rows]
