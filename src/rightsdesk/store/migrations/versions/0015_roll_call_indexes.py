"""Indexes for the list of roll calls (issue 15): `roll_call` by session and date, and `country_vote` by roll call
and vote, so that a page of a session's roll calls and its totals are read from indexes, not from whole tables.

Revision ID: roll_call_ix_1
Revises: screen_1
Create Date: 2026-12-08

`schema.py` declares the same indexes, so a store made by `create_all` since has them already: each is made only
where missing (`CREATE INDEX IF NOT EXISTS`, on both engines). The statements are written out as they stand at
this revision, not read from the schema.
"""

from alembic import op

revision = "roll_call_ix_1"
down_revision = "screen_1"
branch_labels = None
depends_on = None


_INDEXES = {  # name: (table, columns)
    "ix_roll_call_session_date": ("roll_call", "session, date"),
    "ix_roll_call_date": ("roll_call", "date"),
    "ix_vote_rcid_vote": ("country_vote", "rcid, vote"),
}


def upgrade() -> None:
    for name, (table, columns) in _INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def downgrade() -> None:
    for name in reversed(_INDEXES):
        op.execute(f"DROP INDEX IF EXISTS {name}")
