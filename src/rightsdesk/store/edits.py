"""What changes the public answers without a load: `note_edit` in the writing transaction, `edits_version` to read.

A load changes a source and so the store's content version (`readers.sources.content_version`). Some public
data change without one: a person's or a model's labels (`labels.py`), a decision on a cross-list link
(`links.decide`), the links recomputed, the full-text index or the vectors brought up to date (`pipeline.reindex`).
Each of those writes a fresh stamp into `derived_version` (row "edits") in its own transaction, and
`edits_version` hashes that table's rows (a few), so a cache keyed by the content version and this one is
never stale. `public_version` is both in one fingerprint, read with two plain statements (no query building: it
is asked on every request of `web/cache.py`, where the SQLAlchemy form cost 0.8 ms and this 0.2). Case data, accounts and sessions are not public and play no part here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from sqlalchemy import Connection, delete, select

from rightsdesk.store import schema

EDITS = "edits"  # the derived_version row of the edits


def note_edit(conn: Connection) -> None:
    """Record, in the caller's transaction, that public data changed without a load."""
    v = schema.derived_version
    conn.execute(delete(v).where(v.c.name == EDITS))
    conn.execute(v.insert().values(name=EDITS, version=uuid.uuid4().hex, computed_at=dt.datetime.now(dt.UTC)))


def edits_version(conn: Connection) -> str:
    """A fingerprint of the edits noted and the derived data's versions (one query over a table of a few rows)."""
    v = schema.derived_version
    digest = hashlib.sha256()
    for name, version, at in conn.execute(select(v.c.name, v.c.version, v.c.computed_at).order_by(v.c.name)):
        digest.update(f"{name}:{version}:{at};".encode())
    return digest.hexdigest()


def public_version(conn: Connection) -> str:
    """A fingerprint of the loaded sources (as `readers.sources.content_version`) and of `edits_version`'s rows:
    it changes with every load and every edit noted."""
    digest = hashlib.sha256()
    for sid, sha in conn.exec_driver_sql(f"SELECT id, sha256 FROM {schema.source.name} ORDER BY id"):
        digest.update(f"{sid}:{sha};".encode())
    digest.update(b"|")
    v = schema.derived_version.name
    for name, version, at in conn.exec_driver_sql(f"SELECT name, version, computed_at FROM {v} ORDER BY name"):
        digest.update(f"{name}:{version}:{at};".encode())
    return digest.hexdigest()
