"""Faceted, paginated browsing of the store: UPR recommendations, roll calls and designations, with search.

Each `*_page` function returns a `Page` (items, total, next cursor); each `*_all` returns every matching row
for export; `recommendation_facets` counts each facet's values under the other filters (so choosing one value
of a facet still shows the others). Cursors are opaque strings; a malformed one is an InputError.

The recommendation functions take `within`: selections of recommendation ids that a row must also be in (each
one a condition). It is the seam for filters this module does not know, such as the predicted labels of
`label_facets`, so that pages, exports, facets and ids all count the same set. They also take `meaning` (see
`hybrid.Meaning`, made by `by_meaning`): the recommendations nearest in meaning, which replace the full-text
matches (semantic) or join them (hybrid), best first by weighted reciprocal rank.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Select,
    String,
    and_,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.mechanisms.upr_reviews import action_category_name, citation, working_group_report
from rightsdesk.search import hybrid
from rightsdesk.search.index import current_index, hits, ranked
from rightsdesk.search.query import SearchQuery
from rightsdesk.store import schema
from rightsdesk.store.readers.designations import tied_to_state

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


def _page(conn: Connection, q: Select[Any], cursor: str | None, limit: int,
          counted: Select[Any] | None = None) -> tuple[list[Any], int, str | None]:
    """One page of `q` and the count of its rows (of `counted`, where given: the same rows selected without the
    joins that only add columns, which a count would otherwise walk for every row)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    offset = decode_cursor(cursor)
    counting = (q if counted is None else counted).order_by(None)
    total = int(conn.scalar(select(func.count()).select_from(counting.subquery())) or 0)
    rows = list(conn.execute(q.limit(limit).offset(offset)))
    nxt = encode_cursor(offset + limit) if offset + limit < total else None
    return rows, total, nxt


# ---- UPR recommendations -----------------------------------------------------------------------------------

