"""Record kinds, declared once: for each kind of record the store holds, its table, its natural key, how a load
replaces it, which search documents it feeds and whether it enters the public copy; for every other table of the
schema, what it is instead (reference data, derived data, a reviewer's decisions, accounts, audit, cases).

    RECORD_KINDS    the kinds, in the order loads report them and the public copy lists their tables
    NOT_RECORDS     every other table of the schema: its role, what it holds, whether it is public
    record_kind(t)  the kind of a model record type (UprRecommendation ...), as the writer looks it up
    document_kinds  the search document kinds, in the order of their rowid ranges in the SQLite index

The writer (`store/writer.py`: replacement, children, load reports), the public copy (`store/publish.py`: which
tables are public) and the full-text index (`store/search_index.py`: which tables feed which documents, reindexed
source by source) read these declarations instead of naming tables themselves. `tests/model/test_record_kinds.py`
checks them against the schema: every table is a kind's, a kind's child or declared in NOT_RECORDS, and each
natural key's columns exist and are unique there. Names only (tables and columns as strings): `model/` imports
nothing of the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rightsdesk.model.records import CountryVote, Designation, RollCall, UprRecommendation


class Replacement(StrEnum):
    """How loading a kind's dataset again changes the rows already held."""

    SNAPSHOT = "snapshot"  # a load is the whole of its scope (a sanctions list): rows of the scope it no longer
    #                        holds are removed; rows are replaced by natural key
    UPSERT = "upsert"  # rows are replaced by natural key; the rows an earlier version of the same file held and
    #                    the new one does not are removed
    APPEND = "append"  # rows are only added


@dataclass(frozen=True)
class Child:
    """A table whose rows belong to one row of a kind (`column` holds the parent's `row_id`): written, replaced
    and removed with it."""

    table: str
    column: str


@dataclass(frozen=True)
class RecordKind:
    """One kind of record: `name` (the label of load reports, `upr_recommendations`), its `table`, the
    `natural_key` columns that identify a record across loads (unique in the schema; a hash of the record's key
    where the key has no columns of its own), how a load replaces it, the model `record` type an ingestor yields
    for it (None: the writer makes the rows itself), the search `documents` kinds one row of it feeds, whether
    the public copy takes it, its `children`, for a snapshot the `scope` column saying which snapshot a row
    belongs to, and `row_id`, the one column a row is known by (children point to it; load reports compare it;
    None: counted only)."""

    name: str
    table: str
    natural_key: tuple[str, ...]
    replacement: Replacement
    record: type | None
    row_id: str | None
    documents: tuple[str, ...] = ()
    public: bool = True
    children: tuple[Child, ...] = ()
    scope: str | None = None

    @property
    def tables(self) -> tuple[str, ...]:
        """Its table and its children's, in that order."""
        return (self.table, *(c.table for c in self.children))


def _designation_children(*tables: str) -> tuple[Child, ...]:
    return tuple(Child(t, "designation_id") for t in tables)


RECORD_KINDS: tuple[RecordKind, ...] = (
    # id hashes (to_state, from_state_original, session, text, occurrence): UprRecommendation.key()
    RecordKind("upr_recommendations", "upr_recommendation", ("id",), Replacement.UPSERT, UprRecommendation, "id",
               documents=("recommendation",), children=(Child("upr_recommendation_issue", "recommendation_id"),)),
    # a Working Group report's paragraph paired with a recommendation another source holds (issue 11)
    RecordKind("upr_report_paragraphs", "upr_report_paragraph", ("recommendation_id",), Replacement.UPSERT, None,
               "recommendation_id"),
    # a roll call's votes are replaced with it; they are also a kind of their own (the records an ingestor yields)
    RecordKind("roll_calls", "roll_call", ("rcid",), Replacement.UPSERT, RollCall, "rcid", documents=("vote",),
               children=(Child("country_vote", "rcid"),)),
    RecordKind("votes", "country_vote", ("rcid", "country"), Replacement.UPSERT, CountryVote, None),
    # id hashes (list_name, reference_number): Designation.key()
    RecordKind("designations", "designation", ("list_name", "reference_number"), Replacement.SNAPSHOT, Designation,
               "id", documents=("designation",), scope="list_name", children=_designation_children(
                   "designation_name", "designation_birth_date", "designation_document", "designation_address",
                   "designation_relation", "designation_regime", "designation_nationality")),
)


