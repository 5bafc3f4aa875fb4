"""The web sign-in's rate limit per client address, kept in the store (`login_throttle`) so that every worker
of the workbench, on any number of processes or machines, counts the same failures.

    wait = claim_attempt(conn, ring, "203.0.113.9")    # before checking: 0 (counted, go on) or seconds to wait
    refund(conn, ring, "203.0.113.9")                   # after a successful sign-in: it was no failure

A client may fail MAX_FAILURES sign-ins within a WINDOW; the next attempt is refused (429, with Retry-After)
until the window that began with its first failure has passed. Every attempt is counted as a failure before
its password is checked, in the same statement that checks the count (a conditional update: atomic on either
engine), so parallel attempts from one address cannot all pass the check before any is counted; a successful
one hands its count back, which does not reset the count (one valid account must not buy an attacker more
guesses at others). The account's own lock-out
(`store.accounts`) is a second, independent limit. Addresses are kept only as keyed hashes (`Keyring.blind`):
a stolen database does not say who tried to sign in from where.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import Connection, case, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from rightsdesk.cases.crypto import Keyring
from rightsdesk.store.schema_cases import login_throttle

MAX_FAILURES = 20
WINDOW = dt.timedelta(minutes=15)


def client_key(ring: Keyring, address: str) -> str:
    """The keyed hash under which a client address is counted."""
    return ring.blind(f"login client:{address}")


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def retry_after(conn: Connection, ring: Keyring, address: str, *, now: dt.datetime | None = None) -> int:
    """Seconds until `address` may try to sign in again (rounded up); 0 when it may now."""
    moment = now or dt.datetime.now(dt.UTC)
    row = conn.execute(select(login_throttle.c.window_start, login_throttle.c.failures)
                       .where(login_throttle.c.client == client_key(ring, address))).first()
    if row is None or row.failures < MAX_FAILURES:
        return 0
    ends = _aware(row.window_start) + WINDOW
    return max(0, math.ceil((ends - moment).total_seconds()))


def claim_attempt(conn: Connection, ring: Keyring, address: str, *, now: dt.datetime | None = None) -> int:
    """Count one sign-in attempt of `address` as a failure before it is checked, unless MAX_FAILURES are already
    counted in the window: 0 when counted (the attempt may go on), else the seconds to wait (at least 1). The
    check and the count are one conditional UPDATE, which the engine runs under the row's lock."""
    moment = now or dt.datetime.now(dt.UTC)
    key = client_key(ring, address)
    forget_older(conn, now=moment)
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(login_throttle)
    conn.execute(insert.values(client=key, window_start=moment, failures=0).on_conflict_do_nothing())
    t = login_throttle
    over = t.c.window_start <= moment - WINDOW
    counted = conn.execute(t.update().where(t.c.client == key, or_(over, t.c.failures < MAX_FAILURES)).values(
        failures=case((over, 1), else_=t.c.failures + 1),
        window_start=case((over, moment), else_=t.c.window_start))).rowcount
    return 0 if counted else max(1, retry_after(conn, ring, address, now=moment))


def refund(conn: Connection, ring: Keyring, address: str) -> None:
    """Hand back the count `claim_attempt` took for an attempt that succeeded (the row goes at zero)."""
    t = login_throttle
    key = client_key(ring, address)
    conn.execute(t.update().where(t.c.client == key, t.c.failures > 1).values(failures=t.c.failures - 1))
    conn.execute(t.delete().where(t.c.client == key, t.c.failures <= 1))


def forget_older(conn: Connection, *, now: dt.datetime | None = None) -> int:
    """Delete the counts whose window is over (they would restart anyway); return how many."""
    moment = now or dt.datetime.now(dt.UTC)
    return int(conn.execute(login_throttle.delete().where(login_throttle.c.window_start <= moment - WINDOW))
               .rowcount)
