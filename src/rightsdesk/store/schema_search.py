"""The search tables (on `schema.metadata`), and the full-text table that no `Table` can describe.

    search_state  (kind, n)              the index's version (row 'version') and the vectors' change token ('vectors')
    search_source (source_id, kind, n)   what each source contributed to the full-text index when it was indexed
    search_vector (kind, ref, model, vec) one float16 vector per document (BLOB on SQLite, BYTEA on PostgreSQL)
    search_doc    (kind, ref, source_id, title, body[, tsv])   the full-text documents

`search_doc` is an FTS5 virtual table on SQLite and a table with a weighted `tsvector` column and a GIN index on
PostgreSQL: it is made by `create_search_doc` (per engine, `IF NOT EXISTS`), which the migration `search_1` and
the creation of a new database (`migrate.migrate`) both run, and which the full-text index runs again after it
drops an index of another version. The tables are derived from the records (`model/record_kinds.py` declares
them private); the statements on them live in `search_index.py` and `search_vectors.py`.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, LargeBinary, PrimaryKeyConstraint, Table, Text

from rightsdesk.store.schema import metadata

search_state = Table(
    "search_state", metadata,
    Column("kind", Text, primary_key=True),
    Column("n", Integer, nullable=False),
)

search_source = Table(
    "search_source", metadata,
    Column("source_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("n", Integer, nullable=False),
    PrimaryKeyConstraint("source_id", "kind"),
)

search_vector = Table(
    "search_vector", metadata,
    Column("kind", Text, nullable=False),
    Column("ref", Text, nullable=False),
    Column("model", Text, nullable=False),
    Column("vec", LargeBinary, nullable=False),
    PrimaryKeyConstraint("kind", "ref"),
)

SEARCH_TABLES = (search_state, search_source, search_vector)

#: Tables of the schema made by statements rather than by `metadata` (declared in `model/record_kinds.py` all
#: the same, so that every table of the database is classified).
OUTSIDE_METADATA = ("search_doc",)

SEARCH_DOC_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_doc USING fts5(kind UNINDEXED, ref UNINDEXED, "
        "source_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    ),
    "postgresql": (
        "CREATE TABLE IF NOT EXISTS search_doc (kind TEXT NOT NULL, ref TEXT NOT NULL, source_id TEXT NOT NULL, "
        "title TEXT NOT NULL, body TEXT NOT NULL, tsv TSVECTOR NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_search_doc_tsv ON search_doc USING GIN (tsv)",
        "CREATE INDEX IF NOT EXISTS ix_search_doc_ref ON search_doc (kind, ref)",
        "CREATE INDEX IF NOT EXISTS ix_search_doc_source ON search_doc (source_id)",
    ),
}


def create_search_doc(conn: Connection) -> None:
    """Create the full-text table (and its indexes on PostgreSQL) where missing; one already there is kept."""
    for ddl in SEARCH_DOC_DDL["sqlite" if conn.dialect.name == "sqlite" else "postgresql"]:
        conn.exec_driver_sql(ddl)


def drop_search_doc(conn: Connection) -> None:
    """Drop the full-text table where it exists (its indexes with it)."""
    conn.exec_driver_sql("DROP TABLE IF EXISTS search_doc")
