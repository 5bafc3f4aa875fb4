"""The statements behind faceted browsing: UPR recommendations, roll calls and designations under filters and a
full-text search, paged and counted, and the facets' counts. Public UN data.

`search/browse.py` turns these rows into pages and JSON (cursors, citations, the fusion of words and meaning);
this module only selects. Filters are a mapping of name to a value or a tuple of values (any of them); `within`
holds selections (or lists) of recommendation ids a row must also be in, each one a condition (the seam for the
predicted labels of `search/label_facets.py`); `meaning` is the recommendations nearest in meaning (`Nearest`,
`search.hybrid.Meaning` is one), which replace the full-text matches or join them. A query is any `TextQuery`
(`search.query.SearchQuery` is one).

The public readers take a `ReadSession` (the connection and the principal asking), as every reader does; the
data is public, so they answer every principal. The helpers that compose the statements take its connection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import (
    Connection,
    Float,
    Row,
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

from rightsdesk.errors import InputError
from rightsdesk.store import ReadSession, schema
from rightsdesk.store.readers.designations import tied_to_state
from rightsdesk.store.readers.recommendations import effective_response
from rightsdesk.store.search_index import TextQuery, hits, index_key, ranked_refs

REC_FACETS = ("cycle", "session", "response", "issue", "from", "group", "category")
VOTE_SORTS = ("-date", "date", "symbol", "-yes", "-no", "-abstain", "relevance")
DES_FILTERS = ("list", "regime", "kind", "country")
_INT_FACETS = ("cycle", "session", "category")

Selection = Select[Any]  # a selection of recommendation ids: to count, or to pass on as `within`
Within = Sequence[Any]  # selections (or lists) of recommendation ids a row must be in (see the module doc)
Rows = list[Row[Any]]


class NamedQuery(TextQuery, Protocol):
    """A query that can also search names in their other romanizations (`SearchQuery.romanized`)."""

    def romanized(self) -> NamedQuery: ...


class Nearest(Protocol):
    """The recommendations nearest in meaning (ids, best first), and whether full-text matches join them."""

    @property
    def ids(self) -> tuple[str, ...]: ...

    @property
    def with_words(self) -> bool: ...


def values(value: Any) -> tuple[Any, ...]:
    """A filter's values: None is none, a tuple or list is any of them, anything else is one value."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _paged(conn: Connection, q: Select[Any], offset: int | None, limit: int | None,
           counted: Select[Any] | None = None) -> tuple[Rows, int]:
    """The rows of `q` (one page of them where `limit` is given) and how many there are in all (counted on
    `counted` where given: the same rows selected without the joins that only add columns, which a count would
    otherwise walk for every row)."""
    if limit is None:
        rows = list(conn.execute(q))
        return rows, len(rows)
    counting = (q if counted is None else counted).order_by(None)
    total = int(conn.scalar(select(func.count()).select_from(counting.subquery())) or 0)
    return list(conn.execute(q.limit(limit).offset(offset or 0))), total


# ---- UPR recommendations -----------------------------------------------------------------------------------

def issue_labels(session: ReadSession) -> list[str]:
    """Every issue label a recommendation carries, as stored."""
    conn = session.conn
    i = schema.upr_recommendation_issue
    return [str(x) for x in conn.scalars(select(i.c.issue).distinct())]


def has_filters(filters: Mapping[str, Any]) -> bool:
    """True when any recommendation filter is set."""
    return bool(_rec_conditions(filters))


def _rec_conditions(filters: Mapping[str, Any], src: Any = None) -> dict[str, ColumnElement[bool]]:
    """The filters as conditions on the recommendation table, or on `src`, a selection with its columns. A filter
    of several values matches any of them."""
    t = schema.upr_recommendation if src is None else src
    c, i = schema.country, schema.upr_recommendation_issue
    built: dict[str, ColumnElement[bool]] = {}
    simple = {"to": t.c.to_state, "from": t.c.from_state, "cycle": t.c.cycle, "session": t.c.session,
              "response": effective_response(t), "category": t.c.action_category}
    for key, column in simple.items():
        if values(filters.get(key)):
            built[key] = column.in_(values(filters[key]))
    if values(filters.get("issue")):
        built["issue"] = t.c.id.in_(select(i.c.recommendation_id).where(i.c.issue.in_(values(filters["issue"]))))
    if values(filters.get("group")):
        built["group"] = t.c.from_state.in_(select(c.c.iso3).where(c.c.regional_group.in_(values(filters["group"]))))
    return built


