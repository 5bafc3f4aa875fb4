"""The vector index: one unit vector per recommendation, kept beside the full-text index, on either engine.

`search_vector` holds (kind, ref, model, vec): the vector as float16 bytes (a BLOB on SQLite, a BYTEA on
PostgreSQL; the server here has no pgvector, and a scan of 41,066 vectors in numpy takes a few milliseconds).
`update_vectors` embeds only the recommendations that have no vector from the current model (a recommendation's
id hashes its text, so a changed text is a new id) and drops the vectors of those no longer held or made by
another model. `nearest` ranks by cosine over the whole matrix, read once per process and change (the
`search_state` row 'vectors' holds a token that every change renews). The table and its statements are the
store's (`store/search_vectors.py`); what is embedded, with which model, and the ranking are here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection

from rightsdesk.search.embed import StaticEmbedder, load_embedder
from rightsdesk.store import ReadSession
from rightsdesk.store import search_vectors as stored

KIND = "recommendation"  # what is embedded now; votes and designations are found by words alone
BATCH = 2048
_DTYPE = np.float16

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
    removed = stored.drop_stale_vectors(conn, KIND, model.name)
    missing = stored.unembedded_texts(conn, KIND)
    for i in range(0, len(missing), BATCH):
        chunk = missing[i:i + BATCH]
        vectors = model.embed([t for _, t in chunk]).astype(_DTYPE)
        stored.insert_vectors(conn, KIND, model.name,
                              [(ref, v.tobytes()) for (ref, _), v in zip(chunk, vectors, strict=True)])
    if missing or removed:
        stored.mark_vectors_changed(conn)
    return VectorChange(len(missing), int(removed), model.name, time.perf_counter() - started)


def vector_count(session: ReadSession, kind: str = KIND) -> int:
    """How many vectors of `kind` the store holds (0 when the vector index was never built)."""
    return stored.vector_count(session, kind)


def matrix(session: ReadSession, kind: str = KIND) -> tuple[str, list[str], np.ndarray]:
    """(model name, refs, float32 matrix with one unit row per ref), read once per change of the index; no refs
    when the vector index was never built."""
    key = (session.conn.engine.url.render_as_string(hide_password=False), kind)
    held = _cache.get(key)
    if held is None and not stored.has_vectors(session):  # once seen, the tables are taken to stay
        return "", [], np.zeros((0, 0), dtype=np.float32)
    generation = stored.vectors_generation(session)
    if held and held[0] == generation:
        return held[1], held[2], held[3]
    rows = stored.vector_rows(session, kind)
    refs = [r for r, _, _ in rows]
    models = {m for _, m, _ in rows}
    name = models.pop() if len(models) == 1 else ""
    if rows:
        mat = np.frombuffer(b"".join(v for _, _, v in rows), dtype=_DTYPE).reshape(len(rows), -1)
        mat32 = mat.astype(np.float32)
    else:
        mat32 = np.zeros((0, 0), dtype=np.float32)
    _cache[key] = (generation, name, refs, mat32)
    return name, refs, mat32


def nearest(session: ReadSession, query: np.ndarray, limit: int, kind: str = KIND,
            among: Sequence[str] | None = None) -> list[tuple[str, float]]:
    """The `limit` refs whose vectors are closest to `query` (a unit vector), best first, with cosines."""
    _, refs, mat = matrix(session, kind)
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


