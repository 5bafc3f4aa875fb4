"""Reviewers' judgements on linked list records, as the workbench records them (issue 13, Deliver 2).

Revision ID: judge_1
Revises: derived_1
Create Date: 2026-12-06
"""

from alembic import op

from rightsdesk.store.schema import link_judgement

revision = "judge_1"
down_revision = "derived_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    link_judgement.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    link_judgement.drop(op.get_bind(), checkfirst=True)
