"""Faceted, paginated browsing of the store: UPR recommendations, roll calls and designations, with search.

Each `*_page` function returns a `Page` (items, total, next cursor); each `*_all` returns every matching row
for export; `recommendation_facets` counts each facet's values under the other filters (so choosing one value
of a facet still shows the others). Cursors are opaque strings; a malformed one is an InputError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, String, cast, func, literal, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.search.index import hits
from rightsdesk.search.query import SearchQuery
from rightsdesk.store import reader, schema

MAX_LIMIT = 500
REC_FACETS = ("cycle", "session", "response", "issue", "from", "group", "category")
REC_FILTERS = ("to",) + REC_FACETS


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, how many match in all, and the cursor of the next page (None at the end)."""

    items: list[dict[str, Any]]
    total: int
    next_cursor: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON shape: items, total, next_cursor."""
        return {"items": self.items, "total": self.total, "next_cursor": self.next_cursor}


# A cursor is `o` and the offset of the page, in digits: a form the OpenAPI document states exactly (a pattern),
# so that every cursor the document allows is one the server reads (issue 15, 7).
CURSOR_PATTERN = r"^o(0|[1-9][0-9]{0,8})$"


def encode_cursor(offset: int) -> str:
    """The cursor of the page starting at `offset` (opaque to clients: use a page's next_cursor)."""
    return f"o{offset}"


def decode_cursor(cursor: str | None) -> int:
    """The offset behind a cursor; InputError if it is not one of ours."""
    if not cursor:
        return 0
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        raise InputError(f"invalid cursor {cursor[:40]!r}: use the next_cursor of a previous page")
    return int(cursor[1:])


def _page(conn: Connection, q: Select[Any], cursor: str | None, limit: int) -> tuple[list[Any], int, str | None]:
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    offset = decode_cursor(cursor)
    total = int(conn.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0)
    rows = list(conn.execute(q.limit(limit).offset(offset)))
    nxt = encode_cursor(offset + limit) if offset + limit < total else None
    return rows, total, nxt


# ---- UPR recommendations -----------------------------------------------------------------------------------

def _rec_conditions(filters: Mapping[str, Any], src: Any = None) -> dict[str, ColumnElement[bool]]:
    """The filters as conditions on the recommendation table, or on `src`, a selection with its columns."""
    t = schema.upr_recommendation if src is None else src
    c, i = schema.country, schema.upr_recommendation_issue
    built: dict[str, ColumnElement[bool]] = {}
    simple = {"to": t.c.to_state, "from": t.c.from_state, "cycle": t.c.cycle, "session": t.c.session,
              "response": t.c.response, "category": t.c.action_category}
    for key, column in simple.items():
        if filters.get(key) is not None:
            built[key] = column == filters[key]
    if filters.get("issue") is not None:
        built["issue"] = t.c.id.in_(select(i.c.recommendation_id).where(i.c.issue == filters["issue"]))
    if filters.get("group") is not None:
        built["group"] = t.c.from_state.in_(select(c.c.iso3).where(c.c.regional_group == filters["group"]))
    return built


def _rec_select(conn: Connection, filters: Mapping[str, Any], query: SearchQuery,
                skip: str | None = None, columns: tuple[Any, ...] | None = None) -> Select[Any]:
    t, p = schema.upr_recommendation, schema.upr_report_paragraph
    if columns is None:  # whole rows, with the paragraph and response a Working Group report added
        q: Select[Any] = select(t, p.c.paragraph.label("report_paragraph"), p.c.response.label("report_response")
                                ).select_from(t.outerjoin(p, p.c.recommendation_id == t.c.id))
    else:
        q = select(*columns).select_from(t)
    for key, cond in _rec_conditions(filters).items():
        if key != skip:
            q = q.where(cond)
    if not query.empty:
        h = hits(conn, query, "recommendation")
        q = q.join(h, h.c.ref == t.c.id)
        return q.order_by(h.c.score, t.c.id) if columns is None else q
    return q.order_by(t.c.session, t.c.to_state, t.c.from_state, t.c.id) if columns is None else q


def _rec_dict(r: Any) -> dict[str, Any]:
    extra = r._mapping
    return {"id": r.id, "to": r.to_state, "from": r.from_state, "text": r.text,
            "response": r.response or extra.get("report_response"), "response_original": r.response_original,
            "cycle": r.cycle, "session": r.session, "issues": list(r.issues), "action_category": r.action_category,
            "paragraph": r.paragraph or extra.get("report_paragraph")}


def recommendation_page(conn: Connection, filters: Mapping[str, Any], query: SearchQuery,
                        cursor: str | None = None, limit: int = 50) -> Page:
    """Recommendations matching the filters (see REC_FILTERS) and the search, best match first when searching."""
    rows, total, nxt = _page(conn, _rec_select(conn, filters, query), cursor, limit)
    return Page([_rec_dict(r) for r in rows], total, nxt)


def recommendations_all(conn: Connection, filters: Mapping[str, Any], query: SearchQuery) -> list[dict[str, Any]]:
    """Every recommendation matching, for export."""
    return [_rec_dict(r) for r in conn.execute(_rec_select(conn, filters, query))]


def recommendation(conn: Connection, rec_id: str) -> dict[str, Any]:
    """One recommendation with its source; NotFoundError if none."""
    t, s, p = schema.upr_recommendation, schema.source, schema.upr_report_paragraph
    row = conn.execute(select(t, s.c.path, s.c.sha256, p.c.paragraph.label("report_paragraph"),
                              p.c.response.label("report_response")).join(s, s.c.id == t.c.source_id)
                       .outerjoin(p, p.c.recommendation_id == t.c.id).where(t.c.id == rec_id)).first()
    if row is None:
        raise NotFoundError(f"no UPR recommendation {rec_id[:40]!r}")
    return {**_rec_dict(row), "to_original": row.to_state_original, "from_original": row.from_state_original,
            "source": {"path": row.path, "sha256": row.sha256}}


def recommendation_facets(conn: Connection, filters: Mapping[str, Any],
                          query: SearchQuery) -> dict[str, list[tuple[Any, int]]]:
    """For each facet, its values and counts under every other filter, most frequent first (cycles in order).

    One statement for all facets. With a search, the matching recommendations are found once (a materialised
    CTE of their facet columns) and every facet counts over those rows, instead of each facet running the
    full-text match again. Unfiltered, the issue facet is counted on the issue table alone; the regional group
    is summed from the recommending states' counts when neither is filtered.
    """
    rows: Any = schema.upr_recommendation
    if not query.empty:
        t, h = schema.upr_recommendation, hits(conn, query, "recommendation", ranked=False)
        rows = (select(t.c.id, t.c.to_state, t.c.from_state, t.c.cycle, t.c.session, t.c.response,
                       t.c.action_category).join(h, h.c.ref == t.c.id)
                .cte("matched").prefix_with("MATERIALIZED"))
    derive_group = filters.get("from") is None and filters.get("group") is None
    parts = [_facet_count(rows, filters, facet, searched=not query.empty) for facet in REC_FACETS
             if not (facet == "group" and derive_group)]
    out: dict[str, list[tuple[Any, int]]] = {facet: [] for facet in REC_FACETS}
    for facet, value, n in conn.execute(union_all(*parts)):
        if value is not None:
            out[facet].append((int(value) if facet in _INT_FACETS else value, int(n)))
    if derive_group:
        out["group"] = _groups_of(conn, out["from"])
    for facet, counted in out.items():
        counted.sort(key=(lambda r: r[0]) if facet in ("cycle", "session") else (lambda r: (-r[1], r[0])))
    return out


_INT_FACETS = ("cycle", "session", "category")


def _facet_count(rows: Any, filters: Mapping[str, Any], facet: str, *, searched: bool) -> Select[Any]:
    """The counts of one facet over `rows` (the table, or the search's matches) under every filter but its own,
    as (facet, value as text, n)."""
    c, i = schema.country, schema.upr_recommendation_issue
    conditions = [cond for key, cond in _rec_conditions(filters, rows).items() if key != facet]
    n = func.count().label("n")
    if facet == "issue" and not conditions and not searched:
        return select(literal(facet), cast(i.c.issue, String), n).group_by(i.c.issue)
    columns = {"cycle": rows.c.cycle, "session": rows.c.session, "response": rows.c.response,
               "from": rows.c.from_state, "category": rows.c.action_category, "issue": i.c.issue,
               "group": c.c.regional_group}
    if facet == "issue":  # from the issues of the rows counted (a join here can make SQLite scan every issue)
        counted = select(rows.c.id).where(*conditions)
        return (select(literal(facet), cast(i.c.issue, String), n)
                .where(i.c.recommendation_id.in_(counted)).group_by(i.c.issue))
    q = select(literal(facet), cast(columns[facet], String), n).select_from(rows)
    if facet == "group":
        q = q.join(c, c.c.iso3 == rows.c.from_state)
    return q.where(*conditions).group_by(columns[facet])


def _groups_of(conn: Connection, by_state: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    """Counts by regional group, summed from counts by recommending state."""
    c = schema.country
    group = dict(conn.execute(select(c.c.iso3, c.c.regional_group)).tuples().all())
    totals: dict[str, int] = {}
    for state, n in by_state:
        if group.get(state) is not None:
            totals[group[state]] = totals.get(group[state], 0) + n
    return list(totals.items())


# ---- roll calls ----------------------------------------------------------------------------------------------

def _vote_select(conn: Connection, query: SearchQuery, session: int | None) -> Select[Any]:
    rc = schema.roll_call
    q: Select[Any] = select(rc.c.rcid, rc.c.symbol, rc.c.date, rc.c.session, rc.c.short_title, rc.c.description,
                            rc.c.issues, rc.c.amendment, rc.c.paragraph)
    if session is not None:
        q = q.where(rc.c.session == session)
    if not query.empty:
        h = hits(conn, query, "vote")
        return q.join(h, h.c.ref == rc.c.rcid).order_by(h.c.score)
    return q.order_by(rc.c.date.desc(), rc.c.rcid.desc())


def _with_totals(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    v = schema.country_vote
    ids = [r.rcid for r in rows]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    for chunk in (ids[k:k + 500] for k in range(0, len(ids), 500)):
        for rcid, vote, n in conn.execute(select(v.c.rcid, v.c.vote, func.count()).where(v.c.rcid.in_(chunk))
                                          .group_by(v.c.rcid, v.c.vote)):
            counts[rcid][vote] = int(n)
    return [{"rcid": r.rcid, "symbol": r.symbol, "date": r.date.isoformat() if r.date else None,
             "session": r.session, "title": r.short_title or r.description, "description": r.description,
             "issues": list(r.issues), "amendment": r.amendment, "paragraph": r.paragraph,
             **{k: counts[r.rcid].get(k, 0) for k in ("yes", "no", "abstain")}} for r in rows]


def vote_page(conn: Connection, query: SearchQuery, session: int | None = None, cursor: str | None = None,
              limit: int = 50) -> Page:
    """Recorded votes (newest first, or best match first when searching) with their totals."""
    rows, total, nxt = _page(conn, _vote_select(conn, query, session), cursor, limit)
    return Page(_with_totals(conn, rows), total, nxt)


def votes_all(conn: Connection, query: SearchQuery, session: int | None = None) -> list[dict[str, Any]]:
    """Every recorded vote matching, with totals, for export."""
    return _with_totals(conn, list(conn.execute(_vote_select(conn, query, session))))


# ---- designations --------------------------------------------------------------------------------------------

DES_FILTERS = ("list", "regime", "kind", "country")


def _des_select(conn: Connection, filters: Mapping[str, Any], query: SearchQuery) -> Select[Any]:
    d, r = schema.designation, schema.designation_regime
    q: Select[Any] = select(d.c.id, d.c.list_name, d.c.reference_number, d.c.kind, d.c.name, d.c.regimes,
                            d.c.nationalities, d.c.listed_on, d.c.name_original_script)
    if filters.get("list"):
        q = q.where(d.c.list_name == filters["list"])
    if filters.get("kind"):
        q = q.where(d.c.kind == filters["kind"])
    if filters.get("regime"):
        q = q.where(d.c.id.in_(select(r.c.designation_id).where(r.c.regime.in_(_regimes(conn, filters["regime"])))))
    if filters.get("country"):  # the one definition of "tied to a state"
        q = q.where(reader.tied_to_state(filters["country"]))
    if not query.empty:  # names: Choi finds CHOE, 조용원 finds JO YONG-WON
        h = hits(conn, query.romanized(), "designation")
        return q.join(h, h.c.ref == d.c.id).order_by(h.c.score, d.c.reference_number)
    return q.order_by(d.c.list_name, d.c.reference_number)


def _regimes(conn: Connection, regime: str) -> list[str]:
    """The stored spellings of `regime`, case aside (so the regime index serves the filter)."""
    r = schema.designation_regime
    return [x for x in conn.scalars(select(r.c.regime).distinct()) if x.upper() == regime.upper()]


def _des_dict(r: Any) -> dict[str, Any]:
    return {"list": r.list_name, "reference_number": r.reference_number, "kind": r.kind, "name": r.name,
            "name_original_script": r.name_original_script, "regimes": list(r.regimes),
            "nationalities": list(r.nationalities), "listed_on": r.listed_on.isoformat() if r.listed_on else None}


def designation_page(conn: Connection, filters: Mapping[str, Any], query: SearchQuery, cursor: str | None = None,
                     limit: int = 50) -> Page:
    """Designations matching the filters (see DES_FILTERS) and the search."""
    rows, total, nxt = _page(conn, _des_select(conn, filters, query), cursor, limit)
    return Page([_des_dict(r) for r in rows], total, nxt)


def designations_all(conn: Connection, filters: Mapping[str, Any], query: SearchQuery) -> list[dict[str, Any]]:
    """Every designation matching, for export."""
    return [_des_dict(r) for r in conn.execute(_des_select(conn, filters, query))]


def designation_regimes(conn: Connection) -> list[tuple[str, int]]:
    """Every regime with its number of designations, most first."""
    r = schema.designation_regime
    return [(k, int(n)) for k, n in conn.execute(select(r.c.regime, func.count()).group_by(r.c.regime)
                                                  .order_by(func.count().desc(), r.c.regime))]
