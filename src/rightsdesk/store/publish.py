"""The public build: a SQLite copy of the public UN tables alone, that Datasette (or any SQLite tool) opens as is.

    publish(conn, path)   copies PUBLIC tables from the store (SQLite or PostgreSQL) into a new SQLite file

What enters is declared, never inferred: a table is copied only when it is in PUBLIC, and every table of the
schema must be either there or in PRIVATE (with why), so that a table added later is refused until someone
decides (`tests/cli/test_publish.py` checks the split). Both are read from the one declaration of record
kinds and of the tables that hold no records (`model/record_kinds.py`, `public` on each). Case records,
accounts, grants, the audit log, link judgements and labels given by a person never enter; in the tables that
do, what names a person or a server is left out: a source's file path keeps its file name only, a cross-list
link loses who decided it, and a model's or a source's label loses the (empty) person columns.

The copy is written to a temporary file beside `path` and renamed over it at the end, so a failed publish
leaves no half-written file. It carries full-text tables in the form Datasette detects
(`upr_recommendation_fts`, `designation_fts`: FTS5, Porter stemmer) and a `publication` table saying when and
by which version it was made.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import Column, Connection, Index, MetaData, Table, create_engine, select

from rightsdesk import __version__
from rightsdesk.errors import InputError
from rightsdesk.model.record_kinds import private_tables, public_tables
from rightsdesk.store import schema
from rightsdesk.store.schema_search import OUTSIDE_METADATA

#: The tables the copy takes, and those it never takes (with why): read from the record kinds and the tables
#: declared not to hold records (model/record_kinds.py), where a new table is classified.
PUBLIC: tuple[str, ...] = public_tables()
PRIVATE: Mapping[str, str] = private_tables()
#: Columns that never enter the copy, by table.
DROPPED: Mapping[str, frozenset[str]] = {"designation_link": frozenset({"decided_by"}),
                                         "record_label": frozenset({"person", "decided_at"})}
FTS = {"upr_recommendation_fts": ("upr_recommendation", ("text",)),
       "designation_fts": ("designation", ("name", "name_original_script", "narrative"))}
CHUNK = 5000


def unclassified() -> list[str]:
    """Tables of the schema that are neither PUBLIC nor PRIVATE: publish refuses to run while any exists."""
    return sorted((set(schema.metadata.tables) | set(OUTSIDE_METADATA)) - set(PUBLIC) - set(PRIVATE))


def _public_metadata() -> MetaData:
    """The PUBLIC tables as the copy has them: the same columns less DROPPED, keys and indexes, no checks."""
    md = MetaData()
    for name in PUBLIC:
        table = schema.metadata.tables[name]
        drop = DROPPED.get(name, frozenset())
        columns = [Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
                   for c in table.columns if c.name not in drop]
        copy = Table(name, md, *columns, **table.dialect_kwargs)
        for ix in table.indexes:
            names = [c.name for c in ix.columns]
            if names and not set(names) & drop:
                Index(ix.name, *(copy.c[n] for n in names), unique=bool(ix.unique))
    return md


def _file_name(path: str) -> str:
    """A source's path as its file name alone: a server's folders are nobody's business."""
    return (PureWindowsPath(path) if "\\" in path else PurePosixPath(path)).name


def _rows(conn: Connection, name: str, keep: list[str]) -> Iterator[list[dict[str, Any]]]:
    table = schema.metadata.tables[name]
    query = select(*(table.c[k] for k in keep)).order_by(*table.primary_key.columns)
    if name == "record_label":  # a person's label never leaves the store
        query = query.where(table.c.origin != "person")
    batch: list[dict[str, Any]] = []
    for row in conn.execution_options(yield_per=CHUNK).execute(query).mappings():
        out = dict(row)
        if name == "source":
            out["path"] = _file_name(out["path"])
        batch.append(out)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _full_text(path: Path) -> None:
    with sqlite3.connect(path) as db:
        for fts, (table, columns) in FTS.items():
            cols = ", ".join(columns)
            db.execute(f'CREATE VIRTUAL TABLE "{fts}" USING fts5({cols}, content="{table}", '
                       f"tokenize='porter unicode61 remove_diacritics 2')")
            db.execute(f'INSERT INTO "{fts}" (rowid, {cols}) SELECT rowid, {cols} FROM "{table}"')
        db.execute("CREATE TABLE publication (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany("INSERT INTO publication VALUES (?, ?)", [
            ("made_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            ("rightsdesk_version", __version__), ("tables", ", ".join(PUBLIC)),
            ("what", "The public UN data of a rightsdesk store: no case, account, audit or reviewer data.")])
    with sqlite3.connect(path) as db:
        db.execute("VACUUM")


def publish(conn: Connection, path: Path, *, overwrite: bool = False) -> dict[str, int]:
    """Write the public copy of the store read by `conn` to `path`; the rows copied per table.

    InputError if `path` exists (unless `overwrite`), or if a table of the schema is not yet classified.
    """
    left = unclassified()
    if left:
        raise InputError(f"table(s) {', '.join(left)} are neither public nor private in model/record_kinds.py: "
                         "classify them before publishing")
    if path.exists() and not overwrite:
        raise InputError(f"{path} exists: give --force to replace it")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent} is not a folder")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    try:
        md = _public_metadata()
        target = create_engine(f"sqlite:///{tmp}")
        md.create_all(target)
        with target.begin() as out:
            for name in PUBLIC:
                keep = [c.name for c in md.tables[name].columns]
                counts[name] = 0
                for batch in _rows(conn, name, keep):
                    out.execute(md.tables[name].insert(), batch)
                    counts[name] += len(batch)
        target.dispose()
        _full_text(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return counts
