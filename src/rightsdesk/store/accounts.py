"""Accounts and their grants in the store, and signing in: argon2id hashes, an optional TOTP second factor,
lock-out, every login audited.

    authenticate(store, ring, name, password, code) -> Principal   (AuthenticationError, audited, when it fails)

After MAX_FAILURES wrong passwords (or one-time codes) in a row an account is locked for LOCKOUT; a locked
account cannot sign in even with the right password until then. The message never says whether the account
exists. An account enrolled in TOTP (`enrol_totp`) also needs the code of the moment (`access.totp`): its secret
is stored encrypted, bound to the account, and the step last used is kept so that no code is accepted twice.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, RowMapping, func, or_, select

from rightsdesk.access import SYSTEM, Principal, totp
from rightsdesk.access.actions import ALL_COLLECTIONS, Role
from rightsdesk.access.passwords import hash_password, needs_rehash, verify_password
from rightsdesk.cases.crypto import Keyring
from rightsdesk.errors import AuthenticationError, ConflictError, InputError, NotFoundError
from rightsdesk.store import Store, audit
from rightsdesk.store.schema_cases import app_user, user_grant

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-@")


@dataclass(frozen=True)
class Account:
    """An account as listed: name, grants, when made, whether locked now."""

    name: str
    grants: tuple[tuple[str, str], ...]
    created_at: dt.datetime
    locked: bool


def check_name(name: str) -> str:
    """The account name, lower-cased; InputError unless it is 1-80 of a-z 0-9 . _ - @."""
    folded = name.strip().casefold()
    if not folded or len(folded) > 80 or not set(folded) <= _NAME_CHARS:
        raise InputError(f"account name {name!r}: use 1-80 of the letters a-z, digits and . _ - @")
    return folded


def check_grant(role: str, collection: str) -> tuple[str, str]:
    """A (role, collection) pair, checked; InputError for an unknown role or an empty collection."""
    try:
        Role(role)
    except ValueError:
        raise InputError(f"unknown role {role!r}: use one of {', '.join(Role)}") from None
    if not collection.strip() or len(collection) > 80:
        raise InputError("a collection name needs 1-80 characters ('*' for every collection)")
    return role, collection.strip()


def user_count(conn: Connection) -> int:
    """How many accounts exist."""
    return int(conn.scalar(select(func.count()).select_from(app_user)) or 0)


def add_user(conn: Connection, name: str, password: str, grants: list[tuple[str, str]]) -> None:
    """Create an account with an argon2id hash of `password`; ConflictError when the name is taken."""
    name = check_name(name)
    if conn.scalar(select(app_user.c.name).where(app_user.c.name == name)):
        raise ConflictError(f"an account {name!r} already exists")
    conn.execute(app_user.insert().values(name=name, password_hash=hash_password(password),
                                          created_at=dt.datetime.now(dt.UTC), failed_logins=0))
    for role, collection in grants:
        grant(conn, name, role, collection)


def _require_user(conn: Connection, name: str) -> None:
    if not conn.scalar(select(app_user.c.name).where(app_user.c.name == name)):
        raise NotFoundError(f"no account {name!r}")


def grant(conn: Connection, name: str, role: str, collection: str) -> bool:
    """Grant `role` in `collection`; False when it was granted already."""
    name = check_name(name)
    _require_user(conn, name)
    role, collection = check_grant(role, collection)
    exists = conn.scalar(select(user_grant.c.role).where(user_grant.c.user_name == name, user_grant.c.role == role,
                                                         user_grant.c.collection == collection))
    if not exists:
        conn.execute(user_grant.insert().values(user_name=name, role=role, collection=collection))
    return not exists


def revoke(conn: Connection, name: str, role: str, collection: str) -> bool:
    """Revoke `role` in `collection`; False when it was not granted."""
    name = check_name(name)
    _require_user(conn, name)
    t = user_grant
    done = conn.execute(t.delete().where(t.c.user_name == name, t.c.role == role, t.c.collection == collection))
    return bool(done.rowcount)


def set_password(conn: Connection, name: str, password: str) -> None:
    """Replace the password (and clear a lock-out)."""
    name = check_name(name)
    _require_user(conn, name)
    conn.execute(app_user.update().where(app_user.c.name == name).values(
        password_hash=hash_password(password), failed_logins=0, locked_until=None))


def grants_of(conn: Connection, name: str) -> frozenset[tuple[str, str]]:
    """The (role, collection) pairs granted to `name`."""
    rows = conn.execute(select(user_grant.c.role, user_grant.c.collection).where(user_grant.c.user_name == name))
    return frozenset((r.role, r.collection) for r in rows)


def principal_for(conn: Connection, name: str) -> Principal:
    """The principal of an account, with its grants (no password check: for the store's own use)."""
    grants = grants_of(conn, name)
    return Principal(user=name, roles=frozenset(r for r, _ in grants), grants=grants)


def list_users(conn: Connection) -> list[Account]:
    """Every account, by name."""
    now = dt.datetime.now(dt.UTC)
    out = []
    for r in conn.execute(select(app_user).order_by(app_user.c.name)).mappings():
        grants = tuple(sorted(grants_of(conn, r["name"])))
        out.append(Account(r["name"], grants, r["created_at"], _aware(r["locked_until"]) is not None
                           and _aware(r["locked_until"]) > now))  # type: ignore[operator]
    return out


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)  # SQLite hands timestamps back naive; they were stored as UTC
    return value


def _totp_aad(name: str) -> str:
    return f"app_user.totp_enc:{name}"