class Role(StrEnum):
    """What a table that holds no records is."""

    REFERENCE = "reference"  # what records point to: the files loaded, the countries
    DERIVED = "derived"  # computed from records (links, labels) or the bookkeeping of that
    REVIEW = "review"  # a person's decisions on records
    ACCOUNTS = "accounts"  # users, their grants, sign-in throttling
    AUDIT = "audit"  # who read what
    CASES = "cases"  # case data: victims, acts, sources, consent


@dataclass(frozen=True)
class NotRecord:
    """A table that holds no records: its role, what it holds (for a private table, why it stays so), whether
    the public copy takes it."""

    role: Role
    what: str
    public: bool = False


_CASE_TABLES = ("case_record", "case_event", "case_person", "case_name_index", "case_act", "case_involvement",
                "case_source", "case_intervention", "case_consent", "case_chain", "case_note", "case_evidence",
                "case_suggestion")

NOT_RECORDS: Mapping[str, NotRecord] = {
    "source": NotRecord(Role.REFERENCE, "the files loaded, that every record points to", public=True),
    "country": NotRecord(Role.REFERENCE, "ISO 3166 countries, their M49 codes and UN regional groups", public=True),
    "designation_link": NotRecord(Role.DERIVED, "cross-list links (UN <-> SDN), proposed and reviewed", public=True),
    "record_label": NotRecord(Role.DERIVED, "labels of records, predicted or given by a person", public=True),
    "derived_version": NotRecord(Role.DERIVED, "bookkeeping of derived data"),
    "screening_key": NotRecord(Role.DERIVED, "the screening index's blocking keys, by name and designation"),
    "screening_entry": NotRecord(Role.DERIVED, "the screening index's designations, by entry number"),
    # the search indexes (store/schema_search.py): derived from the records, rebuilt from them at will; the public
    # copy makes full-text tables of its own (store/publish.py FTS)
    "search_doc": NotRecord(Role.DERIVED, "the full-text index's documents (made by statements, not a Table)"),
    "search_state": NotRecord(Role.DERIVED, "the search indexes' version and change token"),
    "search_source": NotRecord(Role.DERIVED, "what each source contributed to the full-text index"),
    "search_vector": NotRecord(Role.DERIVED, "the recommendations' embedding vectors"),
    "link_judgement": NotRecord(Role.REVIEW, "a reviewer's decisions on victim-list records"),
    "app_user": NotRecord(Role.ACCOUNTS, "accounts"),
    "user_grant": NotRecord(Role.ACCOUNTS, "who may read which collection"),
    "login_throttle": NotRecord(Role.ACCOUNTS, "sign-in failures by network address"),
    "audit_log": NotRecord(Role.AUDIT, "who read what"),
    "audit_head": NotRecord(Role.AUDIT, "the audit chain's head"),
    **{t: NotRecord(Role.CASES, "case data: victims, acts, sources, consent") for t in _CASE_TABLES},
}


def record_kind(record_type: type) -> RecordKind:
    """The kind whose records are of `record_type`; KeyError for a type no kind declares."""
    for kind in RECORD_KINDS:
        if kind.record is record_type:
            return kind
    raise KeyError(record_type)


def loaded_kinds() -> tuple[RecordKind, ...]:
    """The kinds an ingestor yields records of, as load reports list them."""
    return tuple(k for k in RECORD_KINDS if k.record is not None)


def document_kinds() -> tuple[str, ...]:
    """The search document kinds, in the order the kinds feeding them are declared (the SQLite index gives each
    a rowid range by this order: changing it changes the index, see store/search_index.py INDEX_VERSION)."""
    return tuple(d for k in RECORD_KINDS for d in k.documents)


def feeding(document: str) -> RecordKind:
    """The kind whose rows make the search documents of kind `document`; KeyError for an unknown one."""
    for kind in RECORD_KINDS:
        if document in kind.documents:
            return kind
    raise KeyError(document)


def public_tables() -> tuple[str, ...]:
    """The tables the public copy takes, in its order: public reference tables, the public kinds' tables (each
    with its children), then the public derived tables."""
    first = [t for t, n in NOT_RECORDS.items() if n.public and n.role is Role.REFERENCE]
    kinds = [t for k in RECORD_KINDS if k.public for t in k.tables]
    last = [t for t, n in NOT_RECORDS.items() if n.public and n.role is not Role.REFERENCE]
    return tuple(dict.fromkeys([*first, *kinds, *last]))


def private_tables() -> dict[str, str]:
    """The tables the public copy never takes, each with why."""
    out = {t: n.what for t, n in NOT_RECORDS.items() if not n.public}
    out |= {t: "records not published" for k in RECORD_KINDS if not k.public for t in k.tables}
    return out
