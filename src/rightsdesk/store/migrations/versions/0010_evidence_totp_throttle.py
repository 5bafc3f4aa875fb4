"""Evidence files of cases, the TOTP second factor of accounts, and the web sign-in's rate limit (issue 12).

Revision ID: security_1
Revises: judge_1
Create Date: 2026-12-07

The earlier revisions create their tables from today's schema, so a database upgraded from before them may
already have these columns and tables: each is added only when missing.
"""

from alembic import op
from sqlalchemy import BigInteger, Column, Integer, Text, inspect

from rightsdesk.store.schema_case_records import case_evidence
from rightsdesk.store.schema_cases import login_throttle

revision = "security_1"
down_revision = "judge_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    have = {c["name"] for c in inspect(bind).get_columns("app_user")}
    if "totp_enc" not in have:
        op.add_column("app_user", Column("totp_enc", Text))
    if "totp_last_step" not in have:
        op.add_column("app_user", Column("totp_last_step", BigInteger().with_variant(Integer, "sqlite")))
    case_evidence.create(bind, checkfirst=True)
    login_throttle.create(bind, checkfirst=True)


def downgrade() -> None:
    bind = op.get_bind()
    login_throttle.drop(bind, checkfirst=True)
    case_evidence.drop(bind, checkfirst=True)
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_enc")
