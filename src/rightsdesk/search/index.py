"""The full-text index: one `search_doc` table over recommendations, roll calls and designations.

SQLite: an FTS5 table with the Porter stemmer (ranked by bm25). PostgreSQL: a table with a weighted
`tsvector` column and a GIN index (ranked by ts_rank). Both live outside the store's schema metadata and are
rebuilt by `ensure_index` whenever the counts of the indexed tables, or the loaded source files (their ids,
which hash their sha256), differ from those recorded at the last build: a corrected file with the same name and
the same row count is a new source, so it reindexes too.

Hits carry highlighted text with the private-use marks `MARK_START`/`MARK_END` around matched words;
`split_marked` turns that into (text, is_hit) segments for any renderer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Float, Integer, String, TextClause, text
from sqlalchemy.sql.selectable import Subquery

from rightsdesk.search.query import SearchQuery

MARK_START, MARK_END = "\ue000", "\ue001"
KINDS = ("recommendation", "vote", "designation")

_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_doc USING fts5(kind UNINDEXED, ref UNINDEXED, title, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS search_state (kind TEXT PRIMARY KEY, n INTEGER NOT NULL)",
)
_PG_DDL = (
    "CREATE TABLE IF NOT EXISTS search_doc (kind TEXT NOT NULL, ref TEXT NOT NULL, title TEXT NOT NULL, "
    "body TEXT NOT NULL, tsv TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_search_doc_tsv ON search_doc USING GIN (tsv)",
    "CREATE INDEX IF NOT EXISTS ix_search_doc_ref ON search_doc (kind, ref)",
    "CREATE TABLE IF NOT EXISTS search_state (kind TEXT PRIMARY KEY, n INTEGER NOT NULL)",
)
_COUNTS = ("SELECT 'recommendation', count(*) FROM upr_recommendation UNION ALL "
           "SELECT 'vote', count(*) FROM roll_call UNION ALL "
           "SELECT 'designation', (SELECT count(*) FROM designation) * 100000 + count(*) FROM designation_name "
           "UNION ALL SELECT 'sources', count(*) FROM source")


def _sources(sqlite: bool) -> str:
    agg = "group_concat(n.name, ' ')" if sqlite else "string_agg(n.name, ' ')"
    return f"""
        SELECT 'recommendation', id, '', text FROM upr_recommendation
        UNION ALL
        SELECT 'vote', CAST(rcid AS TEXT), coalesce(symbol, symbol_original) || ' ' || short_title, description
        FROM roll_call
        UNION ALL
        SELECT 'designation', d.id,
               d.name || ' ' || d.name_original_script || ' ' || coalesce(
                   (SELECT {agg} FROM designation_name n WHERE n.designation_id = d.id), ''),
               d.narrative || ' ' || d.title || ' ' || d.function
        FROM designation d"""


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def ensure_index(conn: Connection) -> bool:
    """Create the index if missing and rebuild it if the indexed tables changed; True if it was (re)built."""
    for ddl in _SQLITE_DDL if _is_sqlite(conn) else _PG_DDL:
        conn.exec_driver_sql(ddl)
    current = {k: int(n) for k, n in conn.exec_driver_sql(_COUNTS).tuples()}
    current["content"] = _content_signature(conn)
    recorded = {k: int(n) for k, n in conn.exec_driver_sql("SELECT kind, n FROM search_state").tuples()}
    if current == recorded:
        return False
    rebuild_index(conn, current)
    return True


def _content_signature(conn: Connection) -> int:
    """A number that changes whenever the set of loaded sources changes (a source id hashes the file's sha256)."""
    ids = sorted(str(i) for i in conn.exec_driver_sql("SELECT id FROM source").scalars())
    return int(hashlib.sha256("\n".join(ids).encode()).hexdigest()[:7], 16)  # fits the 32-bit INTEGER column


def rebuild_index(conn: Connection, counts: dict[str, int]) -> None:
    """Refill the index from the store and record the counts it was built from."""
    conn.exec_driver_sql("DELETE FROM search_doc")
    if _is_sqlite(conn):
        conn.exec_driver_sql(f"INSERT INTO search_doc (kind, ref, title, body) {_sources(True)}")
        conn.exec_driver_sql("INSERT INTO search_doc (search_doc) VALUES ('optimize')")
    else:
        conn.exec_driver_sql(
            "INSERT INTO search_doc (kind, ref, title, body, tsv) SELECT k, r, t, b, "
            "setweight(to_tsvector('english', t), 'A') || setweight(to_tsvector('english', b), 'B') "
            f"FROM ({_sources(False)}) AS s (k, r, t, b)")
    conn.exec_driver_sql("DELETE FROM search_state")
    for kind, n in counts.items():
        conn.execute(text("INSERT INTO search_state (kind, n) VALUES (:k, :n)"), {"k": kind, "n": n})


def hits(conn: Connection, query: SearchQuery, kind: str) -> Subquery:
    """A subquery of the documents of `kind` matching `query`: columns `ref` and `score` (lower is better)."""
    ref = "CAST(ref AS INTEGER)" if kind == "vote" else "ref"  # roll calls are keyed by an integer
    if _is_sqlite(conn):
        sql = f"SELECT {ref} AS ref, rank AS score FROM search_doc WHERE search_doc MATCH :q AND kind = :k"
        q = query.fts5()
    else:
        sql = (f"SELECT {ref} AS ref, -ts_rank(tsv, to_tsquery('english', :q)) AS score FROM search_doc "
               "WHERE kind = :k AND tsv @@ to_tsquery('english', :q)")
        q = query.tsquery()
    clause: TextClause = text(sql).bindparams(q=q, k=kind)
    return clause.columns(ref=Integer if kind == "vote" else String, score=Float).subquery("hits")


def highlights(conn: Connection, query: SearchQuery, kind: str, refs: Sequence[str]) -> dict[str, str]:
    """The body of each document in `refs` with matched words between MARK_START and MARK_END."""
    if not refs or query.empty:
        return {}
    marks = {"s": MARK_START, "e": MARK_END}
    if _is_sqlite(conn):
        sql = ("SELECT ref, highlight(search_doc, 3, :s, :e) FROM search_doc "
               "WHERE search_doc MATCH :q AND kind = :k AND ref IN ({refs})")
        params: dict[str, Any] = {"q": query.fts5(), "k": kind, **marks}
    else:
        sql = ("SELECT ref, ts_headline('english', body, to_tsquery('english', :q), :opts) FROM search_doc "
               "WHERE kind = :k AND ref IN ({refs})")
        params = {"q": query.tsquery(), "k": kind,
                  "opts": f'HighlightAll=true, StartSel="{MARK_START}", StopSel="{MARK_END}"'}
    names = {f"r{i}": ref for i, ref in enumerate(refs)}
    sql = sql.replace("{refs}", ", ".join(f":{n}" for n in names))
    return {str(r): str(h) for r, h in conn.execute(text(sql), {**params, **names}).tuples()}


def split_marked(marked: str) -> list[tuple[str, bool]]:
    """Split highlighted text into (text, is_hit) segments."""
    out: list[tuple[str, bool]] = []
    for i, chunk in enumerate(marked.split(MARK_START)):
        if i == 0:
            out.append((chunk, False))
            continue
        hit, _, rest = chunk.partition(MARK_END)
        out += [(hit, True), (rest, False)]
    return [(t, h) for t, h in out if t]
