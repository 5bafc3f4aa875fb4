"""The full-text index's tables and every statement on them: one `search_doc` table over recommendations, roll
calls and designations (the document kinds the record kinds of `model/record_kinds.py` declare they feed, each
read from its kind's table), written source by source (`update_index`) and read by `hits`, `ranked`, `highlights`.

SQLite: an FTS5 table with the Porter stemmer (ranked by bm25). PostgreSQL: a table with a weighted
`tsvector` column and a GIN index (ranked by ts_rank). The tables are the schema's (`schema_search.py`, made by
the migration `search_1` or with a new database); an index of another `INDEX_VERSION` is dropped and made anew. Every
document carries the source it came from, and `search_source` records what each source contributed when it was
indexed; `update_index` reindexes only the sources that are new or changed and removes those no longer held (a
source id hashes its file's sha256, so a corrected file with the same name and row count is a new source).

What a search means (parsing, spellings, romanization) is `search/`'s: these functions take any `TextQuery`
(`search.query.SearchQuery` is one) and use only its renderings. Highlighted text carries the private-use marks
`MARK_START`/`MARK_END` around matched words (`search.index.split_marked` reads them).

The readers (`current_index`, `ranked`, `highlights`, `index_built`, `best_hits`) take the `ReadSession` asking;
`hits`, `index_key` and `ranked_refs` take the connection of the store's own readers (`readers/browse.py`), which
compose them into their statements. The writers (`update_index`, `ensure_index`) take the write transaction's
connection, as every writer of the store does.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Float, Integer, String, TextClause, inspect, select, text
from sqlalchemy.sql.selectable import Subquery

from rightsdesk.model.record_kinds import document_kinds, feeding
from rightsdesk.store import ReadSession
from rightsdesk.store.dialects import claim_writes
from rightsdesk.store.edits import note_edit
from rightsdesk.store.schema_search import create_search_doc, drop_search_doc


class TextQuery(Protocol):
    """What the index needs of a parsed search (`search.query.SearchQuery` is one): whether it is empty or
    excludes only, its FTS5 and tsquery renderings, and the query matching what an exclusions-only one excludes."""

    @property
    def empty(self) -> bool: ...

    @property
    def only_excluded(self) -> bool: ...

    def fts5(self) -> str: ...

    def tsquery(self) -> str: ...

    def inverted(self) -> TextQuery: ...


INDEX_WAIT_S = 120  # how long an index update waits for a load (or another update) to finish writing

MARK_START, MARK_END = "\ue000", "\ue001"
KINDS = document_kinds()  # ("recommendation", "vote", "designation"): the record kinds declare what they feed

INDEX_VERSION = 3  # bump when what a document holds changes: an index of another version is rebuilt whole

# SQLite: each kind's documents have rowids in a range of their own, so that a search of one kind is a rowid range
# FTS5 applies while it walks the matches; a test of the UNINDEXED `kind` column would read every match's stored
# row (for "torture", 1,700 recommendations read to count 8 designations: 25 ms against 0.1 ms).
KIND_SPAN = 1 << 40


def kind_rowids(kind: str) -> tuple[int, int]:
    """The first and last rowid of `kind`'s documents in the SQLite index."""
    low = (KINDS.index(kind) + 1) * KIND_SPAN
    return low, low + KIND_SPAN - 1

# What each loaded source contributes to the index now: a source's rows are written, replaced and removed
# together (every write stamps its source), so a changed (source, kind, count) is a changed set of documents.
# One document per row of the record kind that feeds it (model/record_kinds.py).
_HELD = " UNION ALL ".join(f"SELECT '{kind}', source_id, count(*) FROM {feeding(kind).table} GROUP BY source_id"
                           for kind in KINDS)

