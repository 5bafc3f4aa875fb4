"""Backup and restore of the case data: accounts, grants, the audit log and every case table, in one file.

    RIGHTSDESK-BACKUP 1 <key id>\\n<token>

where the token is AES-256-GCM (`Keyring.encrypt`, bound to "rightsdesk backup") over the gzip of one JSON
object per table. The identity fields inside are still their own tokens, so the backup is encrypted twice over:
a stolen backup reveals nothing, not even the places and dates, without the key. Restore goes into a database
holding no case data (ConflictError otherwise), checks the audit chain it brought in, and appends its own entry.
Public UN data is not in the backup: `rightsdesk build` makes it again.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, text

from rightsdesk.cases.crypto import Keyring
from rightsdesk.errors import ConflictError, InputError, StoreError
from rightsdesk.store import audit
from rightsdesk.store.schema_case_links import case_suggestion
from rightsdesk.store.schema_case_records import CASE_RECORD_TABLES
from rightsdesk.store.schema_cases import app_user, audit_head, audit_log, user_grant

MAGIC = "RIGHTSDESK-BACKUP 1"
AAD = "rightsdesk backup"
TABLES = (app_user, user_grant, audit_log, audit_head, *CASE_RECORD_TABLES, case_suggestion)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$dt" in value:
            return dt.datetime.fromisoformat(value["$dt"])
        if "$d" in value:
            return dt.date.fromisoformat(value["$d"])
    return value


def dump(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of the case data, by table, in a stable order."""
    out = {}
    for table in TABLES:
        order = list(table.primary_key.columns)
        out[table.name] = [{k: _encode(v) for k, v in row.items()}
                           for row in conn.execute(select(table).order_by(*order)).mappings()]
    return out


def write_backup(conn: Connection, ring: Keyring, path: Path) -> dict[str, int]:
    """Write the encrypted backup of the case data to `path`; return the row count of each table."""
    data = dump(conn)
    raw = gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)
    token = ring.encrypt(raw, AAD)
    try:
        path.write_text(f"{MAGIC} {ring.current_id}\n{token}\n", encoding="ascii")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the backup ({exc.strerror or exc})") from None
    return {name: len(rows) for name, rows in data.items()}


def read_backup(ring: Keyring, path: Path) -> dict[str, list[dict[str, Any]]]:
    """The tables of a backup; InputError when it is not one, StoreError when the key does not open it."""
    try:
        header, token = path.read_text(encoding="ascii").split("\n", 1)
    except (OSError, UnicodeDecodeError, ValueError):
        raise InputError(f"{path}: not a rightsdesk backup") from None
    if not header.startswith(MAGIC):
        raise InputError(f"{path}: not a rightsdesk backup")
    raw = ring.decrypt_bytes(token.strip(), AAD)
    data: dict[str, list[dict[str, Any]]] = json.loads(gzip.decompress(raw))
    return data


def _advance_sequences(conn: Connection) -> None:
    """On PostgreSQL, move each restored serial key's sequence past the rows restored with their keys, so that the
    next row written after a restore does not collide with one."""
    if conn.dialect.name != "postgresql":
        return
    for table in TABLES:
        for column in table.primary_key.columns:
            if column.autoincrement is True:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                                  f"COALESCE(MAX({column.name}), 0) + 1, false) FROM {table.name}"))


def restore(conn: Connection, ring: Keyring, path: Path) -> dict[str, int]:
    """Load a backup into a database with no case data (in the caller's transaction); check its audit chain."""
    data = read_backup(ring, path)
    for table in TABLES:
        if conn.scalar(select(func.count()).select_from(table)):
            raise ConflictError(f"the database already holds {table.name} rows: restore into an empty database "
                                "(made with `rightsdesk db upgrade`)")
    for table in TABLES:
        rows = [{k: _decode(v) for k, v in row.items()} for row in data.get(table.name, [])]
        for start in range(0, len(rows), 5000):
            conn.execute(table.insert(), rows[start:start + 5000])
    _advance_sequences(conn)
    found = audit.verify(conn, ring)
    if not found.intact:
        raise StoreError(f"{path}: the audit log in the backup is broken at entry {found.broken_at} "
                         f"({found.problem}); nothing was restored")
    return {name: len(rows) for name, rows in data.items()}