def _rec_select(conn: Connection, filters: Mapping[str, Any], query: TextQuery,
                skip: str | None = None, columns: tuple[Any, ...] | None = None, within: Within = (),
                meaning: Nearest | None = None) -> Select[Any]:
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


def _by_meaning(conn: Connection, q: Select[Any], query: TextQuery, meaning: Nearest) -> Select[Any]:
    """`q` narrowed to the recommendations near in meaning and, for hybrid, the full-text matches (unordered:
    the caller orders them)."""
    t = schema.upr_recommendation
    near: Any = t.c.id.in_(meaning.ids) if meaning.ids else false()
    if not meaning.with_words or query.empty or query.only_excluded:
        return q.where(near)
    return q.where(or_(t.c.id.in_(select(hits(conn, query, "recommendation", ranked=False).c.ref)), near))


def recommendation_rows(session: ReadSession, filters: Mapping[str, Any], query: TextQuery, *, within: Within = (),
                        offset: int | None = None, limit: int | None = None,
                        in_index: bool = True) -> tuple[Rows, int]:
    """The recommendations matching the filters, the search and `within` (best match first when searching; else
    in review order), one page of them where `limit` is given, and how many match in all.

    A search under no filter is counted and ranked in the full-text index alone while the index is current
    (`search_index.ranked`), and only the page's rows are read; `in_index=False` joins the table instead (the
    same rows, in the same order)."""
    conn = session.conn
    searched = not query.empty and not query.only_excluded
    if in_index and limit is not None and not within and not _rec_conditions(filters) and searched:
        state = index_key(conn)
        if state is not None:
            total, refs = ranked_refs(conn, state, query, "recommendation", limit, offset or 0)
            return recommendation_rows_by_id(session, refs), total
    t = schema.upr_recommendation
    return _paged(conn, _rec_select(conn, filters, query, within=within), offset, limit,
                  _rec_select(conn, filters, query, columns=(t.c.id,), within=within))


def recommendation_rows_by_id(session: ReadSession, ids: Sequence[str]) -> Rows:
    """The recommendations of `ids` (those held), in that order."""
    conn = session.conn
    t = schema.upr_recommendation
    found: dict[str, Row[Any]] = {}
    for k in range(0, len(ids), 500):
        chunk = list(ids[k:k + 500])
        q = _rec_select(conn, {}, _NO_QUERY).order_by(None).where(t.c.id.in_(chunk))
        found.update((r.id, r) for r in conn.execute(q))
    return [found[i] for i in ids if i in found]


def ids_among(session: ReadSession, filters: Mapping[str, Any], ids: Sequence[str],
              within: Within = ()) -> list[str]:
    """Those of `ids` that the filters and `within` allow (unordered)."""
    conn = session.conn
    if not ids:
        return []
    t = schema.upr_recommendation
    return list(conn.scalars(_rec_select(conn, filters, _NO_QUERY, columns=(t.c.id,), within=[*within, list(ids)])))


def word_match_ids(session: ReadSession, filters: Mapping[str, Any], query: TextQuery,
                   within: Within = ()) -> list[str]:
    """The ids of the full-text matches that the filters and `within` allow, best first."""
    conn = session.conn
    t = schema.upr_recommendation
    h = hits(conn, query, "recommendation")
    words = select(t.c.id).join(h, h.c.ref == t.c.id)
    for cond in _rec_conditions(filters).values():
        words = words.where(cond)
    for ids in within:
        words = words.where(t.c.id.in_(ids))
    return [str(ref) for ref in conn.scalars(words.order_by(h.c.score, t.c.id))]


def recommendation_ids(session: ReadSession, filters: Mapping[str, Any], query: TextQuery, *, within: Within = (),
                       meaning: Nearest | None = None) -> Selection:
    """The ids of the recommendations matching (a selection, to count or filter by; unordered)."""
    t = schema.upr_recommendation
    return _rec_select(session.conn, filters, query, columns=(t.c.id,), within=within, meaning=meaning)


def matching_ids(session: ReadSession, ids: Selection) -> list[str]:
    """The ids a selection holds."""
    return [str(x) for x in session.conn.scalars(ids)]