# How a row becomes a document of each kind: (ref, title, body), from the rows of the feeding kind's table
# (`{table}`, aliased `d`) of the sources `{ids}`; `{agg}` joins the names of a group. A document kind without
# an entry here fails at import: a record kind declared to feed it must say how.
_DOCUMENT: dict[str, str] = {
    "recommendation": "SELECT 'recommendation' AS k, d.id AS r, d.source_id AS s, '' AS t, d.text AS b",
    "vote": ("SELECT 'vote', CAST(d.rcid AS TEXT), d.source_id, "
             "coalesce(d.symbol, d.symbol_original) || ' ' || d.short_title, d.description"),
    "designation": ("SELECT 'designation', d.id, d.source_id, d.name || ' ' || d.name_original_script || ' ' || "
                    "coalesce((SELECT {agg} FROM designation_name n WHERE n.designation_id = d.id), ''), "
                    "d.narrative || ' ' || d.title || ' ' || d.function"),
}
assert set(_DOCUMENT) == set(KINDS), f"search documents declared {KINDS}, made {tuple(_DOCUMENT)}"


def _documents(sqlite: bool) -> str:
    agg = "group_concat(n.name, ' ')" if sqlite else "string_agg(n.name, ' ')"
    return " UNION ALL ".join(
        _DOCUMENT[kind].replace("{agg}", agg) + f" FROM {feeding(kind).table} d WHERE d.source_id IN ({{ids}})"
        for kind in KINDS)


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


@dataclass(frozen=True)
class IndexChange:
    """What `update_index` did: the sources whose documents it (re)indexed and those it took out."""

    indexed: tuple[str, ...]
    removed: tuple[str, ...]
    rebuilt: bool  # the whole index was made anew (first build, or an index of another INDEX_VERSION)

    def __bool__(self) -> bool:
        return bool(self.indexed or self.removed or self.rebuilt)


def ensure_index(conn: Connection) -> bool:
    """Create the index if missing and bring it up to date with the loaded sources; True if anything changed."""
    return bool(update_index(conn))


def update_index(conn: Connection) -> IndexChange:
    """Reindex only what changed since the last call, source by source: the documents of a source that is new
    or whose rows changed are (re)written, those of a source no longer held are removed. A source id hashes
    its file's sha256, so a corrected file with the same name and row count is a new source and reindexes.

    The update claims the writes first (SQLite: the file's write lock; PostgreSQL: a lock of the index's own), so
    that two updates (two builds, a build and a starting `serve`) run one after the other, the second finding
    the first's work, and one that meets a load waits for it instead of failing at once."""
    claim_writes(conn, "search-index", wait_s=INDEX_WAIT_S)
    rebuilt = _prepare(conn)
    now = {(str(source), str(kind)): int(n) for kind, source, n in conn.exec_driver_sql(_HELD).tuples()}
    recorded = {(str(source), str(kind)): int(n) for source, kind, n
                in conn.exec_driver_sql("SELECT source_id, kind, n FROM search_source").tuples()}
    held = {source for source, _ in now}
    changed = sorted({key[0] for key, n in now.items() if recorded.get(key) != n}
                     | {key[0] for key in recorded if key not in now and key[0] in held})
    removed = sorted({key[0] for key in recorded} - held)
    stale = changed + removed
    for chunk in _chunks(stale):
        conn.execute(text(f"DELETE FROM search_doc WHERE source_id IN ({_names(chunk)})"), _params(chunk))
        conn.execute(text(f"DELETE FROM search_source WHERE source_id IN ({_names(chunk)})"), _params(chunk))
    for chunk in _chunks(changed):
        _insert_documents(conn, chunk)
    for (source, kind), n in now.items():
        if source in changed:
            conn.execute(text("INSERT INTO search_source (source_id, kind, n) VALUES (:s, :k, :n)"),
                         {"s": source, "k": kind, "n": n})
    if stale and _is_sqlite(conn):
        conn.exec_driver_sql("INSERT INTO search_doc (search_doc) VALUES ('optimize')")
    elif stale:  # without fresh statistics the planner filters every row instead of using the GIN index (8x slower)
        conn.exec_driver_sql("ANALYZE search_doc")
    change = IndexChange(tuple(changed), tuple(removed), rebuilt)
    if change:  # what search answers changed: caches of public answers follow (store/edits.py)
        note_edit(conn)
    return change


