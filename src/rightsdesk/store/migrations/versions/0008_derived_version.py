"""The version of the inputs derived data was computed from (issue 15, defect 6).

Revision ID: derived_1
Revises: upr_report_1
Create Date: 2026-12-06
"""

from alembic import op

from rightsdesk.store.schema import derived_version

revision = "derived_1"
down_revision = "upr_report_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    derived_version.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    derived_version.drop(op.get_bind(), checkfirst=True)
