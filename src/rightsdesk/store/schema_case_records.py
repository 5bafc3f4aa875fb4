"""Tables for documented cases (issue 12), after the HURIDOCS Events Standard Formats, on `schema.metadata`.

    case_record ─┬─< case_event ─< case_act ─< case_involvement (person, role)
                 ├─< case_person ─< case_name_index (keyed hashes of name readings, for search)
                 ├─< case_source              ├─< case_consent (scope, mechanism, given, withdrawn)
                 ├─< case_intervention        └─ (victim of acts, party to involvements)
                 ├─< case_chain (event → event)
                 ├─< case_note (a clarification on one field)
                 └─< case_evidence (an attached file, optionally of one source: sha256 at intake, encrypted)

Every column ending in `_enc` holds an AES-256-GCM token (`cases.crypto`) bound to its table, column and row;
names in every script, birth dates, contact details, titles and every free text live only there. What stays in
the clear is what a pseudonymised view shows: collection, act kinds, partial dates, places, certainty, birth
year, sex, consent. `case_name_index.digest` is a keyed hash: useless without the key. Only `store/` touches
these tables.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text

from rightsdesk.store.schema import metadata

CASE_ID = 16
ROW_ID = 24


def _case_fk() -> Column[str]:
    return Column("case_id", String(CASE_ID), ForeignKey("case_record.id", ondelete="CASCADE"), nullable=False,
                  index=True)


case_record = Table(
    "case_record", metadata,
    Column("id", String(CASE_ID), primary_key=True),
    Column("collection", String(80), nullable=False),
    Column("ref_digest", String(32), nullable=False),  # keyed hash of the documenter's reference
    Column("ref_enc", Text, nullable=False),
    Column("title_enc", Text, nullable=False),
    Column("family_steps_enc", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Index("ix_case_collection", "collection", "id"),
    Index("ix_case_ref", "collection", "ref_digest", unique=True),
)

case_event = Table(
    "case_event", metadata,
    Column("id", String(ROW_ID), primary_key=True),
    _case_fk(),
    Column("title_enc", Text, nullable=False),
    Column("start_date", String(10)),  # ISO at its precision: 2014, 2014-02, 2014-02-17
    Column("end_date", String(10)),
    Column("place_country", String(3)),
    Column("place_romanized", Text, nullable=False, default=""),
    Column("place_hangul", Text, nullable=False, default=""),
    Column("place_province", Text, nullable=False, default=""),
    Column("certainty", String(12), nullable=False),
)

case_person = Table(
    "case_person", metadata,
    Column("id", String(ROW_ID), primary_key=True),
    _case_fk(),
    Column("pseudonym", String(16), nullable=False, unique=True),  # random, stable, says nothing
    Column("kind", String(12), nullable=False),  # individual | institution
    Column("names_enc", Text, nullable=False),  # JSON list of {text, script, system}
    Column("sex", String(8), nullable=False, default=""),
    Column("birth_year", Integer),
    Column("birth_enc", Text, nullable=False),  # the birth date at its precision
    Column("contact_enc", Text, nullable=False),
    Column("designation", String(40), nullable=False, default=""),  # a public sanctions ref, e.g. KPe.052
)

case_name_index = Table(
    "case_name_index", metadata,
    Column("digest", String(32), primary_key=True),
    Column("person_id", String(ROW_ID), ForeignKey("case_person.id", ondelete="CASCADE"), primary_key=True),
    _case_fk(),
)

case_act = Table(
    "case_act", metadata,
    Column("id", String(ROW_ID), primary_key=True),
    _case_fk(),
    Column("event_id", String(ROW_ID), ForeignKey("case_event.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("victim_id", String(ROW_ID), ForeignKey("case_person.id", ondelete="CASCADE"), nullable=False),
    Column("certainty", String(12), nullable=False),
    Index("ix_act_kind", "kind"),
)

case_involvement = Table(
    "case_involvement", metadata,
    Column("act_id", String(ROW_ID), ForeignKey("case_act.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", String(ROW_ID), ForeignKey("case_person.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), primary_key=True),
    _case_fk(),
    Column("certainty", String(12), nullable=False),
)

case_source = Table(
    "case_source", metadata,
    Column("id", String(ROW_ID), primary_key=True),
    _case_fk(),
    Column("kind", String(12), nullable=False),
    Column("date", String(10)),
    Column("reliability", String(8), nullable=False),
    Column("person_id", String(ROW_ID)),
    Column("content_enc", Text, nullable=False),
)

case_intervention = Table(
    "case_intervention", metadata,
    Column("id", String(ROW_ID), primary_key=True),
    _case_fk(),
    Column("mechanism", String(20), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("submitted_on", Date, nullable=False),
    Column("by", String(80), nullable=False),
    Column("document_enc", Text, nullable=False),  # the submission as sent (it holds the identity)
    Column("reply_enc", Text, nullable=False),
    Column("reply_on", Date),
)

case_consent = Table(
    "case_consent", metadata,
    Column("id", String(ROW_ID), primary_key=True),
    _case_fk(),
    Column("person_id", String(ROW_ID), ForeignKey("case_person.id", ondelete="CASCADE"), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("mechanism", String(20)),
    Column("given_on", Date, nullable=False),
    Column("given_by", String(40), nullable=False),
    Column("recorded_by", String(80), nullable=False),
    Column("withdrawn_on", Date),
    Column("withdrawn_by", String(80), nullable=False, default=""),
)

case_chain = Table(
    "case_chain", metadata,
    Column("from_event", String(ROW_ID), ForeignKey("case_event.id", ondelete="CASCADE"), primary_key=True),
    Column("to_event", String(ROW_ID), ForeignKey("case_event.id", ondelete="CASCADE"), primary_key=True),
    _case_fk(),
    Column("relation", String(20), nullable=False),
)

case_note = Table(
    "case_note", metadata,
    Column("id", String(ROW_ID), primary_key=True),
    _case_fk(),
    Column("target", String(120), nullable=False),  # "event:<id>.start"
    Column("text_enc", Text, nullable=False),
    Column("author", String(80), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

case_evidence = Table(
    "case_evidence", metadata,
    Column("id", String(ROW_ID), primary_key=True),
    _case_fk(),
    Column("source_id", String(ROW_ID), ForeignKey("case_source.id", ondelete="CASCADE")),
    Column("sha256", String(64), nullable=False),  # of the file as received; also in the intake's audit entry
    Column("size", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("filename_enc", Text, nullable=False),  # a file name may name a person
    Column("content_enc", Text, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("added_by", String(80), nullable=False),
)

#: In creation order (parents first); drop in reverse.
CASE_RECORD_TABLES = (case_record, case_event, case_person, case_name_index, case_act, case_involvement,
                      case_source, case_intervention, case_consent, case_chain, case_note, case_evidence)

#: Every encrypted column, by table: what `keys rotate` re-encrypts.
ENCRYPTED_COLUMNS: dict[str, tuple[str, ...]] = {
    "case_record": ("ref_enc", "title_enc", "family_steps_enc"),
    "case_event": ("title_enc",),
    "case_person": ("names_enc", "birth_enc", "contact_enc"),
    "case_source": ("content_enc",),
    "case_intervention": ("document_enc", "reply_enc"),
    "case_note": ("text_enc",),
    "case_evidence": ("filename_enc", "content_enc"),
}
