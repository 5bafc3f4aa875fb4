"""The audit log: append-only and hash-chained, with a keyed head, and `verify()` that finds the first break.

Each entry's hash is sha256 over the previous hash and the entry's canonical JSON (seq, at, actor, action,
case_id, target, reason, detail), so editing, deleting or reordering any row breaks the chain at that row. The
head row holds the last seq and hash under a MAC keyed from the secret key: one who rewrites the chain from an
edited row onwards, or deletes the last rows, cannot make the head agree without the key. Entries are written
in the caller's transaction, so an action and its record stand or fall together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, false, func, select

from rightsdesk.cases.crypto import Keyring
from rightsdesk.errors import StoreError
from rightsdesk.store.schema_cases import audit_head, audit_log

GENESIS = "0" * 64


HASHED = ("seq", "at", "actor", "action", "case_id", "target", "reason", "detail")  # the fields an entry's hash covers
# one encoder, made once: json.dumps with these options would build a new one for every entry
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of one entry chained to the one before."""
    return _chained(prev_hash, {k: entry[k] for k in HASHED})


def _chained(prev_hash: str, fields: dict[str, Any]) -> str:
    """The hash of the HASHED `fields` of an entry after `prev_hash`."""
    return hashlib.sha256((prev_hash + _CANONICAL.encode(fields)).encode("utf-8")).hexdigest()


def _head_mac(keyring: Keyring, seq: int, digest: str) -> str:
    return keyring.mac(f"{seq}:{digest}")


FIRST_ENTRY_LOCK = 0x61756469  # a PostgreSQL advisory lock key ("audi") held while the chain's head is made


def _locked_head(conn: Connection) -> Row[Any] | None:
    """The head, read so that one writer at a time extends the chain: PostgreSQL locks its row; on SQLite a
    no-op write first takes the file's write lock (waiting for another writer to commit), since a read made
    before a transaction's first write sees the head another writer is about to move (two entries, one seq)."""
    query = select(audit_head.c.seq, audit_head.c.hash, audit_head.c.mac).where(audit_head.c.id == 1)
    if conn.dialect.name != "postgresql":
        conn.execute(audit_head.update().where(false()).values(seq=audit_head.c.seq))
        return conn.execute(query).first()
    head = conn.execute(query.with_for_update()).first()
    if head is None:  # no row to lock yet: the first entries wait on a lock of their own, then look again
        conn.execute(select(func.pg_advisory_xact_lock(FIRST_ENTRY_LOCK)))
        head = conn.execute(query.with_for_update()).first()
    return head


def append(conn: Connection, keyring: Keyring, *, actor: str, action: str, case_id: str | None = None,
           target: str = "", reason: str = "", detail: dict[str, Any] | None = None) -> int:
    """Append one entry (in the caller's transaction) and move the head; return its seq. StoreError when the head
    does not verify under `keyring`: an entry is never signed with a key that is not the database's."""
    head = _locked_head(conn)
    if head is not None and head.mac != _head_mac(keyring, head.seq, head.hash):
        raise StoreError("the key given is not this database's key (the audit log's head does not verify under "
                         "it): set RIGHTSDESK_SECRET_KEY to the key this database was made with")
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
    entry = {"seq": seq, "at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"), "actor": actor,
             "action": action, "case_id": case_id, "target": target, "reason": reason, "detail": detail or {}}
    digest = entry_hash(prev, entry)
    conn.execute(audit_log.insert().values(**entry, prev_hash=prev, hash=digest))
    values = {"seq": seq, "hash": digest, "mac": _head_mac(keyring, seq, digest)}
    if head:
        conn.execute(audit_head.update().where(audit_head.c.id == 1).values(**values))
    else:
        conn.execute(audit_head.insert().values(id=1, **values))
    return seq