def values(value: Any) -> tuple[Any, ...]:
    """A filter's values: None is none, a tuple or list is any of them, anything else is one value."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _rec_conditions(filters: Mapping[str, Any], src: Any = None) -> dict[str, ColumnElement[bool]]:
    """The filters as conditions on the recommendation table, or on `src`, a selection with its columns. A filter
    of several values matches any of them."""
    t = schema.upr_recommendation if src is None else src
    c, i = schema.country, schema.upr_recommendation_issue
    built: dict[str, ColumnElement[bool]] = {}
    simple = {"to": t.c.to_state, "from": t.c.from_state, "cycle": t.c.cycle, "session": t.c.session,
              "response": t.c.response, "category": t.c.action_category}
    for key, column in simple.items():
        if values(filters.get(key)):
            built[key] = column.in_(values(filters[key]))
    if values(filters.get("issue")):
        built["issue"] = t.c.id.in_(select(i.c.recommendation_id).where(i.c.issue.in_(values(filters["issue"]))))
    if values(filters.get("group")):
        built["group"] = t.c.from_state.in_(select(c.c.iso3).where(c.c.regional_group.in_(values(filters["group"]))))
    return built


def resolve_issues(conn: Connection, filters: Mapping[str, Any]) -> dict[str, Any]:
    """`filters` with each issue label spelled as stored, case aside ("torture and other CID treatment" finds
    "Torture and other CID treatment"); a label no recommendation carries is an InputError that says so and
    names the nearest labels."""
    wanted = values(filters.get("issue"))
    if not wanted:
        return dict(filters)
    i = schema.upr_recommendation_issue
    known = {str(x).casefold(): str(x) for x in conn.scalars(select(i.c.issue).distinct())}
    out = []
    for label in wanted:
        stored = known.get(" ".join(str(label).split()).casefold())
        if stored is None:
            near = difflib.get_close_matches(str(label).casefold(), list(known), n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(repr(known[n]) for n in near)}?" if near else (
                "; see the issue facet (/api/v1/recommendations/facets) for the labels held")
            raise InputError(f"unknown issue {str(label)[:80]!r}: no recommendation carries it{hint}")
        out.append(stored)
    return {**filters, "issue": tuple(dict.fromkeys(out))}


Within = Sequence[Any]  # selections (or lists) of recommendation ids a row must be in (see the module doc)


def _rec_select(conn: Connection, filters: Mapping[str, Any], query: SearchQuery,
                skip: str | None = None, columns: tuple[Any, ...] | None = None, within: Within = (),
                meaning: hybrid.Meaning | None = None) -> Select[Any]:
    t, p, s = schema.upr_recommendation, schema.upr_report_paragraph, schema.source.alias("report_source")
    if columns is None:  # whole rows, with the paragraph, response and symbol a Working Group report added
        q: Select[Any] = select(t, p.c.paragraph.label("report_paragraph"), p.c.response.label("report_response"),
                                s.c.symbol.label("report_symbol")).select_from(
            t.outerjoin(p, p.c.recommendation_id == t.c.id).outerjoin(s, s.c.id == p.c.source_id))
    else:
        q = select(*columns).select_from(t)
    for key, cond in _rec_conditions(filters).items():
        if key != skip:
            q = q.where(cond)
    for ids in within:
        q = q.where(t.c.id.in_(ids))
    if meaning is not None:
        return _by_meaning(conn, q, query, meaning)
    if query.only_excluded:  # every row but those matching: an anti-join on the index's matches
        q = q.where(t.c.id.not_in(select(hits(conn, query.inverted(), "recommendation", ranked=False).c.ref)))
    elif not query.empty:
        h = hits(conn, query, "recommendation")
        q = q.join(h, h.c.ref == t.c.id)
        return q.order_by(h.c.score, h.c.tie) if columns is None else q
    return q.order_by(t.c.session, t.c.to_state, t.c.from_state, t.c.id) if columns is None else q


def _by_meaning(conn: Connection, q: Select[Any], query: SearchQuery, meaning: hybrid.Meaning) -> Select[Any]:
    """`q` narrowed to the recommendations near in meaning and, for hybrid, the full-text matches (unordered:
    `_ranked_ids` orders them)."""
    t = schema.upr_recommendation
    near: Any = t.c.id.in_(meaning.ids) if meaning.ids else false()
    if not meaning.with_words or query.empty or query.only_excluded:
        return q.where(near)
    return q.where(or_(t.c.id.in_(select(hits(conn, query, "recommendation", ranked=False).c.ref)), near))


def _ranked_ids(conn: Connection, filters: Mapping[str, Any], query: SearchQuery, meaning: hybrid.Meaning,
                within: Within) -> list[str]:
    """The ids matching under the filters, best first: the full-text matches in their order (hybrid) fused with
    the nearest in meaning by weighted reciprocal rank, as `hybrid.search_recommendations` fuses them."""
    t = schema.upr_recommendation
    near = list(conn.scalars(_rec_select(conn, filters, SearchQuery.parse(None), columns=(t.c.id,),
                                         within=[*within, list(meaning.ids)]))) if meaning.ids else []
    kept = set(near)
    by_meaning = [(ref, 0.0) for ref in meaning.ids if ref in kept]
    if not meaning.with_words or query.empty or query.only_excluded:
        return [ref for ref, _ in by_meaning]
    h = hits(conn, query, "recommendation")
    words = select(t.c.id).join(h, h.c.ref == t.c.id)
    for cond in _rec_conditions(filters).values():
        words = words.where(cond)
    for ids in within:
        words = words.where(t.c.id.in_(ids))
    by_words = [(str(ref), 0.0) for ref in conn.scalars(words.order_by(h.c.score, t.c.id))]
    return [ref for ref, _ in hybrid.fuse(by_words, by_meaning, weights=(hybrid.KEYWORD_WEIGHT, 1.0))]


def _rows_of(conn: Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The recommendations of `ids` as JSON, in that order."""
    out: dict[str, dict[str, Any]] = {}
    for k in range(0, len(ids), 500):
        chunk = list(ids[k:k + 500])
        for r in conn.execute(_rec_select(conn, {}, SearchQuery.parse(None), within=[chunk])):
            out[r.id] = _rec_dict(r)
    return [out[i] for i in ids if i in out]


def by_meaning(conn: Connection, filters: Mapping[str, Any], query: SearchQuery, mode: hybrid.Mode, *,
               within: Within = ()) -> hybrid.Meaning | None:
    """The recommendations nearest in meaning to the query among those the filters allow, for `mode` (None in
    keyword mode: see `hybrid.meaning`)."""
    if mode == "keyword" or query.empty or query.only_excluded:
        return hybrid.meaning(conn, query, mode)  # checks the mode's name
    among = None
    if within or any(values(v) for v in filters.values()):
        among = list(conn.scalars(recommendation_ids(conn, filters, SearchQuery.parse(None), within=within)))
    return hybrid.meaning(conn, query, mode, among)


