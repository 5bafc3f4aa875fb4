"""The designation_relation table: an SDN entry's "Linked To" ties, resolved to the entry named.

The SDN ingestor's version goes to 3 with it, so the next `build` or `ingest ofac-sdn` re-reads the list and fills
the table (earlier versions kept the names in `designation.extra["linked_to"]`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "designation_relation",
        sa.Column("designation_id", sa.String(32), sa.ForeignKey("designation.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("target_list", sa.String(20), nullable=False),
        sa.Column("target_ref", sa.String(40)),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_relation_target", "designation_relation", ["target_list", "target_ref"])


def downgrade() -> None:
    op.drop_index("ix_relation_target", "designation_relation")
    op.drop_table("designation_relation")
