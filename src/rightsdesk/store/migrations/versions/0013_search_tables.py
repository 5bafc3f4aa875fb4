"""The search tables join the schema: `search_state`, `search_source` and `search_vector` (on `schema.metadata`)
and the full-text table `search_doc` (FTS5 on SQLite; a table with a `tsvector` and a GIN index on PostgreSQL).

Revision ID: search_1
Revises: suggest_2
Create Date: 2026-12-07

Before this revision the store made them itself, `CREATE ... IF NOT EXISTS`, when it first indexed: a database
built then already has them, so each is made only where missing and what they hold is kept (an index of another
layout is still rebuilt whole by the index's own version, `search_index.INDEX_VERSION`).

The statements are written out here as they stood at this revision (not read from `schema_search.py`), so that a
later change to the tables is a later revision and this one always makes what it made.
"""

from alembic import op

revision = "search_1"
down_revision = "suggest_2"
branch_labels = None
depends_on = None


_TABLES = {  # (name, columns), the types per engine: {blob} is BLOB on SQLite, BYTEA on PostgreSQL
    "search_state": "kind TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL",
    "search_source": "source_id TEXT NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (source_id, kind)",
    "search_vector": "kind TEXT NOT NULL, ref TEXT NOT NULL, model TEXT NOT NULL, vec {blob} NOT NULL, "
                     "PRIMARY KEY (kind, ref)",
}
_SEARCH_DOC = {
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


def upgrade() -> None:
    engine = "sqlite" if op.get_bind().dialect.name == "sqlite" else "postgresql"
    blob = "BLOB" if engine == "sqlite" else "BYTEA"
    for name, columns in _TABLES.items():
        op.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns.format(blob=blob)})")
    for ddl in _SEARCH_DOC[engine]:
        op.execute(ddl)


def downgrade() -> None:
    """The tables go: the code of suggest_2 makes them again when it next indexes (and embeds)."""
    op.execute("DROP TABLE IF EXISTS search_doc")
    for name in reversed(_TABLES):
        op.execute(f"DROP TABLE IF EXISTS {name}")