def _prepare(conn: Connection) -> bool:
    """Make the index anew when it is of another version (or of before per-source tracking, or never built): the
    full-text table dropped and made again, what was recorded forgotten. True when the index starts empty. The
    tables themselves are the schema's (`schema_search.py`): nothing is made when the version is current."""
    version = conn.exec_driver_sql("SELECT n FROM search_state WHERE kind = 'version'").scalar()
    if version != INDEX_VERSION:
        drop_search_doc(conn)
        create_search_doc(conn)
        conn.exec_driver_sql("DELETE FROM search_source")
        conn.exec_driver_sql("DELETE FROM search_state")
        conn.execute(text("INSERT INTO search_state (kind, n) VALUES ('version', :n)"), {"n": INDEX_VERSION})
    return version != INDEX_VERSION


def _insert_documents(conn: Connection, sources: Sequence[str]) -> None:
    documents = _documents(_is_sqlite(conn)).replace("{ids}", _names(sources))
    params: dict[str, Any] = dict(_params(sources))
    if _is_sqlite(conn):  # each kind's new documents numbered on from the last rowid of its range
        for kind in KINDS:
            low, high = kind_rowids(kind)
            last = conn.execute(text("SELECT max(rowid) FROM search_doc WHERE rowid BETWEEN :lo AND :hi"),
                                {"lo": low, "hi": high}).scalar()
            params[f"start_{kind}"] = int(last if last is not None else low - 1)
        start = " ".join(f"WHEN '{kind}' THEN :start_{kind}" for kind in KINDS)
        sql = (f"INSERT INTO search_doc (rowid, kind, ref, source_id, title, body) SELECT (CASE k {start} END) + "
               f"row_number() OVER (PARTITION BY k), k, r, s, t, b FROM ({documents}) AS d")
    else:
        sql = ("INSERT INTO search_doc (kind, ref, source_id, title, body, tsv) SELECT k, r, s, t, b, "
               "setweight(to_tsvector('english', t), 'A') || setweight(to_tsvector('english', b), 'B') "
               f"FROM ({documents}) AS d (k, r, s, t, b)")
    conn.execute(text(sql), params)


