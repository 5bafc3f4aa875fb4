"""Report paragraphs matched to held recommendations, instead of duplicate rows (issue 11, defect 1).

Revision ID: upr_report_1
Revises: tagging_1
Create Date: 2026-12-06
"""

from alembic import op

from rightsdesk.store.schema import upr_report_paragraph

revision = "upr_report_1"
down_revision = "tagging_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upr_report_paragraph.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    upr_report_paragraph.drop(op.get_bind(), checkfirst=True)