def _rec_dict(r: Any) -> dict[str, Any]:
    """A recommendation as JSON, citable: the Working Group report's symbol and paragraph where known (the
    report loaded, else the report entered for the review) and the citation line."""
    extra = r._mapping
    paragraph = r.paragraph or extra.get("report_paragraph")
    report = extra.get("report_symbol") or working_group_report(r.to_state, r.session)
    response = r.response or extra.get("report_response")
    return {"id": r.id, "to": r.to_state, "from": r.from_state, "text": r.text,
            "response": response, "response_original": r.response_original,
            "cycle": r.cycle, "session": r.session, "issues": list(r.issues), "action_category": r.action_category,
            "action_category_name": action_category_name(r.action_category),
            "paragraph": paragraph, "report_symbol": report,
            "citation": citation(to=r.to_state, from_=r.from_state, from_original=r.from_state_original,
                                 cycle=r.cycle, session=r.session, paragraph=paragraph, report=report,
                                 response=response)}


def recommendation_page(conn: Connection, filters: Mapping[str, Any], query: SearchQuery,
                        cursor: str | None = None, limit: int = 50, *, within: Within = (),
                        meaning: hybrid.Meaning | None = None) -> Page:
    """Recommendations matching the filters (see REC_FILTERS), the search and `within`, best match first when
    searching."""
    filters = resolve_issues(conn, filters)
    if meaning is not None:  # ordered here, in Python: a fused rank is no column
        if not 1 <= limit <= MAX_LIMIT:
            raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
        order, offset = _ranked_ids(conn, filters, query, meaning, within), decode_cursor(cursor)
        nxt_ = encode_cursor(offset + limit) if offset + limit < len(order) else None
        return Page(_rows_of(conn, order[offset:offset + limit]), len(order), nxt_)
    state = current_index(conn) if not within and not _rec_conditions(filters) and _searched(query) else None
    if state is not None:
        rows, total, nxt = _ranked_page(conn, state, query, cursor, limit)
    else:
        t = schema.upr_recommendation
        rows, total, nxt = _page(conn, _rec_select(conn, filters, query, within=within), cursor, limit,
                                 _rec_select(conn, filters, query, columns=(t.c.id,), within=within))
    return Page([_rec_dict(r) for r in rows], total, nxt)


def _searched(query: SearchQuery) -> bool:
    return not query.empty and not query.only_excluded