def recommendation_with_source(session: ReadSession, rec_id: str) -> Row[Any] | None:
    """One recommendation with the Working Group report's paragraph, response and symbol where loaded, and its
    source's path, sha256 and dataset; None if none."""
    conn = session.conn
    t, s, p = schema.upr_recommendation, schema.source, schema.upr_report_paragraph
    rs = schema.source.alias("report_source")
    return conn.execute(select(t, s.c.path, s.c.sha256, s.c.dataset, p.c.paragraph.label("report_paragraph"),
                               p.c.response.label("report_response"), rs.c.symbol.label("report_symbol"))
                        .join(s, s.c.id == t.c.source_id).outerjoin(p, p.c.recommendation_id == t.c.id)
                        .outerjoin(rs, rs.c.id == p.c.source_id).where(t.c.id == rec_id)).first()


def recommendation_facets(session: ReadSession, filters: Mapping[str, Any], query: TextQuery, *, within: Within = (),
                          meaning: Nearest | None = None) -> dict[str, list[tuple[Any, int]]]:
    """For each facet, its values and counts under every other filter and `within`, most frequent first (cycles
    in order).

    One statement for all facets. With a search, the matching recommendations are found once (a materialised
    CTE of their facet columns) and every facet counts over those rows, instead of each facet running the
    full-text match again. Unfiltered, the issue facet is counted on the issue table alone; the regional group
    is summed from the recommending states' counts when neither is filtered.
    """
    conn = session.conn
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
    columns = {"cycle": rows.c.cycle, "session": rows.c.session, "response": effective_response(rows),
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


class _NoQuery:
    """The empty search: every row matches."""

    empty = True
    only_excluded = False

    def fts5(self) -> str:
        return ""

    def tsquery(self) -> str:
        return ""

    def inverted(self) -> TextQuery:
        return self


_NO_QUERY = _NoQuery()


# ---- roll calls ----------------------------------------------------------------------------------------------

def _vote_select(conn: Connection, query: TextQuery, session: Any, sort: str = "-date") -> Select[Any]:
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


def vote_rows(session: ReadSession, query: TextQuery, un_session: Any = None, sort: str = "-date", *,
              offset: int | None = None, limit: int | None = None) -> tuple[Rows, int]:
    """The roll calls of the General Assembly sessions in `un_session` (all if none) matching the search, in the
    order `sort` names (see VOTE_SORTS; InputError for another), one page of them where `limit` is given, and how
    many in all."""
    conn = session.conn
    return _paged(conn, _vote_select(conn, query, un_session, sort), offset, limit)


def vote_totals(session: ReadSession, rcids: Sequence[int]) -> dict[int, dict[str, int]]:
    """For each roll call of `rcids`: how many states voted each way."""
    conn = session.conn
    v = schema.country_vote
    counts: dict[int, dict[str, int]] = {i: {} for i in rcids}
    for chunk in (list(rcids[k:k + 500]) for k in range(0, len(rcids), 500)):
        for rcid, vote, n in conn.execute(select(v.c.rcid, v.c.vote, func.count()).where(v.c.rcid.in_(chunk))
                                          .group_by(v.c.rcid, v.c.vote)):
            counts[rcid][vote] = int(n)
    return counts


# ---- designations --------------------------------------------------------------------------------------------

def _des_select(conn: Connection, filters: Mapping[str, Any], query: NamedQuery,
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


def designation_rows(session: ReadSession, filters: Mapping[str, Any], query: NamedQuery,
                     named: Sequence[tuple[str, str, float]] = (), *, offset: int | None = None,
                     limit: int | None = None) -> tuple[Rows, int]:
    """Designations matching the filters (see DES_FILTERS) and the search (and those in `named`: (list, reference,
    score) that a name model found, ranked first), one page of them where `limit` is given, and how many in all."""
    conn = session.conn
    return _paged(conn, _des_select(conn, filters, query, named), offset, limit)


def designation_details(session: ReadSession, ids: Sequence[str]) -> list[dict[str, str]]:
    """For each designation id: its aliases, dates of birth and documents, each joined by " | " (CSV-safe)."""
    conn = session.conn
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


def designation_regimes(session: ReadSession) -> list[tuple[str, int]]:
    """Every regime with its number of designations, most first."""
    conn = session.conn
    r = schema.designation_regime
    return [(k, int(n)) for k, n in conn.execute(select(r.c.regime, func.count()).group_by(r.c.regime)
                                                  .order_by(func.count().desc(), r.c.regime))]
