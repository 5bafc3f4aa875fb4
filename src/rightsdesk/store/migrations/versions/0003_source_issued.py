"""source.issued: the day a list snapshot was generated, so that an older list is not loaded over a newer one.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source") as batch:
        batch.add_column(sa.Column("issued", sa.Date))


def downgrade() -> None:
    with op.batch_alter_table("source") as batch:
        batch.drop_column("issued")