def _chunks(ids: Sequence[str], size: int = 200) -> list[Sequence[str]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _names(ids: Sequence[str]) -> str:
    return ", ".join(f":s{i}" for i in range(len(ids)))


def _params(ids: Sequence[str]) -> dict[str, str]:
    return {f"s{i}": v for i, v in enumerate(ids)}


def hits(conn: Connection, query: TextQuery, kind: str, *, ranked: bool = True) -> Subquery:
    """A subquery of the documents of `kind` matching `query`, for the store's readers to compose into theirs: columns `ref`, `score` (lower is better; 0 for
    all when not `ranked`, which spares the ranking where only the set of matches counts, as in facets) and `tie`
    (the order among equal scores: SQLite the document's rowid, as `ranked` orders them). A query
    of exclusions only (`-torture`) matches every document of the kind holding none of them."""
    ref = "CAST(ref AS INTEGER)" if kind == "vote" else "ref"  # roll calls are keyed by an integer
    low, high = kind_rowids(kind)
    if _is_sqlite(conn) and query.only_excluded:  # FTS5 cannot start with NOT: every document but the matches
        sql = (f"SELECT {ref} AS ref, 0 AS score, rowid AS tie FROM search_doc WHERE rowid BETWEEN :lo AND :hi "
               "AND rowid NOT IN "
               "(SELECT rowid FROM search_doc WHERE search_doc MATCH :q AND rowid BETWEEN :lo AND :hi)")
        q = query.fts5()
    elif _is_sqlite(conn):
        score = "rank" if ranked else "0"
        sql = (f"SELECT {ref} AS ref, {score} AS score, rowid AS tie FROM search_doc WHERE search_doc MATCH :q "
               "AND rowid BETWEEN :lo AND :hi")
        q = query.fts5()
    else:
        score = "-ts_rank(tsv, to_tsquery('english', :q))" if ranked else "0"
        sql = (f"SELECT {ref} AS ref, {score} AS score, ref AS tie FROM search_doc "
               "WHERE kind = :k AND tsv @@ to_tsquery('english', :q)")
        q = query.tsquery()
    bound = {"q": q, "lo": low, "hi": high} if _is_sqlite(conn) else {"q": q, "k": kind}
    clause: TextClause = text(sql).bindparams(**bound)
    tie = Integer if _is_sqlite(conn) else String
    return clause.columns(ref=Integer if kind == "vote" else String, score=Float, tie=tie).subquery("hits")


_CURRENT: dict[tuple[str, str, str], bool] = {}  # (database, its sources, the index's record) -> index current?
_RANKED: OrderedDict[tuple[Any, ...], Any] = OrderedDict()  # see `ranked` and `highlights`
_RANKED_SIZE = 256
_LOCK = threading.Lock()


def current_index(session: ReadSession) -> tuple[str, str, str] | None:
    """A key naming the index's state when the index holds exactly the documents of the rows loaded now (every
    load since the last update was indexed), so that a search may count and rank in the index alone; None when it
    does not. Asked on every search: two small queries (the sources loaded, the sources indexed); the full
    comparison of what is held with what is indexed runs once per change of either."""
    return index_key(session.conn)


def index_key(conn: Connection) -> tuple[str, str, str] | None:
    """`current_index` on the connection of the store's own readers (`readers/browse.py`), which compose the
    index's statements into theirs."""
    sources = "".join(f"{i}:{h};" for i, h in conn.exec_driver_sql("SELECT id, sha256 FROM source ORDER BY id"))
    indexed = "".join(f"{s}:{k}:{n};" for s, k, n in conn.exec_driver_sql(
        "SELECT source_id, kind, n FROM search_source ORDER BY source_id, kind"))
    key = (conn.engine.url.render_as_string(hide_password=True), sources, indexed)
    with _LOCK:
        known = _CURRENT.get(key)
    if known is None:
        held = {(str(source), str(kind)): int(n) for kind, source, n in conn.exec_driver_sql(_HELD).tuples()}
        recorded = {(str(source), str(kind)): int(n) for source, kind, n
                    in conn.exec_driver_sql("SELECT source_id, kind, n FROM search_source").tuples()}
        version = conn.exec_driver_sql("SELECT n FROM search_state WHERE kind = 'version'").scalar()
        known = held == recorded and version == INDEX_VERSION
        with _LOCK:
            if len(_CURRENT) > 64:
                _CURRENT.clear()
            _CURRENT[key] = known
    return key if known else None


def ranked(session: ReadSession, state: tuple[str, str, str], query: TextQuery, kind: str, limit: int,
           offset: int) -> tuple[int, list[Any]]:
    """(how many documents of `kind` match `query`, the refs of one page of them, best first), counted and
    ranked in the index alone; `state` is `current_index`'s key. Remembered under that key: the same search
    on the same index gives the same page, and an update of the index (or a load) makes a new key."""
    return ranked_refs(session.conn, state, query, kind, limit, offset)


def ranked_refs(conn: Connection, state: tuple[str, str, str], query: TextQuery, kind: str, limit: int,
                offset: int) -> tuple[int, list[Any]]:
    """`ranked` on the connection of the store's own readers (`readers/browse.py`)."""
    expression = query.fts5() if _is_sqlite(conn) else query.tsquery()
    found: tuple[int, list[Any]] = _remembered((state, expression, kind, limit, offset),
                                               lambda: _ranked(conn, expression, kind, limit, offset))
    return found


def _remembered(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """`compute()`, remembered under `key` (the least recently used of _RANKED_SIZE forgotten first)."""
    with _LOCK:
        if key in _RANKED:
            _RANKED.move_to_end(key)
            return _RANKED[key]
    value = compute()
    with _LOCK:
        _RANKED[key] = value
        while len(_RANKED) > _RANKED_SIZE:
            _RANKED.popitem(last=False)
    return value


def _ranked(conn: Connection, expression: str, kind: str, limit: int, offset: int) -> tuple[int, list[Any]]:
    if _is_sqlite(conn):
        low, high = kind_rowids(kind)
        where, params = "search_doc MATCH :q AND rowid BETWEEN :lo AND :hi", {"q": expression, "lo": low, "hi": high}
        page = (f"SELECT ref FROM search_doc WHERE {where} ORDER BY rank, rowid LIMIT :n OFFSET :o")
    else:
        where, params = "kind = :k AND tsv @@ to_tsquery('english', :q)", {"q": expression, "k": kind}
        page = (f"SELECT ref FROM search_doc WHERE {where} "
                "ORDER BY ts_rank(tsv, to_tsquery('english', :q)) DESC, ref LIMIT :n OFFSET :o")
    total = int(conn.execute(text(f"SELECT count(*) FROM search_doc WHERE {where}"), params).scalar() or 0)
    refs = [int(r) if kind == "vote" else str(r) for r in
            conn.execute(text(page), {**params, "n": limit, "o": offset}).scalars()]
    return total, refs


def highlights(session: ReadSession, query: TextQuery, kind: str, refs: Sequence[str]) -> dict[str, str]:
    """The body of each document in `refs` with matched words between MARK_START and MARK_END (remembered while
    the index stays the same, see `ranked`: marking means reading every match of the query)."""
    if not refs or query.empty or query.only_excluded:
        return {}
    conn = session.conn
    state = index_key(conn)
    if state is None:
        return _highlights(conn, query, kind, refs)
    key = ("highlights", state, query.fts5() if _is_sqlite(conn) else query.tsquery(), kind, tuple(refs))
    marked: dict[str, str] = _remembered(key, lambda: _highlights(conn, query, kind, refs))
    return marked


def _highlights(conn: Connection, query: TextQuery, kind: str, refs: Sequence[str]) -> dict[str, str]:
    marks = {"s": MARK_START, "e": MARK_END}
    if _is_sqlite(conn):
        sql = ("SELECT ref, highlight(search_doc, 4, :s, :e) FROM search_doc "
               "WHERE search_doc MATCH :q AND rowid BETWEEN :lo AND :hi AND ref IN ({refs})")
        low, high = kind_rowids(kind)
        params: dict[str, Any] = {"q": query.fts5(), "lo": low, "hi": high, **marks}
    else:
        sql = ("SELECT ref, ts_headline('english', body, to_tsquery('english', :q), :opts) FROM search_doc "
               "WHERE kind = :k AND ref IN ({refs})")
        params = {"q": query.tsquery(), "k": kind,
                  "opts": f'HighlightAll=true, StartSel="{MARK_START}", StopSel="{MARK_END}"'}
    names = {f"r{i}": ref for i, ref in enumerate(refs)}
    sql = sql.replace("{refs}", ", ".join(f":{n}" for n in names))
    return {str(r): str(h) for r, h in conn.execute(text(sql), {**params, **names}).tuples()}


def index_built(session: ReadSession) -> bool:
    """True when the full-text index was built: its table exists (the schema makes it empty) and an index
    version is recorded (it may still lag the loads: see `current_index`)."""
    if not inspect(session.conn).has_table("search_doc"):
        return False
    return session.conn.exec_driver_sql("SELECT n FROM search_state WHERE kind = 'version'").scalar() is not None


def best_hits(session: ReadSession, query: TextQuery, kind: str, limit: int) -> list[tuple[Any, float]]:
    """(ref, score) of the `limit` best documents of `kind` matching `query`, best first (lower score is better,
    ties by ref)."""
    sub = hits(session.conn, query, kind)
    rows = session.conn.execute(select(sub.c.ref, sub.c.score).order_by(sub.c.score, sub.c.ref).limit(limit)).tuples()
    return [(ref, float(score)) for ref, score in rows]
