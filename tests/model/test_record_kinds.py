"""The record kinds agree with the schema, the writer, the ingestors and the search index: every table is a kind's,
a kind's child or declared as holding no records; natural keys exist and are unique; what reads the declaration
finds what it needs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Table, UniqueConstraint

from rightsdesk.ingest import INGESTORS
from rightsdesk.model.record_kinds import (
    NOT_RECORDS,
    RECORD_KINDS,
    RecordKind,
    Replacement,
    feeding,
    loaded_kinds,
    record_kind,
)
from rightsdesk.model.records import Designation
from rightsdesk.store import schema
from rightsdesk.store.schema_search import OUTSIDE_METADATA

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPORT = Path(__file__).resolve().parents[2] / "src/rightsdesk/data/upr_reports/A-HRC-13-13_DPRK_UPR_WG_report_cycle1_2010.txt"
SAMPLES = [("upr-info", FIXTURES / "upr_sample.csv"), ("unvotes", FIXTURES / "unvotes"),
           ("un-sc-list", FIXTURES / "un_list_sample.xml"), ("ofac-sdn", FIXTURES / "ofac-sdn"),
           ("upr-report", REPORT)]


def _table(name: str) -> Table:
    assert name in schema.metadata.tables, f"{name} is declared in model/record_kinds.py but not in the schema"
    return schema.metadata.tables[name]


def _unique(table: Table, columns: tuple[str, ...]) -> bool:
    """Whether `columns` (as a set) are the table's primary key or one of its unique indexes or constraints."""
    wanted = set(columns)
    if {c.name for c in table.primary_key.columns} == wanted:
        return True
    if any(ix.unique and {c.name for c in ix.columns} == wanted for ix in table.indexes):
        return True
    return any(isinstance(c, UniqueConstraint) and {x.name for x in c.columns} == wanted for c in table.constraints)


def test_every_table_is_a_record_kind_or_declared_not_one() -> None:
    record_tables = {t for k in RECORD_KINDS for t in k.tables}
    assert not record_tables & set(NOT_RECORDS), "a table is both a record kind's and declared as not one"
    tables = set(schema.metadata.tables) | set(OUTSIDE_METADATA)  # search_doc: made by statements, no Table
    left = tables - record_tables - set(NOT_RECORDS)
    assert not left, f"tables neither a record kind's nor in NOT_RECORDS (model/record_kinds.py): {sorted(left)}"
    gone = (record_tables | set(NOT_RECORDS)) - tables
    assert not gone, f"declared in model/record_kinds.py, not in the schema: {sorted(gone)}"


def test_names_are_distinct() -> None:
    assert len({k.name for k in RECORD_KINDS}) == len(RECORD_KINDS)
    assert len({k.table for k in RECORD_KINDS}) == len(RECORD_KINDS)
    loaded = [k.record for k in loaded_kinds()]
    assert len(set(loaded)) == len(loaded), "two kinds declare the same record type"


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=lambda k: k.name)
def test_a_kind_agrees_with_its_tables(kind: RecordKind) -> None:
    table = _table(kind.table)
    columns = set(table.columns.keys())
    assert set(kind.natural_key) <= columns, f"{kind.name}: natural key {kind.natural_key} not all columns"
    assert _unique(table, kind.natural_key), f"{kind.name}: natural key {kind.natural_key} is not unique"
    assert "source_id" in columns, f"{kind.name}: every record points to its source (the writer relies on it)"
    if kind.row_id is not None:
        assert _unique(table, (kind.row_id,)), f"{kind.name}: row id {kind.row_id} is not unique"
    for child in kind.children:
        child_table = _table(child.table)
        assert child.column in child_table.columns, f"{child.table} has no column {child.column}"
        assert kind.row_id is not None, f"{kind.name} has children but no row id they point to"
        for fk in child_table.c[child.column].foreign_keys:  # where there is a foreign key, it names the parent
            assert (fk.column.table.name, fk.column.name) == (kind.table, kind.row_id)
    if kind.replacement is Replacement.SNAPSHOT:
        assert kind.scope in columns and kind.row_id is not None, f"{kind.name}: a snapshot needs a scope and id"
    else:
        assert kind.scope is None, f"{kind.name}: only a snapshot has a scope"


def test_designation_children_are_the_schemas() -> None:
    children = {c.table for c in record_kind(Designation).children}
    assert children == {t.name for t in schema.DESIGNATION_CHILDREN}


def test_every_loaded_kind_has_a_writer_and_every_writer_a_kind() -> None:
    from rightsdesk.store.writer import WRITERS

    assert set(WRITERS) == {k.record for k in loaded_kinds()}
    for record_type in WRITERS:
        assert record_kind(record_type).record is record_type
    with pytest.raises(KeyError):
        record_kind(str)


@pytest.mark.parametrize(("name", "path"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_an_ingestor_yields_kinds_of_its_own_replacement(name: str, path: Path) -> None:
    """A snapshot ingestor (a list) yields only snapshot kinds, any other only kinds replaced by key: the writer
    applies the one policy the ingestor's load calls for. Every ingestor is sampled here."""
    assert {n for n, _ in SAMPLES} == set(INGESTORS), "an ingestor has no sample here: add one"
    ingestor = INGESTORS[name]
    kinds = {record_kind(type(r)) for r in ingestor.parse(path)}
    assert kinds
    for kind in kinds:
        assert (kind.replacement is Replacement.SNAPSHOT) == ingestor.snapshot, (name, kind.name)


def test_search_documents_come_from_the_kinds() -> None:
    from rightsdesk.store.search_index import _HELD, INDEX_VERSION, KIND_SPAN, KINDS, kind_rowids

    assert set(KINDS) == {d for k in RECORD_KINDS for d in k.documents}
    for document in KINDS:
        assert f"FROM {feeding(document).table} " in _HELD
    with pytest.raises(KeyError):
        feeding("no-such-document")
    # The SQLite index gives each document kind a rowid range by this order: a new order needs a new INDEX_VERSION
    # (and this test updated with it), or an old index would be read with the wrong ranges.
    assert INDEX_VERSION == 3
    assert {k: kind_rowids(k)[0] // KIND_SPAN for k in KINDS} == {"recommendation": 1, "vote": 2, "designation": 3}


def test_the_public_copy_reads_the_kinds() -> None:
    from rightsdesk.store.publish import PRIVATE, PUBLIC

    assert set(PUBLIC) == {t for t, n in NOT_RECORDS.items() if n.public} | {
        t for k in RECORD_KINDS if k.public for t in k.tables}
    # Pinned: a table joins the public copy (and so Datasette's view and the public SQL page) only by a change here.
    assert set(PUBLIC) == {
        "source", "country", "upr_recommendation", "upr_recommendation_issue", "upr_report_paragraph", "roll_call",
        "country_vote", "designation", "designation_name", "designation_birth_date", "designation_document",
        "designation_address", "designation_relation", "designation_regime", "designation_nationality",
        "designation_link", "record_label"}
    assert all(not n.public for t, n in NOT_RECORDS.items() if t in PRIVATE)
    assert {t for t, n in NOT_RECORDS.items() if n.role.value == "cases"} <= set(PRIVATE)
