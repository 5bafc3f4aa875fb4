"""The screening index's blocking postings in the store, so that one `rightsdesk screen` reads only its candidates.

    refresh(conn)            build the index over every designation held and save its postings (tables
                             `screening_key`, `screening_entry`), stamped in `derived_version` (row "screening")
    keys_stale(conn)         True when the postings were computed from other lists than those held, by another
                             KEYS_VERSION, or never
    partial_index(session, query)   the PartialIndex that scoring `query` needs, or None when the postings are stale

Entries and names keep the numbers `ScreeningIndex.build` gives them over `load_designations` (every list, in list
and reference order), and each posting is stored whole, so scoring the partial index gives the same candidates,
scores and order as scoring the whole one. A query with `--lists` builds its own index (the postings, and so the
candidates, of a smaller index differ). Written in the transaction that computes them, like the cross-list links
(`store/links.py`): a load that stopped before leaves them stale, and the next build or list load recomputes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from sqlalchemy import Connection, delete, select

from rightsdesk.model.vocab import SanctionsList
from rightsdesk.screening.index import PartialIndex, ScreeningIndex, blocking_keys, identifier_keys
from rightsdesk.screening.query import ScreeningQuery
from rightsdesk.screening.scoring import query_names
from rightsdesk.store import ReadSession, schema
from rightsdesk.store.readers.sources import fingerprint

SCREENING = "screening"  # the derived_version row of the postings
KEYS_VERSION = "1"  # change with blocking_keys, _entry_names or parse_name: stored postings are then stale
CHUNK = 5000


def inputs_version(conn: Connection) -> str:
    """What the postings are computed from: the sanctions lists' sources, and the way keys are made."""
    lists = fingerprint(conn, SanctionsList.ingestors())
    return hashlib.sha256(f"{KEYS_VERSION}:{lists}".encode()).hexdigest()


def keys_stale(conn: Connection) -> bool:
    """True when the stored postings are not those of the lists held now (or were never computed)."""
    v = schema.derived_version
    stored = conn.execute(select(v.c.version).where(v.c.name == SCREENING)).scalar()
    return stored != inputs_version(conn)


def refresh(conn: Connection) -> int:
    """Compute the postings over every designation held and save them in place of the old ones, with the stamp,
    in the caller's transaction; return how many entries they cover."""
    from rightsdesk.access import SYSTEM
    from rightsdesk.store.readers.designations import designation_ids, load_designations

    session = ReadSession(conn=conn, principal=SYSTEM)
    designations = load_designations(session)
    index = ScreeningIndex.build(designations)
    ids = designation_ids(session)  # in the same order, read in the same transaction
    conn.execute(delete(schema.screening_key))
    conn.execute(delete(schema.screening_entry))
    entries = [{"entry": e, "designation_id": ids[e],
                "first_name": index.entry_names[e][0] if index.entry_names[e] else -1,
                "names": len(index.entry_names[e])} for e in range(len(designations))]
    _insert(conn, entries, "entry")
    rows = ({"key": key, "name": n, "entry": index.names[n].entry}
            for key, posting in index.postings.items() for n in posting)
    _insert(conn, rows, "key")
    _insert(conn, ({"key": f"i:{key}", "name": -1, "entry": e}
                   for key, found in index.by_identifier.items() for e in found), "key")
    v = schema.derived_version
    conn.execute(delete(v).where(v.c.name == SCREENING))
    conn.execute(v.insert().values(name=SCREENING, version=inputs_version(conn), computed_at=dt.datetime.now(dt.UTC)))
    return len(entries)


def _insert(conn: Connection, rows: Iterable[dict[str, object]], table: str) -> None:
    target = schema.screening_entry if table == "entry" else schema.screening_key
    batch: list[dict[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            conn.execute(target.insert(), batch)
            batch = []
    if batch:
        conn.execute(target.insert(), batch)


def partial_index(session: ReadSession, query: ScreeningQuery) -> PartialIndex | None:
    """The part of the whole index (every list) that scoring `query` reads; None when the postings are stale, so
    that the caller builds the index itself."""
    from rightsdesk.store.readers.designations import load_designations_by_id

    conn = session.conn
    if keys_stale(conn) or conn.execute(select(schema.screening_entry.c.entry).limit(1)).first() is None:
        return None
    parsed = query_names(query)
    keys = {k for p in parsed for k in blocking_keys(p)}
    keys |= {f"i:{k}" for i in query.identifiers for k in identifier_keys(i)}
    part = PartialIndex()
    entry_of: dict[int, int] = {}
    k = schema.screening_key
    for chunk in _chunks(sorted(keys)):
        found = conn.execute(select(k.c.key, k.c.name, k.c.entry).where(k.c.key.in_(chunk))
                             .order_by(k.c.key, k.c.name, k.c.entry))
        for key, name, entry in found:
            if key.startswith("i:"):
                part.by_identifier.setdefault(key[2:], []).append(entry)
            else:
                part.postings.setdefault(key, []).append(name)
                entry_of[name] = entry
    wanted = {entry_of[n] for p in parsed for n in part.candidates(p)}
    wanted |= {e for i in query.identifiers for e in part.entries_with_identifier(i)}
    if not wanted:
        return part
    e = schema.screening_entry
    rows = conn.execute(select(e.c.entry, e.c.designation_id, e.c.first_name, e.c.names)
                        .where(e.c.entry.in_(sorted(wanted)))).all()
    designations = load_designations_by_id(session, [r.designation_id for r in rows])
    for row in rows:
        designation = designations.get(row.designation_id)
        if designation is None:
            return None  # the postings name a designation no longer held: stale, whatever the stamp says
        part.add(row.entry, row.first_name, designation)
        if len(part.entry_names[row.entry]) != row.names:
            return None  # the names are not those the postings were made from
    return part


def _chunks(values: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
