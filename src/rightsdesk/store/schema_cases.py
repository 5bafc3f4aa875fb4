"""Tables for accounts and the hash-chained audit log of case data (on the shared `schema.metadata`).

    app_user ─< user_grant (role, collection or "*")      (app_user.totp_enc: the TOTP secret, encrypted)
    login_throttle (keyed hash of a client address, its window and failures: the web sign-in's rate limit)
    audit_log (seq, at, actor, action, case_id, target, reason, detail, prev_hash, hash)
    audit_head (one row: the last seq and hash, with a keyed MAC)

An audit row holds ids, action names and reasons, never case text or identities. Only `store/` touches these.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from rightsdesk.store.schema import metadata

app_user = Table(
    "app_user", metadata,
    Column("name", String(80), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
    Column("totp_enc", Text),  # the second factor's secret (a token bound to the account); NULL: not enrolled
    Column("totp_last_step", BigInteger().with_variant(Integer, "sqlite")),  # the last step used: no replay
)

login_throttle = Table(
    "login_throttle", metadata,
    Column("client", String(32), primary_key=True),  # a keyed hash of the address: no address in the clear
    Column("window_start", DateTime(timezone=True), nullable=False),
    Column("failures", Integer, nullable=False),
)

user_grant = Table(
    "user_grant", metadata,
    Column("user_name", String(80), ForeignKey("app_user.name", ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), primary_key=True),
    Column("collection", String(80), primary_key=True),
)

audit_log = Table(
    "audit_log", metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),  # ISO timestamp, UTC, as hashed
    Column("actor", String(120), nullable=False),
    Column("action", String(40), nullable=False),
    Column("case_id", String(40)),
    Column("target", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("detail", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_case", "case_id"),
)

audit_head = Table(
    "audit_head", metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("mac", String(64), nullable=False),
)

CASE_TABLES = (app_user, user_grant, audit_log, audit_head)

from rightsdesk.store import schema_case_records as _records  # noqa: E402,F401  (the case tables, on the same MetaData)
