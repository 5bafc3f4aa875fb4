"""The labels table: labels given to a record by its source, by a model or by a person (on `schema.metadata`).

    record_label (id, record_kind, record_id, scheme, label, origin, model_name, model_version, score,
                  person, decided_at, created_at)

`origin` is "source", "model" or "person". Official UPR Info labels stay where ingest puts them
(`upr_recommendation.issues` / `action_category`, see docs/decisions/labels-table.md); this table holds the
predicted and the person's labels, and source labels of sources that have no column of their own. Writing model
labels never touches a row of another origin, so a prediction can never overwrite an official or a person's label.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, DateTime, Float, Index, Integer, String, Table, Text

from rightsdesk.store.schema import metadata

SCHEMES = ("upr-issue", "action-category", "uhri-theme", "sdg", "affected-persons")
ORIGINS = ("source", "model", "person")

record_label = Table(
    "record_label", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_kind", String(40), nullable=False),  # e.g. "upr_recommendation"
    Column("record_id", String(64), nullable=False),
    Column("scheme", String(20), nullable=False),
    Column("label", String(200), nullable=False),
    Column("origin", String(10), nullable=False),
    Column("model_name", String(80), nullable=False, default=""),  # "" unless origin is "model"
    Column("model_version", String(80), nullable=False, default=""),
    Column("score", Float),  # the model's calibrated probability; None for source and person labels
    Column("person", Text),  # who, for origin "person"
    Column("decided_at", DateTime(timezone=True)),  # when the person decided
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("origin IN ('source', 'model', 'person')", name="ck_record_label_origin"),
    CheckConstraint("scheme IN ('upr-issue', 'action-category', 'uhri-theme', 'sdg', 'affected-persons')",
                    name="ck_record_label_scheme"),
    CheckConstraint("origin <> 'person' OR (person IS NOT NULL AND decided_at IS NOT NULL)",
                    name="ck_record_label_person"),
    Index("ix_record_label_unique", "record_kind", "record_id", "scheme", "label", "origin", "model_name",
          "model_version", unique=True),
    Index("ix_record_label_label", "scheme", "label"),
)

TAG_TABLES = (record_label,)
