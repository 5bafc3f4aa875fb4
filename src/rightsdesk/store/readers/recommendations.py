"""UPR recommendations as the store holds them, filtered; and the issue labels held. Public UN data: these
answer every principal.

    with store.reading(ANONYMOUS) as session:
        rows = recommendations(session, to="PRK", cycle=2)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from rightsdesk.errors import InputError
from rightsdesk.store import ReadSession, schema

RecommendationJson = dict[str, str | int | list[str] | None]


@dataclass(frozen=True)
class UprRecommendationRow:
    """One UPR recommendation: to and from which state, its text, the response (as cleaned and as written),
    the cycle and session of the review, its issue labels, action category and report paragraph; the recommending
    state as the source wrote it, and the symbol of the Working Group report loaded for it (None when none is)."""

    id: str
    to_state: str
    from_state: str | None
    text: str
    response: str | None
    response_original: str
    cycle: int
    session: int
    issues: tuple[str, ...]
    action_category: int | None
    paragraph: str | None
    from_original: str | None = None
    report_symbol: str | None = None

    def to_dict(self) -> RecommendationJson:
        """The JSON shape of a recommendation (`to`, `from`, ... `id`)."""
        return {"to": self.to_state, "from": self.from_state, "text": self.text, "response": self.response,
                "response_original": self.response_original, "cycle": self.cycle, "session": self.session,
                "issues": list(self.issues), "action_category": self.action_category, "paragraph": self.paragraph,
                "id": self.id}


def effective_response(rows: Any = None) -> ColumnElement[Any]:
    """The response a recommendation shows: its own (UPR Info's), else the one a loaded Working Group report gave
    it (`upr_report_paragraph`, attached by report reconciliation where the row has none). `rows` is the
    recommendation table (the default) or a selection with its `id` and `response` columns. The one expression
    that the `response` filter, the response facet's counts and the rows shown all read, so a row shown "noted"
    is found by `--response noted` and counted under it."""
    t = schema.upr_recommendation if rows is None else rows
    p = schema.upr_report_paragraph.alias("shown_response")  # its own name: a query may join the table too
    return func.coalesce(t.c.response, select(p.c.response).where(p.c.recommendation_id == t.c.id)
                         .correlate_except(p).scalar_subquery())


def recommendations(session: ReadSession, *, to: str | None = None, from_: str | None = None,
                    cycle: int | None = None, session_no: int | None = None, response: str | None = None,
                    issue: str | None = None, limit: int | None = None) -> list[UprRecommendationRow]:
    """UPR recommendations matching every given filter (`session_no`: the Working Group session), in review
    order (session, then recommending state). An issue label no recommendation carries is an InputError naming
    the nearest labels held (an empty answer would look like "none on this issue")."""
    t, p, s = schema.upr_recommendation, schema.upr_report_paragraph, schema.source.alias("report_source")
    q = (select(t.c.id, t.c.to_state, t.c.from_state, t.c.text, effective_response(t),
                t.c.response_original, t.c.cycle, t.c.session, t.c.issues, t.c.action_category,
                func.coalesce(t.c.paragraph, p.c.paragraph), t.c.from_state_original, s.c.symbol)
         .select_from(t.outerjoin(p, p.c.recommendation_id == t.c.id).outerjoin(s, s.c.id == p.c.source_id)))
    for column, value in ((t.c.to_state, to), (t.c.from_state, from_), (t.c.cycle, cycle),
                          (t.c.session, session_no), (effective_response(t), response)):
        if value is not None:
            q = q.where(column == value)
    if issue is not None:
        _check_issue(session, issue)
        i = schema.upr_recommendation_issue
        q = q.where(t.c.id.in_(select(i.c.recommendation_id).where(func.lower(i.c.issue) == issue.casefold())))
    q = q.order_by(t.c.session, t.c.to_state, t.c.from_state, t.c.id)
    if limit is not None:
        q = q.limit(limit)
    return [UprRecommendationRow(id=r[0], to_state=r[1], from_state=r[2], text=r[3], response=r[4],
                                 response_original=r[5], cycle=r[6], session=r[7], issues=tuple(r[8]),
                                 action_category=r[9], paragraph=r[10], from_original=r[11], report_symbol=r[12])
            for r in session.conn.execute(q).tuples()]


def _check_issue(session: ReadSession, issue: str) -> None:
    """InputError unless some recommendation carries the label `issue` (case aside), naming the nearest held."""
    known = {label.casefold(): label for label in upr_issues(session)}
    if issue.casefold() in known:
        return
    wanted = issue.casefold().strip()
    containing = [label for label in sorted(known) if wanted and wanted in label]  # "torture": "torture and ..."
    near = list(dict.fromkeys([*containing, *difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.5)]))[:3]
    hint = (f"; did you mean {' or '.join(repr(known[n]) for n in near)}?" if near else
            "; the labels are UPR Info's: `rightsdesk recommendations --json` shows each recommendation's")
    raise InputError(f"unknown issue {issue[:80]!r}: no recommendation carries it{hint}")


def upr_issues(session: ReadSession) -> list[str]:
    """Every issue label in the store."""
    i = schema.upr_recommendation_issue
    return list(session.conn.scalars(select(i.c.issue).distinct().order_by(i.c.issue)))


@dataclass(frozen=True)
class RecommendationText:
    """A recommendation as a tagger learns from it: id, text, session, and the official issues and action category
    (empty and None where the source gave none)."""

    id: str
    text: str
    session: int
    issues: tuple[str, ...]
    action_category: int | None

    def to_dict(self) -> RecommendationJson:
        """The JSON shape (`id`, `text`, `session`, `issues`, `action_category`)."""
        return {"id": self.id, "text": self.text, "session": self.session, "issues": list(self.issues),
                "action_category": self.action_category}


def recommendation_texts(session: ReadSession, sessions: Iterable[int] | None = None) -> list[RecommendationText]:
    """Every recommendation's text and official labels (of the Working Group `sessions` only, if given), by
    session and id."""
    t = schema.upr_recommendation
    q = select(t.c.id, t.c.text, t.c.session, t.c.issues, t.c.action_category).order_by(t.c.session, t.c.id)
    if sessions is not None:
        q = q.where(t.c.session.in_(list(sessions)))
    return [RecommendationText(r.id, r.text, int(r.session), tuple(r.issues or ()), r.action_category)
            for r in session.conn.execute(q)]