def enrol_totp(conn: Connection, ring: Keyring, name: str, secret: bytes | None = None, *,
               used_step: int | None = None) -> str:
    """Give `name` a new TOTP secret (replacing any older one; `secret` when the owner has already confirmed a
    code of it, as the web enrolment does, and `used_step` that code's step, used up like a sign-in's), stored
    encrypted; return the otpauth:// URI for an authenticator app (it holds the secret: show it once, to the
    account's owner)."""
    name = check_name(name)
    _require_user(conn, name)
    secret = secret or totp.new_secret()
    conn.execute(app_user.update().where(app_user.c.name == name).values(
        totp_enc=ring.encrypt(secret, _totp_aad(name)), totp_last_step=used_step))
    return totp.provisioning_uri(secret, name)


def disable_totp(conn: Connection, name: str) -> bool:
    """Remove the second factor of `name`; False when it had none."""
    name = check_name(name)
    _require_user(conn, name)
    done = conn.execute(app_user.update().where(app_user.c.name == name, app_user.c.totp_enc.is_not(None))
                        .values(totp_enc=None, totp_last_step=None))
    return bool(done.rowcount)


def totp_enrolled(conn: Connection, name: str) -> bool:
    """True when the account `name` has a second factor (False too for no such account)."""
    return conn.scalar(select(app_user.c.totp_enc).where(app_user.c.name == name.strip().casefold())) is not None


def reencrypt_totp(conn: Connection, old: Keyring, new: Keyring) -> int:
    """Re-encrypt every TOTP secret under `new` (for `keys rotate`, in its transaction); return how many."""
    rows = list(conn.execute(select(app_user.c.name, app_user.c.totp_enc).where(app_user.c.totp_enc.is_not(None))))
    for row in rows:
        secret = old.decrypt_bytes(row.totp_enc, _totp_aad(row.name))
        conn.execute(app_user.update().where(app_user.c.name == row.name).values(
            totp_enc=new.encrypt(secret, _totp_aad(row.name))))
    return len(rows)


def _second_factor(conn: Connection, ring: Keyring, row: RowMapping, code: str | None, now: float) -> bool:
    """True when the account has no second factor, or `code` is right and newer than the last one used (which
    it then becomes: a conditional update, so two sign-ins racing with one code cannot both pass)."""
    if row["totp_enc"] is None:
        return True
    secret = ring.decrypt_bytes(row["totp_enc"], _totp_aad(row["name"]))
    step = totp.matching_step(secret, code or "", now=now, after=row["totp_last_step"])
    if step is None:
        return False
    t = app_user
    used = conn.execute(t.update().where(t.c.name == row["name"], or_(t.c.totp_last_step.is_(None),
                                                                      t.c.totp_last_step < step))
                        .values(totp_last_step=step))
    return bool(used.rowcount)


def _count_failure(conn: Connection, row: RowMapping, now: dt.datetime) -> str:
    failures = row["failed_logins"] + 1
    lock = now + LOCKOUT if failures >= MAX_FAILURES else None
    conn.execute(app_user.update().where(app_user.c.name == row["name"]).values(
        failed_logins=0 if lock else failures, locked_until=lock))
    return f"; locked until {lock:%Y-%m-%d %H:%M} UTC" if lock else ""


def authenticate(store: Store, ring: Keyring, name: str, password: str, code: str | None = None, *,
                 second_factor: bool = True, now: float | None = None) -> Principal:
    """Sign `name` in (with the TOTP `code` when the account has a second factor, unless `second_factor` is
    False: the command line, whose user holds the database key); AuthenticationError (after auditing the
    failure, in its own transaction) otherwise.

    The password is checked before the write transaction (a deliberately slow hash: a writer holding SQLite's
    write lock through it would hold up every other sign-in and write); the transaction then reads the account
    again under the write lock (SQLite) or the row's lock (PostgreSQL), so that its failure count is not lost
    to a parallel attempt, and a password changed in between counts as a wrong one."""
    folded = name.strip().casefold()
    moment = time.time() if now is None else now
    with store.reading(SYSTEM) as session:
        checked = session.conn.scalar(select(app_user.c.password_hash).where(app_user.c.name == folded))
    if checked is None:
        verify_password(_dummy_hash(), password)  # the same time spent as for a real account
    right = checked is not None and verify_password(checked, password)
    rehashed = hash_password(password) if checked is not None and right and needs_rehash(checked) else None
    failure = ""
    with store.writing() as conn:
        row = conn.execute(select(app_user).where(app_user.c.name == folded).with_for_update()).mappings().first()
        when = dt.datetime.fromtimestamp(moment, dt.UTC)
        locked = _aware(row["locked_until"]) if row else None
        if row is None:
            failure = "no such account"
        elif locked is not None and locked > when:
            failure = "account locked after repeated failures"
        elif not right or row["password_hash"] != checked:
            failure = "wrong password" + _count_failure(conn, row, when)
        elif second_factor and not _second_factor(conn, ring, row, code, moment):
            failure = "wrong, missing or reused one-time code" + _count_failure(conn, row, when)
        if failure:
            audit.append(conn, ring, actor=folded[:120] or "?", action="login-failed", target=folded[:120],
                         reason=failure)
        else:
            assert row is not None
            values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
            if rehashed is not None:
                values["password_hash"] = rehashed
            conn.execute(app_user.update().where(app_user.c.name == folded).values(**values))
            audit.append(conn, ring, actor=folded, action="login", target=folded,
                         detail={"second_factor": second_factor and row["totp_enc"] is not None})
            return principal_for(conn, folded)
    raise AuthenticationError(f"cannot sign in as {name!r}: wrong account name, password or one-time code, or the "
                              "account is locked for a while after repeated failures")


@cache
def _dummy_hash() -> str:
    return hash_password("not a real password, only spends the time")

ADMIN_EVERYWHERE = ("admin", ALL_COLLECTIONS)
