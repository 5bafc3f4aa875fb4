"""Covering indexes for the case list's facet counts (issue 12): the event facets (country, province, year) and
the act facet read narrow indexes instead of the tables, whose rows carry encrypted titles.

Revision ID: facets_1
Revises: suggest_1
Create Date: 2026-12-07

The earlier revisions create their tables from today's schema, so a database made since then may already have
these indexes: each is created only when missing.
"""

from alembic import op
from sqlalchemy import inspect

from rightsdesk.store.schema_case_records import case_act, case_event

revision = "facets_1"
down_revision = "suggest_1"
branch_labels = None
depends_on = None

INDEXES = (("case_event", "ix_event_facets"), ("case_act", "ix_act_case_kind"))


def upgrade() -> None:
    bind = op.get_bind()
    tables = {"case_event": case_event, "case_act": case_act}
    for table, name in INDEXES:
        if name not in {i["name"] for i in inspect(bind).get_indexes(table)}:
            next(i for i in tables[table].indexes if i.name == name).create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table, name in INDEXES:
        if name in {i["name"] for i in inspect(bind).get_indexes(table)}:
            op.drop_index(name, table_name=table)
