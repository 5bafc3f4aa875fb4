"""The search tables join the schema: `search_state`, `search_source` and `search_vector` (on `schema.metadata`)
and the full-text table `search_doc` (FTS5 on SQLite; a table with a `tsvector` and a GIN index on PostgreSQL).

Revision ID: search_1
Revises: suggest_2
Create Date: 2026-12-07

Before this revision the store made them itself, `CREATE ... IF NOT EXISTS`, when it first indexed: a database
built then already has them, so each is made only where missing and what they hold is kept (an index of another
layout is still rebuilt whole by the index's own version, `search_index.INDEX_VERSION`).
"""

from alembic import op

from rightsdesk.store.schema_search import SEARCH_DOC_DDL, SEARCH_TABLES

revision = "search_1"
down_revision = "suggest_2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for table in SEARCH_TABLES:
        table.create(bind, checkfirst=True)
    for ddl in SEARCH_DOC_DDL["sqlite" if bind.dialect.name == "sqlite" else "postgresql"]:
        op.execute(ddl)


def downgrade() -> None:
    """The tables go: the code of suggest_2 makes them again when it next indexes (and embeds)."""
    bind = op.get_bind()
    op.execute("DROP TABLE IF EXISTS search_doc")
    for table in reversed(SEARCH_TABLES):
        table.drop(bind, checkfirst=True)
