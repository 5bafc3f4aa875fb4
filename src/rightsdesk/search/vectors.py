"""The vector index: one unit vector per recommendation, kept beside the full-text index, on either engine.

`search_vector` holds (kind, ref, model, vec): the vector as float16 bytes (a BLOB on SQLite, a BYTEA on
PostgreSQL; the server here has no pgvector, and a scan of 41,066 vectors in numpy takes a few milliseconds).
`update_vectors` embeds only the recommendations that have no vector from the current model (a recommendation's
id hashes its text, so a changed text is a new id) and drops the vectors of those no longer held or made by
another model. `nearest` ranks by cosine over the whole matrix, read once per process and change (the
`search_state` row 'vectors' holds a token that every change renews).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, text

from rightsdesk.search.embed import StaticEmbedder, load_embedder

KIND = "recommendation"  # what is embedded now; votes and designations are found by words alone
BATCH = 2048
_DTYPE = np.float16

_DDL = {
    "sqlite": "CREATE TABLE IF NOT EXISTS search_vector (kind TEXT NOT NULL, ref TEXT NOT NULL, model TEXT NOT NULL, "
              "vec BLOB NOT NULL, PRIMARY KEY (kind, ref))",
    "postgresql": "CREATE TABLE IF NOT EXISTS search_vector (kind TEXT NOT NULL, ref TEXT NOT NULL, "
                  "model TEXT NOT NULL, vec BYTEA NOT NULL, PRIMARY KEY (kind, ref))",
}
_STATE = "CREATE TABLE IF NOT EXISTS search_state (kind TEXT PRIMARY KEY, n INTEGER NOT NULL)"
_cache: dict[tuple[str, str], tuple[int, str, list[str], np.ndarray]] = {}


@dataclass(frozen=True)
class VectorChange:
    """What `update_vectors` did: how many vectors it made and dropped, with which model, in how long."""

    embedded: int
    removed: int
    model: str
    seconds: float

    def __bool__(self) -> bool:
        return bool(self.embedded or self.removed)


def update_vectors(conn: Connection, embedder: StaticEmbedder | None = None) -> VectorChange:
    """Embed the recommendations that have no vector from this model; drop vectors no longer wanted."""
    started = time.perf_counter()
    model = embedder or load_embedder()
    conn.exec_driver_sql(_DDL["sqlite" if conn.dialect.name == "sqlite" else "postgresql"])
    conn.exec_driver_sql(_STATE)
    removed = conn.execute(text(
        "DELETE FROM search_vector WHERE kind = :k AND (model <> :m OR ref NOT IN (SELECT id FROM upr_recommendation))"
    ), {"k": KIND, "m": model.name}).rowcount or 0
    missing = conn.execute(text(
        "SELECT id, text FROM upr_recommendation WHERE id NOT IN (SELECT ref FROM search_vector WHERE kind = :k) "
        "ORDER BY id"), {"k": KIND}).all()
    for i in range(0, len(missing), BATCH):
        chunk = missing[i:i + BATCH]
        vectors = model.embed([str(t) for _, t in chunk]).astype(_DTYPE)
        conn.execute(text("INSERT INTO search_vector (kind, ref, model, vec) VALUES (:k, :r, :m, :v)"),
                     [{"k": KIND, "r": ref, "m": model.name, "v": v.tobytes()} for (ref, _), v in zip(chunk, vectors, strict=True)])
    if missing or removed:
        _bump(conn)
    return VectorChange(len(missing), int(removed), model.name, time.perf_counter() - started)


def _bump(conn: Connection) -> None:
    """Mark the vectors changed with a fresh random token (not a counter: the full-text index's rebuild empties
    `search_state`, and a counter started again could meet an old value that a process still holds)."""
    token = secrets.randbelow(2**31 - 1) + 1
    if conn.execute(text("UPDATE search_state SET n = :n WHERE kind = 'vectors'"), {"n": token}).rowcount == 0:
        conn.execute(text("INSERT INTO search_state (kind, n) VALUES ('vectors', :n)"), {"n": token})


def vector_count(conn: Connection, kind: str = KIND) -> int:
    """How many vectors of `kind` the store holds (0 when the vector index was never built)."""
    if not _has_table(conn):
        return 0
    return int(conn.execute(text("SELECT count(*) FROM search_vector WHERE kind = :k"), {"k": kind}).scalar() or 0)


def _has_table(conn: Connection) -> bool:
    from sqlalchemy import inspect

    return bool(inspect(conn).has_table("search_vector"))


def matrix(conn: Connection, kind: str = KIND) -> tuple[str, list[str], np.ndarray]:
    """(model name, refs, float32 matrix with one unit row per ref), read once per change of the index; no refs
    when the vector index was never built."""
    key = (conn.engine.url.render_as_string(hide_password=False), kind)
    held = _cache.get(key)
    if held is None and not _has_table(conn):  # once seen, the tables are taken to stay
        return "", [], np.zeros((0, 0), dtype=np.float32)
    generation = int(conn.exec_driver_sql("SELECT n FROM search_state WHERE kind = 'vectors'").scalar() or 0)
    if held and held[0] == generation:
        return held[1], held[2], held[3]
    rows = conn.execute(text("SELECT ref, model, vec FROM search_vector WHERE kind = :k ORDER BY ref"),
                        {"k": kind}).all()
    refs = [str(r) for r, _, _ in rows]
    models = {str(m) for _, m, _ in rows}
    name = models.pop() if len(models) == 1 else ""
    if rows:
        mat = np.frombuffer(b"".join(bytes(v) for _, _, v in rows), dtype=_DTYPE).reshape(len(rows), -1)
        mat32 = mat.astype(np.float32)
    else:
        mat32 = np.zeros((0, 0), dtype=np.float32)
    _cache[key] = (generation, name, refs, mat32)
    return name, refs, mat32


def nearest(conn: Connection, query: np.ndarray, limit: int, kind: str = KIND,
            among: Sequence[str] | None = None) -> list[tuple[str, float]]:
    """The `limit` refs whose vectors are closest to `query` (a unit vector), best first, with cosines."""
    _, refs, mat = matrix(conn, kind)
    if not refs or not np.any(query):
        return []
    # einsum, not BLAS: a matrix-vector product gains nothing from BLAS threads, and loses much to them on a
    # busy machine (6 ms against 20 ms for 41,066 x 128 on 2 shared cores)
    scores = np.einsum("ij,j->i", mat, query.astype(np.float32))
    if among is not None:
        wanted = set(among)
        keep = np.fromiter((r in wanted for r in refs), dtype=bool, count=len(refs))
        scores = np.where(keep, scores, -np.inf)
    limit = min(limit, len(refs))
    top = np.argpartition(-scores, limit - 1)[:limit]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(refs[i], float(scores[i])) for i in top if np.isfinite(scores[i])]