def append_many(conn: Connection, keyring: Keyring, entries: list[dict[str, Any]]) -> int:
    """Append several entries (each with actor, action and optionally case_id, target, reason, detail) in one
    statement and move the head once; return the last seq. The same checks and chain as `append`."""
    if not entries:
        return 0
    head = _locked_head(conn)
    if head is not None and head.mac != _head_mac(keyring, head.seq, head.hash):
        raise StoreError("the key given is not this database's key (the audit log's head does not verify under "
                         "it): set RIGHTSDESK_SECRET_KEY to the key this database was made with")
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    rows = []
    for given in entries:
        seq += 1
        entry = {"seq": seq, "at": at, "actor": given["actor"], "action": given["action"],
                 "case_id": given.get("case_id"), "target": given.get("target", ""),
                 "reason": given.get("reason", ""), "detail": given.get("detail") or {}}
        digest = entry_hash(prev, entry)
        rows.append({**entry, "prev_hash": prev, "hash": digest})
        prev = digest
    conn.execute(audit_log.insert(), rows)
    values = {"seq": seq, "hash": prev, "mac": _head_mac(keyring, seq, prev)}
    if head:
        conn.execute(audit_head.update().where(audit_head.c.id == 1).values(**values))
    else:
        conn.execute(audit_head.insert().values(id=1, **values))
    return seq


@dataclass(frozen=True)
class Verification:
    """The outcome of `verify`: intact, how many entries, and the first break (seq and what is wrong)."""

    intact: bool
    entries: int
    broken_at: int | None = None
    problem: str = ""
    head_hash: str = GENESIS


VERIFY_BATCH = 20_000


def verify(conn: Connection, keyring: Keyring) -> Verification:
    """Walk the chain in seq order; report the first entry that was edited, deleted or moved, or a bad head."""
    prev, expected, count = GENESIS, 1, 0
    columns = [audit_log.c[k] for k in (*HASHED, "prev_hash", "hash")]
    # streamed in batches (a server-side cursor on PostgreSQL), as tuples: a million entries never sit in memory
    query = select(*columns).order_by(audit_log.c.seq)
    # on this statement only: Connection.execution_options would set them for every later statement too
    with conn.execute(query, execution_options={"stream_results": True, "yield_per": VERIFY_BATCH}) as rows:
        for row in rows.tuples():
            seq, prev_hash, digest = row[0], row[-2], row[-1]
            if seq != expected:
                return Verification(False, count, expected, f"entry {expected} is missing (next is {seq})")
            if prev_hash != prev:
                return Verification(False, count, expected, "its link to the entry before does not match")
            if _chained(prev, dict(zip(HASHED, row, strict=False))) != digest:
                return Verification(False, count, expected, "its content does not match its hash (edited)")
            prev, expected, count = digest, expected + 1, count + 1
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
    if head is None:
        return Verification(count == 0, count, None if count == 0 else count, "" if count == 0 else "no head")
    if head.seq != count or head.hash != prev:
        return Verification(False, count, count + 1, f"the head names entry {head.seq}: entries were deleted "
                            "from the end, or rewritten")
    if head.mac != _head_mac(keyring, head.seq, head.hash):
        return Verification(False, count, head.seq, "the head's MAC does not match: the chain was rewritten, or "
                            "the key is not this database's")
    return Verification(True, count, head_hash=prev)


def resign_head(conn: Connection, old: Keyring, new: Keyring) -> None:
    """Re-sign the head under a new key (for `keys rotate`), after verifying the chain under the old one: a
    rotation never blesses a chain that was tampered with."""
    found = verify(conn, old)
    if not found.intact:
        raise StoreError(f"the audit log is broken at entry {found.broken_at} ({found.problem}): keys are not "
                         "rotated over a tampered log")
    if found.entries:
        conn.execute(audit_head.update().where(audit_head.c.id == 1).values(
            mac=_head_mac(new, found.entries, found.head_hash)))


def entries(conn: Connection, *, case_id: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    """The latest entries (all, or of one case), oldest first."""
    query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
    if case_id is not None:
        query = query.where(audit_log.c.case_id == case_id)
    return [dict(r) for r in reversed(conn.execute(query).mappings().all())]


def count(conn: Connection) -> int:
    """How many entries the log holds."""
    return int(conn.scalar(select(func.count()).select_from(audit_log)) or 0)
