"""What changes the public answers without a load: `note_edit` in the writing transaction, `public_version` to read.

A load changes a source and so the store's content version (`readers.sources.content_version`). Some public
data change without one: a person's or a model's labels (`labels.py`), a decision on a cross-list link
(`links.decide`), the links recomputed, the full-text index or the vectors brought up to date (`pipeline.reindex`).
Each of those writes a fresh stamp into `derived_version` (row "edits") in its own transaction (`stamp`: one
upsert, so that two edits at once both commit), and `public_version` hashes the loaded sources and that table's
rows (a few) in one fingerprint, so a cache keyed by it is never stale. It is read with two plain statements
(`readers.sources.fingerprint` and one here; no query building: it is asked on every request of `web/cache.py`,
where the SQLAlchemy form cost 0.8 ms and this 0.2). Case data, accounts and sessions are not public and play no part here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from rightsdesk.store import schema
from rightsdesk.store.readers.sources import fingerprint

EDITS = "edits"  # the derived_version row of the edits


def stamp(conn: Connection, name: str, version: str) -> None:
    """Set the `derived_version` row `name` in the caller's transaction: one INSERT ... ON CONFLICT DO UPDATE, so
    that two transactions stamping at once both commit (a delete and an insert would fail the second on the key)."""
    v = schema.derived_version
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(v)
    values = {"version": version, "computed_at": dt.datetime.now(dt.UTC)}
    conn.execute(insert.values(name=name, **values).on_conflict_do_update(index_elements=[v.c.name], set_=values))


def note_edit(conn: Connection) -> None:
    """Record, in the caller's transaction, that public data changed without a load."""
    stamp(conn, EDITS, uuid.uuid4().hex)


def public_version(conn: Connection) -> str:
    """A fingerprint of the loaded sources (as `readers.sources.content_version`) and of the `derived_version`
    rows (the edits noted, the links' version): it changes with every load and every edit noted."""
    digest = hashlib.sha256(fingerprint(conn).encode() + b"|")
    v = schema.derived_version.name
    for name, version, at in conn.exec_driver_sql(f"SELECT name, version, computed_at FROM {v} ORDER BY name"):
        digest.update(f"{name}:{version}:{at};".encode())
    return digest.hexdigest()
