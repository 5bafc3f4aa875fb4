"""The table that brings list linkage back to the cases (issue 12, Deliver 11), on `schema.metadata`.

    case_person ─< case_suggestion (run, cluster, the other member: "list:id", or a person of another case)

A row says: in linkage run `run`, the victim `person_id` fell in one cluster with the record `other` (a record of
another list, "list:id", or another case's victim, then also `other_person_id`): possibly the same person. It
holds ids only, never a name; `other` names an uploaded file and a row of it, so it is encrypted like the identity
fields (bound to "case_suggestion.other:<run>:<person id>"; `store.case_browse.other_aad`). Only `store/` touches
it.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from rightsdesk.store.schema import metadata

CASE_ID, ROW_ID = 16, 24  # as in schema_case_records (not imported: schema.py imports this module first)

case_suggestion = Table(
    "case_suggestion", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("run", String(24), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by", String(80), nullable=False),
    Column("case_id", String(CASE_ID), ForeignKey("case_record.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", String(ROW_ID), ForeignKey("case_person.id", ondelete="CASCADE"), nullable=False),
    Column("cluster", String(40), nullable=False),
    Column("other", Text, nullable=False),  # "list:id" of the other member, encrypted
    Column("other_person_id", String(ROW_ID)),  # when the other member is a victim of a stored case
    Index("ix_suggestion_person", "person_id", "run"),
)
