"""Accounts, grants and the hash-chained audit log of case data (issue 12).

Revision ID: cases_1
Revises: 0003
Create Date: 2026-12-05
"""

from alembic import op

from rightsdesk.store.schema_cases import CASE_TABLES

revision = "cases_1"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for table in CASE_TABLES:
        table.create(bind, checkfirst=True)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(CASE_TABLES):
        table.drop(bind, checkfirst=True)
