"""The audit log on both engines: the chain verifies, and an edited, deleted or reordered row is found; two
writers append one after the other, the second waiting for the first even when it read before writing."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select, text

from rightsdesk.cases.crypto import Keyring, new_key, parse_key
from rightsdesk.errors import StoreError
from rightsdesk.store import audit
from rightsdesk.store.schema_cases import audit_log

RING = Keyring([parse_key(new_key())])


def _fill(store: Any, n: int = 5) -> None:
    with store.engine.begin() as conn:
        for i in range(n):
            audit.append(conn, RING, actor="doc1", action="view-identity", case_id=f"c{i % 2}",
                         target=f"person:p{i}", reason="interview follow-up", detail={"n": i})


def test_an_intact_chain_verifies(store: Any) -> None:
    with store.engine.connect() as conn:
        assert audit.verify(conn, RING).intact  # empty
    _fill(store)
    with store.engine.connect() as conn:
        result = audit.verify(conn, RING)
        assert result.intact and result.entries == 5
        assert [e["seq"] for e in audit.entries(conn, case_id="c1")] == [2, 4]


@pytest.mark.parametrize(("tamper", "broken_at"), [
    ("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 3", 3),
    ("DELETE FROM audit_log WHERE seq = 2", 2),
    ("DELETE FROM audit_log WHERE seq = 5", 5),
    ("UPDATE audit_log SET seq = 99 WHERE seq = 4", 4),
])
def test_tampering_is_detected_at_the_first_broken_entry(store: Any, tamper: str, broken_at: int) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.execute(text(tamper))
    with store.engine.connect() as conn:
        result = audit.verify(conn, RING)
    assert not result.intact and result.broken_at == broken_at and result.problem


def test_a_rewritten_chain_fails_on_the_keyed_head(store: Any) -> None:
    _fill(store)
    with store.engine.begin() as conn:  # one without the key edits a row and recomputes every hash after it
        rows = audit.entries(conn)
        prev = audit.GENESIS
        for row in rows:
            if row["seq"] == 2:
                row["reason"] = "edited"
            row["hash"] = audit.entry_hash(prev, row)
            conn.execute(text("UPDATE audit_log SET reason = :r, prev_hash = :p, hash = :h WHERE seq = :s"),
                         {"r": row["reason"], "p": prev, "h": row["hash"], "s": row["seq"]})
            prev = row["hash"]
        conn.execute(text("UPDATE audit_head SET hash = :h"), {"h": prev})
    with store.engine.connect() as conn:
        result = audit.verify(conn, RING)
    assert not result.intact and "MAC" in result.problem


def test_an_entry_is_never_signed_with_another_key(store: Any) -> None:
    _fill(store, 2)
    other = Keyring([parse_key(new_key())])
    with pytest.raises(StoreError, match="not this database's key"), store.engine.begin() as conn:
        audit.append(conn, other, actor="x", action="login")
    with store.engine.connect() as conn:
        assert audit.verify(conn, RING).intact and audit.count(conn) == 2


def test_entries_appended_together_chain_like_single_ones(store: Any) -> None:
    _fill(store, 2)
    with store.engine.begin() as conn:
        last = audit.append_many(conn, RING, [{"actor": "doc", "action": "create", "case_id": f"c{i}"}
                                              for i in range(3)])
        audit.append(conn, RING, actor="doc", action="view", case_id="c1")
    with store.engine.connect() as conn:
        result = audit.verify(conn, RING)
        assert last == 5 and result.intact and result.entries == 6
        assert [e["seq"] for e in audit.entries(conn, case_id="c1")] == [2, 4, 6]
    with pytest.raises(StoreError), store.engine.begin() as conn:
        audit.append_many(conn, Keyring([parse_key(new_key())]), [{"actor": "x", "action": "y"}])


def test_a_writer_that_read_first_waits_for_another_and_appends_after_it(store: Any) -> None:
    """Both writers read before appending (a cursor still open, as a transaction that audits what it reads
    holds one). On SQLite a deferred transaction that has read cannot wait for the write lock: it failed at
    once with "database is locked" while the first writer held the head. `Store.writing` now takes the lock
    first (BEGIN IMMEDIATE), so the second waits; PostgreSQL waits on the head's row lock."""
    _fill(store, 2)
    appended, release, second_read = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with store.writing() as conn:
                rows = conn.execute(select(audit_log.c.seq).order_by(audit_log.c.seq))
                next(iter(rows))
                audit.append(conn, RING, actor="first", action="view")
                appended.set()
                release.wait(10)
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread below
            errors.append(exc)
            appended.set()

    def second() -> None:
        try:
            with store.writing() as conn:
                rows = conn.execute(select(audit_log.c.seq).order_by(audit_log.c.seq))
                next(iter(rows))
                second_read.set()
                audit.append(conn, RING, actor="second", action="view")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    one = threading.Thread(target=first)
    one.start()
    assert appended.wait(10)
    two = threading.Thread(target=second)
    two.start()
    second_read.wait(0.5)  # the second has read (or waits for the lock, as it should on SQLite)
    two.join(0.3)  # it failed at once, or it waits for the first
    release.set()
    one.join(10)
    two.join(10)
    assert errors == []
    with store.engine.connect() as conn:
        assert [(e["seq"], e["actor"]) for e in audit.entries(conn)][-2:] == [(3, "first"), (4, "second")]
        assert audit.verify(conn, RING).intact
