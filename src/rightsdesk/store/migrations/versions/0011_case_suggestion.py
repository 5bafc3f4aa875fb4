"""Linked clusters brought back to the cases as "possibly the same person" suggestions (issue 12, Deliver 11).

Revision ID: suggest_1
Revises: security_1
Create Date: 2026-12-07
"""

from alembic import op

from rightsdesk.store.schema_case_links import case_suggestion

revision = "suggest_1"
down_revision = "security_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    case_suggestion.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    case_suggestion.drop(op.get_bind(), checkfirst=True)
