"""Every statement on the vector index's table, `search_vector` (kind, ref, model, vec; declared in
`schema_search.py` with the other search tables).

The vector is stored as float16 bytes (a BLOB on SQLite, a BYTEA on PostgreSQL; the server here has no pgvector).
The row 'vectors' of `search_state` holds a token that every change renews, so that a process holding the matrix
in memory knows when to read it again. What is embedded, with which model, and how vectors are ranked is
`search/vectors.py`'s; this module only reads and writes rows. The readers take the `ReadSession` asking; the
writers (`drop_stale_vectors`, `unembedded_texts`, `insert_vectors`, `mark_vectors_changed`) the connection of the
write transaction that embeds.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import Connection, inspect, text

from rightsdesk.store import ReadSession
from rightsdesk.store.edits import note_edit


def drop_stale_vectors(conn: Connection, kind: str, model: str) -> int:
    """Delete the vectors of `kind` made by another model or of a recommendation no longer held; how many."""
    return int(conn.execute(text(
        "DELETE FROM search_vector WHERE kind = :k AND (model <> :m OR ref NOT IN (SELECT id FROM upr_recommendation))"
    ), {"k": kind, "m": model}).rowcount or 0)


def unembedded_texts(conn: Connection, kind: str) -> list[tuple[str, str]]:
    """(id, text) of the recommendations with no vector of `kind`, by id."""
    rows = conn.execute(text(
        "SELECT id, text FROM upr_recommendation WHERE id NOT IN (SELECT ref FROM search_vector WHERE kind = :k) "
        "ORDER BY id"), {"k": kind}).tuples()
    return [(str(ref), str(body)) for ref, body in rows]


def insert_vectors(conn: Connection, kind: str, model: str, vectors: Iterable[tuple[str, bytes]]) -> None:
    """Write (ref, vector bytes) rows of `kind` made by `model`."""
    conn.execute(text("INSERT INTO search_vector (kind, ref, model, vec) VALUES (:k, :r, :m, :v)"),
                 [{"k": kind, "r": ref, "m": model, "v": vec} for ref, vec in vectors])


def mark_vectors_changed(conn: Connection) -> None:
    """Mark the vectors changed with a fresh random token (not a counter: the full-text index's rebuild empties
    `search_state`, and a counter started again could meet an old value that a process still holds); the edit is
    noted for the caches of public answers."""
    token = secrets.randbelow(2**31 - 1) + 1
    if conn.execute(text("UPDATE search_state SET n = :n WHERE kind = 'vectors'"), {"n": token}).rowcount == 0:
        conn.execute(text("INSERT INTO search_state (kind, n) VALUES ('vectors', :n)"), {"n": token})
    note_edit(conn)  # what search answers changed: caches of public answers follow (store/edits.py)


def has_vectors(session: ReadSession) -> bool:
    """True when the vector table exists (the schema makes it from revision `search_1` on; it may be empty)."""
    return bool(inspect(session.conn).has_table("search_vector"))


def vector_count(session: ReadSession, kind: str) -> int:
    """How many vectors of `kind` the store holds (0 when the vector index was never built)."""
    if not has_vectors(session):
        return 0
    return int(session.conn.execute(text("SELECT count(*) FROM search_vector WHERE kind = :k"),
                                    {"k": kind}).scalar() or 0)


def vectors_generation(session: ReadSession) -> int:
    """The token of the vectors' last change (0 when none is recorded)."""
    return int(session.conn.exec_driver_sql("SELECT n FROM search_state WHERE kind = 'vectors'").scalar() or 0)


def vector_rows(session: ReadSession, kind: str) -> list[tuple[str, str, bytes]]:
    """(ref, model, vector bytes) of every vector of `kind`, by ref."""
    rows = session.conn.execute(text("SELECT ref, model, vec FROM search_vector WHERE kind = :k ORDER BY ref"),
                                {"k": kind}).tuples()
    return [(str(ref), str(model), bytes(vec)) for ref, model, vec in rows]
