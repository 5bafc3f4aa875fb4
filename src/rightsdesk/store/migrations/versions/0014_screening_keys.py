"""The screening index's blocking postings join the schema: `screening_key` and `screening_entry`, derived from
the designations (`store/screening_keys.py`), so that `rightsdesk screen` need not build the whole index.

Revision ID: screen_1
Revises: search_1
Create Date: 2026-12-08

A store upgraded to this revision holds the tables empty; the stamp in `derived_version` is missing, so the keys
are stale until the next build or list load writes them (`screen` builds the index in memory meanwhile).
"""

from alembic import op

from rightsdesk.store.schema import screening_entry, screening_key

revision = "screen_1"
down_revision = "search_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    screening_key.create(bind, checkfirst=True)
    screening_entry.create(bind, checkfirst=True)


def downgrade() -> None:
    bind = op.get_bind()
    screening_entry.drop(bind, checkfirst=True)
    screening_key.drop(bind, checkfirst=True)
