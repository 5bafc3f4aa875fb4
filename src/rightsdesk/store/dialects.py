"""What differs between SQLite and PostgreSQL, in one place: engine options and per-connection settings."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from rightsdesk.errors import InputError, StoreUnavailableError

SQLITE_BUSY_MS = 5000  # what Python's sqlite3 waits for a lock by default


def without_password(url: str) -> str:
    """`url` with the password of its user part (`user:secret@host`) written `***`: a URL the parser refused is
    echoed to the user, never its secret."""
    scheme, sep, rest = url.partition("://")
    user, at, host = rest.rpartition("@") if sep else ("", "", "")
    if not at or ":" not in user:
        return url
    return f"{scheme}{sep}{user.split(':', 1)[0]}:***@{host}"


def engine_for(url: str) -> Engine:
    """An engine for a SQLite file (the embedded default) or a PostgreSQL server (psycopg 3)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is no number
        raise InputError(f"not a database URL: {without_password(url)!r} (expected sqlite:///path.db or "
                         "postgresql://user@host/db)") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise InputError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def claim_writes(conn: Connection, name: str, *, wait_s: float, waiting: Callable[[], object] | None = None) -> None:
    """Make this transaction the only one writing `name` (SQLite: the only writer of the file), waiting up to
    `wait_s` seconds for another to end (`waiting` is told when the wait begins), else StoreUnavailableError.

    SQLite: a no-op UPDATE as the transaction's first statement takes the write lock (a deferred transaction
    that read first could not wait for it). PostgreSQL: a transaction-scoped advisory lock keyed by `name`, so
    two loads of one dataset run one after the other and the second finds the first's work.
    """
    sqlite = conn.dialect.name == "sqlite"
    if _try_claim(conn, name, sqlite):
        _wait_as_usual(conn, sqlite)
        return
    if waiting is not None:
        waiting()
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
    else:
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait_s * 1000)}ms'")
    try:
        _claim(conn, name, sqlite)
    except OperationalError:
        raise StoreUnavailableError(f"another load is still writing {'the database' if sqlite else name} after "
                                    f"{wait_s:.0f} s of waiting: try again when it has finished") from None
    _wait_as_usual(conn, sqlite)


def _wait_as_usual(conn: Connection, sqlite: bool) -> None:
    """Back to the driver's usual wait (the connection returns to the pool with it)."""
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def _claim(conn: Connection, name: str, sqlite: bool) -> None:
    if sqlite:
        conn.exec_driver_sql("UPDATE source SET id = id WHERE 0")
    else:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_lock_key(name)})")


def _try_claim(conn: Connection, name: str, sqlite: bool) -> bool:
    if not sqlite:
        return bool(conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({_lock_key(name)})").scalar())
    conn.exec_driver_sql("PRAGMA busy_timeout = 100")
    try:
        _claim(conn, name, sqlite)
    except OperationalError as exc:
        if "locked" not in str(exc.orig).casefold() and "busy" not in str(exc.orig).casefold():
            raise
        return False
    return True


def is_sqlite(engine: Engine) -> bool:
    """True for the embedded SQLite engine."""
    return engine.dialect.name == "sqlite"


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]] | list[tuple[Any, ...]]) -> None:
    """Insert many rows fast, at the driver level: COPY on PostgreSQL, executemany on SQLite.

    SQLAlchemy's own executemany costs more per row than the database does; the loads of close to a million
    votes are dominated by it. JSON columns are encoded here, since the driver does not know them.
    """
    if not rows:
        return
    columns = list(table.columns.keys())
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    if isinstance(rows[0], tuple):
        tuples = rows  # already in column order, no JSON columns
    else:
        tuples = [tuple(json.dumps(row.get(c)) if c in json_cols else row.get(c) for c in columns)
                  for row in rows]
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for values in tuples:
                copy.write_row(values)
        return
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", tuples)
