"""A suggestion's other record ("list:id": an uploaded file's name and a row of it) is stored encrypted, so its
column becomes unbounded text (issue 12).

Revision ID: suggest_2
Revises: suggest_1
Create Date: 2026-12-07

No key reaches a migration: rows stored before this revision keep the value in the clear, are read as they are,
and are encrypted by the next `rightsdesk keys rotate` (docs/cases.md). SQLite stores any length already.
"""

from alembic import op
from sqlalchemy import Text

revision = "suggest_2"
down_revision = "suggest_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("case_suggestion", "other", type_=Text, existing_nullable=False)


def downgrade() -> None:
    """The column stays text: encrypted values are longer than the 200 characters it had, and narrowing it would
    fail on any stored suggestion (the values stay encrypted; suggest_1's code reads them as opaque text)."""
