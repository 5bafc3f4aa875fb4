"""The screening index's blocking postings in the store (tables `screening_key`, `screening_entry`), so that one
`rightsdesk screen` reads only its candidates. SQL only: what the postings are is `screening.index`'s, and the
refresh and the reading are composed in `pipeline/screening.py`.

    keys_stale(conn, algorithm)    True when the postings were computed from other lists than those held, by
                                   another algorithm (`screening.index.KEYS_VERSION`), or never
    save_postings(conn, algorithm, entries, keys)   replace the postings and stamp them (`derived_version` row
                                   "screening"), in the caller's transaction, like the cross-list links
    read_postings(conn, keys)      the rows of these keys, in key, name order: each posting whole
    read_entries(conn, entries)    where these entries' designations and names are
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Row, delete, select

from rightsdesk.model.vocab import SanctionsList
from rightsdesk.store import schema
from rightsdesk.store.readers.sources import fingerprint

SCREENING = "screening"  # the derived_version row of the postings
CHUNK = 5000


def inputs_version(conn: Connection, algorithm: str) -> str:
    """What the postings are computed from: the sanctions lists' sources, and the way keys are made."""
    lists = fingerprint(conn, SanctionsList.ingestors())
    return hashlib.sha256(f"{algorithm}:{lists}".encode()).hexdigest()


def keys_stale(conn: Connection, algorithm: str) -> bool:
    """True when the stored postings are not those of the lists held now (or were never computed)."""
    v = schema.derived_version
    stored = conn.execute(select(v.c.version).where(v.c.name == SCREENING)).scalar()
    return stored != inputs_version(conn, algorithm)


def has_postings(conn: Connection) -> bool:
    """True when any entry is stored."""
    return conn.execute(select(schema.screening_entry.c.entry).limit(1)).first() is not None


def save_postings(conn: Connection, algorithm: str, entries: Iterable[dict[str, Any]],
                  keys: Iterable[dict[str, Any]]) -> None:
    """Replace the postings with these rows (the tables' columns) and stamp them, in the caller's transaction."""
    conn.execute(delete(schema.screening_key))
    conn.execute(delete(schema.screening_entry))
    _insert(conn, schema.screening_entry, entries)
    _insert(conn, schema.screening_key, keys)
    v = schema.derived_version
    conn.execute(delete(v).where(v.c.name == SCREENING))
    conn.execute(v.insert().values(name=SCREENING, version=inputs_version(conn, algorithm),
                                   computed_at=dt.datetime.now(dt.UTC)))


def _insert(conn: Connection, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            conn.execute(table.insert(), batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)


def read_postings(conn: Connection, keys: Iterable[str]) -> list[Row[tuple[str, int, int]]]:
    """(key, name, entry) of these keys, in key then name order."""
    k = schema.screening_key
    out: list[Row[tuple[str, int, int]]] = []
    for chunk in _chunks(sorted(set(keys))):
        out += conn.execute(select(k.c.key, k.c.name, k.c.entry).where(k.c.key.in_(chunk))
                            .order_by(k.c.key, k.c.name, k.c.entry)).all()
    return out


def read_entries(conn: Connection, entries: Iterable[int]) -> list[Row[tuple[int, str, int, int]]]:
    """(entry, designation_id, first_name, names) of these entries, in entry order."""
    e = schema.screening_entry
    out: list[Row[tuple[int, str, int, int]]] = []
    for chunk in _chunks(sorted(set(entries))):
        out += conn.execute(select(e.c.entry, e.c.designation_id, e.c.first_name, e.c.names)
                            .where(e.c.entry.in_(chunk)).order_by(e.c.entry)).all()
    return out


def _chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
