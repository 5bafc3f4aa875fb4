"""What search reads of the recommendations beside its indexes: the rows a ranking names, how many are held, and
the official issue labels that judge an evaluation. Public UN data.

Each takes the `ReadSession` asking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from rightsdesk.store import ReadSession, schema


@dataclass(frozen=True)
class RecommendationSummary:
    """What a search result shows of a recommendation: its text, official issues, states and session."""

    id: str
    text: str
    issues: tuple[str, ...]
    to_state: str
    from_state: str | None
    session: int


def recommendation_summaries(session: ReadSession, ids: Sequence[str]) -> dict[str, RecommendationSummary]:
    """The recommendations of `ids` that the store holds, by id."""
    if not ids:
        return {}
    t = schema.upr_recommendation
    q = select(t.c.id, t.c.text, t.c.issues, t.c.to_state, t.c.from_state, t.c.session).where(t.c.id.in_(list(ids)))
    return {str(r[0]): RecommendationSummary(str(r[0]), r[1], tuple(r[2] or ()), r[3], r[4], int(r[5]))
            for r in session.conn.execute(q).tuples()}


def recommendation_count(session: ReadSession) -> int:
    """How many recommendations the store holds."""
    return int(session.conn.scalar(select(func.count()).select_from(schema.upr_recommendation)) or 0)


def official_issues(session: ReadSession) -> dict[str, frozenset[str]]:
    """Each officially labelled recommendation's issues (UPR Info's), by id."""
    i = schema.upr_recommendation_issue
    out: dict[str, set[str]] = {}
    for ref, issue in session.conn.execute(select(i.c.recommendation_id, i.c.issue)).tuples():
        out.setdefault(str(ref), set()).add(str(issue))
    return {ref: frozenset(labels) for ref, labels in out.items()}