def _ranked_page(conn: Connection, state: Any, query: SearchQuery, cursor: str | None,
                 limit: int) -> tuple[list[Any], int, str | None]:
    """`_page` of a search of recommendations under no filter: counted and ranked in the index (`index.ranked`),
    and only the page's rows read."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    offset = decode_cursor(cursor)
    total, refs = ranked(conn, state, query, "recommendation", limit, offset)
    t = schema.upr_recommendation
    found = {r.id: r for r in conn.execute(_rec_select(conn, {}, SearchQuery.parse("")).order_by(None)
                                           .where(t.c.id.in_(refs)))} if refs else {}
    nxt = encode_cursor(offset + limit) if offset + limit < total else None
    return [found[ref] for ref in refs if ref in found], total, nxt


def recommendations_all(conn: Connection, filters: Mapping[str, Any], query: SearchQuery, *,
                        within: Within = (), meaning: hybrid.Meaning | None = None) -> list[dict[str, Any]]:
    """Every recommendation matching, for export."""
    filters = resolve_issues(conn, filters)
    if meaning is not None:
        return _rows_of(conn, _ranked_ids(conn, filters, query, meaning, within))
    return [_rec_dict(r) for r in conn.execute(_rec_select(conn, filters, query, within=within))]


def recommendation_ids(conn: Connection, filters: Mapping[str, Any], query: SearchQuery, *,
                       within: Within = (), meaning: hybrid.Meaning | None = None) -> Select[Any]:
    """The ids of the recommendations matching (a selection, to count or filter by; unordered)."""
    t = schema.upr_recommendation
    return _rec_select(conn, resolve_issues(conn, filters), query, columns=(t.c.id,), within=within,
                       meaning=meaning)


def recommendation(conn: Connection, rec_id: str) -> dict[str, Any]:
    """One recommendation with its source: the dataset, the file's name and sha256, never a path on the server;
    NotFoundError if none."""
    t, s, p = schema.upr_recommendation, schema.source, schema.upr_report_paragraph
    rs = schema.source.alias("report_source")
    row = conn.execute(select(t, s.c.path, s.c.sha256, s.c.dataset, p.c.paragraph.label("report_paragraph"),
                              p.c.response.label("report_response"), rs.c.symbol.label("report_symbol"))
                       .join(s, s.c.id == t.c.source_id).outerjoin(p, p.c.recommendation_id == t.c.id)
                       .outerjoin(rs, rs.c.id == p.c.source_id).where(t.c.id == rec_id)).first()
    if row is None:
        raise NotFoundError(f"no UPR recommendation {rec_id[:40]!r}")
    return {**_rec_dict(row), "to_original": row.to_state_original, "from_original": row.from_state_original,
            "source": {"dataset": row.dataset, "file": PurePath(str(row.path).replace("\\", "/")).name,
                       "sha256": row.sha256}}


def recommendation_facets(conn: Connection, filters: Mapping[str, Any], query: SearchQuery, *, within: Within = (),
                          meaning: hybrid.Meaning | None = None) -> dict[str, list[tuple[Any, int]]]:
    """For each facet, its values and counts under every other filter and `within`, most frequent first (cycles
    in order).

    One statement for all facets. With a search, the matching recommendations are found once (a materialised
    CTE of their facet columns) and every facet counts over those rows, instead of each facet running the
    full-text match again. Unfiltered, the issue facet is counted on the issue table alone; the regional group
    is summed from the recommending states' counts when neither is filtered.
    """
    filters = resolve_issues(conn, filters)
    rows: Any = schema.upr_recommendation
    if not query.empty or meaning is not None:
        t = schema.upr_recommendation
        matched = select(t.c.id, t.c.to_state, t.c.from_state, t.c.cycle, t.c.session, t.c.response,
                         t.c.action_category)
        if meaning is not None:
            matched = _by_meaning(conn, matched, query, meaning)
        elif query.only_excluded:
            excluded = hits(conn, query.inverted(), "recommendation", ranked=False)
            matched = matched.where(t.c.id.not_in(select(excluded.c.ref)))
        else:
            h = hits(conn, query, "recommendation", ranked=False)
            matched = matched.join(h, h.c.ref == t.c.id)
        rows = matched.cte("matched").prefix_with("MATERIALIZED")
    derive_group = filters.get("from") is None and filters.get("group") is None
    searched = not query.empty or meaning is not None
    parts = [_facet_count(rows, filters, facet, searched=searched, within=within) for facet in REC_FACETS
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


def _facet_count(rows: Any, filters: Mapping[str, Any], facet: str, *, searched: bool,
                 within: Within = ()) -> Select[Any]:
    """The counts of one facet over `rows` (the table, or the search's matches) under every filter but its own
    and `within`, as (facet, value as text, n)."""
    c, i = schema.country, schema.upr_recommendation_issue
    conditions = [cond for key, cond in _rec_conditions(filters, rows).items() if key != facet]
    conditions += [rows.c.id.in_(ids) for ids in within]
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

VOTE_SORTS = ("-date", "date", "symbol", "-yes", "-no", "-abstain", "relevance")


def _vote_select(conn: Connection, query: SearchQuery, session: Any, sort: str = "-date") -> Select[Any]:
    """Roll calls under the filters, in the order `sort` names (see VOTE_SORTS; relevance only when searching)."""
    rc, v = schema.roll_call, schema.country_vote
    if sort not in VOTE_SORTS:
        raise InputError(f"sort must be one of {', '.join(VOTE_SORTS)}, not {sort!r}")
    q: Select[Any] = select(rc.c.rcid, rc.c.symbol, rc.c.date, rc.c.session, rc.c.short_title, rc.c.description,
                            rc.c.issues, rc.c.amendment, rc.c.paragraph)
    if values(session):
        q = q.where(rc.c.session.in_(values(session)))
    score = None
    if query.only_excluded:
        q = q.where(rc.c.rcid.not_in(select(hits(conn, query.inverted(), "vote", ranked=False).c.ref)))
    elif not query.empty:
        h = hits(conn, query, "vote")
        q, score = q.join(h, h.c.ref == rc.c.rcid), h.c.score
    if sort == "relevance" and score is not None:
        return q.order_by(score, rc.c.date.desc(), rc.c.rcid.desc())
    if sort in ("-yes", "-no", "-abstain"):
        n = (select(func.count()).where(v.c.rcid == rc.c.rcid, v.c.vote == sort[1:]).scalar_subquery())
        return q.order_by(n.desc(), rc.c.date.desc(), rc.c.rcid.desc())
    if sort == "date":
        return q.order_by(rc.c.date.asc().nulls_last(), rc.c.rcid)
    if sort == "symbol":
        return q.order_by(rc.c.session, rc.c.symbol.nulls_last(), rc.c.rcid)
    return q.order_by(rc.c.date.desc().nulls_last(), rc.c.rcid.desc())


def _with_totals(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    v = schema.country_vote
    ids = [r.rcid for r in rows]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    for chunk in (ids[k:k + 500] for k in range(0, len(ids), 500)):
        for rcid, vote, n in conn.execute(select(v.c.rcid, v.c.vote, func.count()).where(v.c.rcid.in_(chunk))
                                          .group_by(v.c.rcid, v.c.vote)):
            counts[rcid][vote] = int(n)
    return [{"rcid": r.rcid, "symbol": r.symbol, "date": r.date.isoformat() if r.date else None,
             "session": r.session, "title": full_title(r.short_title, r.description), "short_title": r.short_title,
             "description": r.description,
             "issues": list(r.issues), "amendment": r.amendment, "paragraph": r.paragraph,
             **{k: counts[r.rcid].get(k, 0) for k in ("yes", "no", "abstain")}} for r in rows]


def full_title(short_title: str | None, description: str | None) -> str:
    """A roll call's title in full: the source's short title is often cut off ("Situation of human rights in
    the Dem..."), so where the description begins with it, or it ends cut, the description's first sentence is
    the title."""
    short, full = (short_title or "").strip(), (description or "").strip()
    if not full:
        return short
    first = re.split(r" : |\. ", full)[0].rstrip(".")
    cut = short.endswith(("...", "…")) or (short and full.casefold().startswith(short.rstrip(".…").casefold())
                                              and len(first) > len(short))
    return first if (cut or not short) else short


def vote_page(conn: Connection, query: SearchQuery, session: Any = None, cursor: str | None = None,
              limit: int = 50, sort: str = "-date") -> Page:
    """Recorded votes with their totals, newest first (or in the order `sort` names, see VOTE_SORTS)."""
    rows, total, nxt = _page(conn, _vote_select(conn, query, session, sort), cursor, limit)
    return Page(_with_totals(conn, rows), total, nxt)


def votes_all(conn: Connection, query: SearchQuery, session: Any = None, sort: str = "-date") -> list[dict[str, Any]]:
    """Every recorded vote matching, with totals, for export."""
    return _with_totals(conn, list(conn.execute(_vote_select(conn, query, session, sort))))


# ---- designations --------------------------------------------------------------------------------------------

DES_FILTERS = ("list", "regime", "kind", "country")


def _des_select(conn: Connection, filters: Mapping[str, Any], query: SearchQuery,
                named: Sequence[tuple[str, str, float]] = ()) -> Select[Any]:
    """Designations under the filters matching the search; `named` adds (list, reference, score) that a name
    model found (the screening's), ranked before the full-text hits."""
    d, r = schema.designation, schema.designation_regime
    q: Select[Any] = select(d.c.id, d.c.list_name, d.c.reference_number, d.c.kind, d.c.name, d.c.regimes,
                            d.c.nationalities, d.c.listed_on, d.c.name_original_script)
    if values(filters.get("list")):
        q = q.where(d.c.list_name.in_(values(filters["list"])))
    if values(filters.get("kind")):
        q = q.where(d.c.kind.in_(values(filters["kind"])))
    if values(filters.get("regime")):
        stored = [x for regime in values(filters["regime"]) for x in _regimes(conn, regime)]
        q = q.where(d.c.id.in_(select(r.c.designation_id).where(r.c.regime.in_(stored))))
    if values(filters.get("country")):  # the one definition of "tied to a state"
        q = q.where(or_(*(tied_to_state(c) for c in values(filters["country"]))))
    if query.only_excluded:
        q = q.where(d.c.id.not_in(select(hits(conn, query.inverted(), "designation", ranked=False).c.ref)))
    elif not query.empty:  # names: Choi finds CHOE, 조용원 finds JO YONG-WON
        h = hits(conn, query.romanized(), "designation")
        found: Any = select(h.c.ref, h.c.score)
        ids = _named_ids(conn, named)
        if ids:
            extra = [select(literal(i, String).label("ref"), literal(-1e6 - score, Float).label("score"))
                     for i, score in ids.items()]
            union = union_all(found, *extra).subquery("found")
            found = select(union.c.ref, func.min(union.c.score).label("score")).group_by(union.c.ref)
        f = found.subquery("matched")
        return q.join(f, f.c.ref == d.c.id).order_by(f.c.score, d.c.reference_number)
    return q.order_by(d.c.list_name, d.c.reference_number)


def _named_ids(conn: Connection, named: Sequence[tuple[str, str, float]]) -> dict[str, float]:
    """The store ids of (list, reference, score) triples, with their scores."""
    if not named:
        return {}
    d = schema.designation
    score = {(lst, ref): s for lst, ref, s in named}
    rows = conn.execute(select(d.c.id, d.c.list_name, d.c.reference_number).where(
        or_(*(and_(d.c.list_name == lst, d.c.reference_number == ref) for lst, ref, _ in named))))
    return {row.id: score[(row.list_name, row.reference_number)] for row in rows}


def _regimes(conn: Connection, regime: str) -> list[str]:
    """The stored spellings of `regime`, case aside (so the regime index serves the filter)."""
    r = schema.designation_regime
    return [x for x in conn.scalars(select(r.c.regime).distinct()) if x.upper() == regime.upper()]


def _des_dict(r: Any) -> dict[str, Any]:
    return {"_id": r.id, "list": r.list_name, "reference_number": r.reference_number, "kind": r.kind, "name": r.name,
            "name_original_script": r.name_original_script, "regimes": list(r.regimes),
            "nationalities": list(r.nationalities), "listed_on": r.listed_on.isoformat() if r.listed_on else None}


def designation_page(conn: Connection, filters: Mapping[str, Any], query: SearchQuery, cursor: str | None = None,
                     limit: int = 50, named: Sequence[tuple[str, str, float]] = ()) -> Page:
    """Designations matching the filters (see DES_FILTERS) and the search (and those in `named`, see
    `_des_select`)."""
    rows, total, nxt = _page(conn, _des_select(conn, filters, query, named), cursor, limit)
    items = [_des_dict(r) for r in rows]
    for item in items:
        item.pop("_id")
    return Page(items, total, nxt)


def designations_all(conn: Connection, filters: Mapping[str, Any], query: SearchQuery,
                     named: Sequence[tuple[str, str, float]] = ()) -> list[dict[str, Any]]:
    """Every designation matching, for export, with every name (aliases), date of birth and document number."""
    rows = [_des_dict(r) for r in conn.execute(_des_select(conn, filters, query, named))]
    details = _des_details(conn, [r.pop("_id") for r in rows])
    for row, extra in zip(rows, details, strict=True):
        row.update(extra)
    return rows


def _des_details(conn: Connection, ids: Sequence[str]) -> list[dict[str, str]]:
    """For each designation id: its aliases, dates of birth and documents, each joined by " | " (CSV-safe)."""
    n, b, doc = schema.designation_name, schema.designation_birth_date, schema.designation_document
    out: dict[str, dict[str, list[str]]] = {i: {"aliases": [], "birth_dates": [], "documents": []} for i in ids}
    for chunk in (list(ids[k:k + 500]) for k in range(0, len(ids), 500)):
        for row in conn.execute(select(n.c.designation_id, n.c.name, n.c.kind).where(n.c.designation_id.in_(chunk))
                                .order_by(n.c.designation_id, n.c.position)):
            if row.kind != "primary":
                out[row.designation_id]["aliases"].append(row.name)
        for row in conn.execute(select(b.c.designation_id, b.c.date, b.c.from_year, b.c.to_year)
                                .where(b.c.designation_id.in_(chunk)).order_by(b.c.designation_id, b.c.position)):
            span = f"{row.from_year}-{row.to_year}" if row.from_year else ""
            out[row.designation_id]["birth_dates"].append(row.date or span)
        for row in conn.execute(select(doc.c.designation_id, doc.c.kind, doc.c.number, doc.c.country)
                                .where(doc.c.designation_id.in_(chunk)).order_by(doc.c.designation_id, doc.c.position)):
            where = f", {row.country}" if row.country else ""
            out[row.designation_id]["documents"].append(f"{row.kind} {row.number}{where}".strip())
    return [{k: " | ".join(x for x in v if x) for k, v in out[i].items()} for i in ids]


def designation_regimes(conn: Connection) -> list[tuple[str, int]]:
    """Every regime with its number of designations, most first."""
    r = schema.designation_regime
    return [(k, int(n)) for k, n in conn.execute(select(r.c.regime, func.count()).group_by(r.c.regime)
                                                  .order_by(func.count().desc(), r.c.regime))]
