"""Recorded General Assembly votes: one roll call with each state's vote, and roll calls with their totals.
Public UN data: these answer every principal.

    with store.reading(ANONYMOUS) as session:
        call = roll_call(session, "A/RES/69/188")
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from rightsdesk.errors import NotFoundError
from rightsdesk.model.symbols import DocumentSymbol
from rightsdesk.store import ReadSession, schema

VoteJson = dict[str, str | None]
RollCallJson = dict[str, str | int | bool | list[str] | list[int] | list[VoteJson] | None]
SummaryJson = dict[str, str | int | list[str] | None]


@dataclass(frozen=True)
class StateVote:
    """One state's vote in a roll call, with the state's name and UN regional group (None where unknown)."""

    country: str
    vote: str
    name: str | None
    regional_group: str | None

    def to_dict(self) -> VoteJson:
        """`{country, vote, name, regional_group}`."""
        return {"country": self.country, "vote": self.vote, "name": self.name, "regional_group": self.regional_group}


@dataclass(frozen=True)
class RollCall:
    """The recorded vote on a resolution as a whole: totals, each state's vote, and the other roll calls held
    under the same symbol (on amendments or paragraphs)."""

    symbol: str
    rcid: int
    date: dt.date | None
    session: int
    title: str
    description: str
    important_vote: bool
    yes: int
    no: int
    abstain: int
    issues: tuple[str, ...]
    other_roll_calls: tuple[int, ...]
    votes: tuple[StateVote, ...]

    def to_dict(self) -> RollCallJson:
        """The JSON shape of `rightsdesk votes --json` before its trimming, and of `/api/v1/votes/{symbol}`."""
        return {"symbol": self.symbol, "rcid": self.rcid, "date": self.date.isoformat() if self.date else None,
                "session": self.session, "title": self.title, "description": self.description,
                "important_vote": self.important_vote, "yes": self.yes, "no": self.no, "abstain": self.abstain,
                "issues": list(self.issues), "other_roll_calls": list(self.other_roll_calls),
                "votes": [v.to_dict() for v in self.votes]}


@dataclass(frozen=True)
class RollCallSummary:
    """A roll call with its totals (no states' votes)."""

    rcid: int
    symbol: str | None
    date: dt.date | None
    session: int
    short_title: str
    description: str
    issues: tuple[str, ...]
    yes: int
    no: int
    abstain: int

    def to_dict(self) -> SummaryJson:
        """`{rcid, symbol, date, session, short_title, description, issues, yes, no, abstain}`."""
        return {"rcid": self.rcid, "symbol": self.symbol, "date": self.date.isoformat() if self.date else None,
                "session": self.session, "short_title": self.short_title, "description": self.description,
                "issues": list(self.issues), "yes": self.yes, "no": self.no, "abstain": self.abstain}


def roll_call(session: ReadSession, symbol: str) -> RollCall:
    """The recorded vote on a resolution as a whole, with totals and each state's vote; NotFoundError if none.

    Where the data holds several roll calls under one symbol (votes on amendments or paragraphs), the vote on
    the whole text is chosen: not an amendment, not a paragraph, the latest of those.
    """
    sym = str(DocumentSymbol.parse(symbol))
    rc = schema.roll_call
    rows = session.conn.execute(select(rc).where(rc.c.symbol == sym)
                                .order_by(rc.c.amendment, rc.c.paragraph, rc.c.rcid.desc())).all()
    if not rows:
        raise NotFoundError(f"no recorded vote on {sym} in the store")
    call = rows[0]
    votes = roll_call_votes(session, call.rcid)
    totals = Counter(v.vote for v in votes)
    return RollCall(symbol=sym, rcid=call.rcid, date=call.date, session=call.session,
                    title=call.short_title or call.description, description=call.description,
                    important_vote=call.important_vote, yes=totals["yes"], no=totals["no"],
                    abstain=totals["abstain"], issues=tuple(call.issues),
                    other_roll_calls=tuple(r.rcid for r in rows[1:]), votes=tuple(votes))


def absent_from(session: ReadSession, rcid: int, day: dt.date | None) -> list[str]:
    """The states absent from roll call `rcid` held on `day`, by country code: those that cast no vote in it but
    were members that day by their own record (a recorded vote on or before the day and one on or after it, as
    `stats.coalition.absence` tells them from non-members). The one definition that `rightsdesk votes`, the
    roll-call page and `/api/v1/votes/{symbol}` show; none when the day is unknown.

    Reads only the votes of the states that did not vote: the states held are found by skipping through
    `ix_vote_country` (a recursive step from one code to the next, not a scan of every vote) less those that voted
    in the roll call, then one grouped statement takes the first and last vote days of those few. The few are
    passed as values, not as a subquery: PostgreSQL cannot estimate the recursive step's rows and would read every
    vote by a hash join (bench/absent.py).
    """
    if day is None:
        return []
    v, rc = schema.country_vote, schema.roll_call
    step = v.alias("later")
    held = select(func.min(v.c.country).label("country")).cte("held", recursive=True)
    held = held.union_all(select(select(func.min(step.c.country)).where(step.c.country > held.c.country)
                                 .scalar_subquery()).where(held.c.country.is_not(None)))
    voted = select(v.c.country).where(v.c.rcid == rcid)
    others = list(session.conn.scalars(select(held.c.country).where(held.c.country.is_not(None),
                                                                     held.c.country.not_in(voted))))
    if not others:
        return []
    q = (select(v.c.country).join(rc, rc.c.rcid == v.c.rcid)
         .where(v.c.country.in_(others), rc.c.date.is_not(None)).group_by(v.c.country)
         .having(func.min(rc.c.date) <= day, func.max(rc.c.date) >= day).order_by(v.c.country))
    return [str(c) for c in session.conn.scalars(q)]


def roll_call_votes(session: ReadSession, rcid: int) -> list[StateVote]:
    """Each state's vote in roll call `rcid`, by country code."""
    v, c = schema.country_vote, schema.country
    q = (select(v.c.country, v.c.vote, c.c.name, c.c.regional_group)
         .join(c, c.c.iso3 == v.c.country, isouter=True).where(v.c.rcid == rcid).order_by(v.c.country))
    return [StateVote(*r) for r in session.conn.execute(q).tuples()]


def roll_calls(session: ReadSession, *, issue: str | None = None, query: str | None = None,
               symbols: Sequence[str] | None = None) -> list[RollCallSummary]:
    """Roll calls with their totals, filtered by issue label, a word in the title, or a list of symbols."""
    rc, v = schema.roll_call, schema.country_vote
    q = select(rc.c.rcid, rc.c.symbol, rc.c.date, rc.c.session, rc.c.short_title, rc.c.description, rc.c.issues)
    if query:
        like = f"%{query.casefold()}%"
        q = q.where(func.lower(rc.c.short_title).like(like) | func.lower(rc.c.description).like(like))
    if symbols is not None:
        q = q.where(rc.c.symbol.in_([str(DocumentSymbol.parse(s)) for s in symbols]))
    calls = list(session.conn.execute(q.order_by(rc.c.date, rc.c.rcid)).tuples())
    if issue:
        calls = [c for c in calls if issue in c[6]]
    totals = (select(v.c.rcid, v.c.vote, func.count().label("n")).group_by(v.c.rcid, v.c.vote)).subquery()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    ids = [c[0] for c in calls]
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for rcid, vote, n in session.conn.execute(select(totals).where(totals.c.rcid.in_(chunk))).tuples():
            counts[rcid][vote] = n
    return [RollCallSummary(rcid=rcid, symbol=symbol, date=date, session=sess, short_title=title,
                            description=description, issues=tuple(issues), yes=counts[rcid].get("yes", 0),
                            no=counts[rcid].get("no", 0), abstain=counts[rcid].get("abstain", 0))
            for rcid, symbol, date, sess, title, description, issues in calls]
