"""The labels table: labels from the source, from a model and from a person (issue 14).

Revision ID: tagging_1
Revises: cases_1
Create Date: 2026-12-05
"""

from alembic import op

from rightsdesk.store.schema_tags import TAG_TABLES

revision = "tagging_1"
down_revision = "casestore_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for table in TAG_TABLES:
        table.create(bind, checkfirst=True)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(TAG_TABLES):
        table.drop(bind, checkfirst=True)
