"""Baseline: the schema of rightsdesk 0.1 (spine: sources, countries, UPR, votes, designations, links).

A new database is created from `schema.metadata` and stamped with the newest revision; this baseline exists so
that later revisions have a parent. Every later revision must hold explicit operations (op.add_column, ...)
that bring a database of the previous revision up to date.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
