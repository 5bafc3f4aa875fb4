"""What differs between SQLite and PostgreSQL, in one place: engine options and per-connection settings."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from rightsdesk.errors import InputError


def engine_for(url: str) -> Engine:
    """An engine for a SQLite file (the embedded default) or a PostgreSQL server (psycopg 3)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"not a database URL: {url!r} (expected sqlite:///path.db or postgresql://user@host/db)") from None
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
