"""The case records: events, acts, persons (identity fields encrypted), the keyed name index, involvements,
sources, interventions, consent, chains of events and clarification notes (issue 12).

Revision ID: casestore_1
Revises: cases_1
Create Date: 2026-12-05
"""

from alembic import op

from rightsdesk.store.schema_case_records import CASE_RECORD_TABLES

revision = "casestore_1"
down_revision = "cases_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for table in CASE_RECORD_TABLES:
        table.create(bind, checkfirst=True)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(CASE_RECORD_TABLES):
        table.drop(bind, checkfirst=True)
