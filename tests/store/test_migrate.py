"""Migrations: a database made by an earlier rightsdesk is upgraded in place, its data kept."""

from __future__ import annotations

from alembic import command
from sqlalchemy import func, inspect, select, text

from rightsdesk.access import ANONYMOUS
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import Store, schema
from rightsdesk.store.dialects import engine_for
from rightsdesk.store.migrate import _config, current_revision, head_revision
from rightsdesk.store.readers.designations import related
from tests.store.test_relations import LINKED


def test_a_revision_0001_database_is_upgraded_and_keeps_its_rows(store_url: str) -> None:
    engine = engine_for(store_url)
    with engine.begin() as conn:  # the schema as revision 0001 made it: no designation_relation, no source.issued
        schema.metadata.create_all(conn, tables=[t for t in schema.metadata.sorted_tables
                                                 if t.name != "designation_relation"])
        conn.execute(text("ALTER TABLE source DROP COLUMN issued"))
        command.stamp(_config(conn), "0001")
    engine.dispose()
    store = Store.open(store_url)
    try:
        with store.engine.connect() as conn:
            assert current_revision(conn) == "0001"  # opening never writes
        assert store.upgrade() == "upgraded"
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision() == "roll_call_ix_1"
            assert "designation_relation" in inspect(conn).get_table_names()
            assert "issued" in {c["name"] for c in inspect(conn).get_columns("source")}
        load(store, "ofac-sdn", LINKED)
        with store.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(schema.designation_relation)) == 3
        with store.reading(ANONYMOUS) as session:
            assert related(session, "ofac-sdn", "20129").linked_from[0].reference_number == "20130"
    finally:
        store.close()


ROLL_CALL_INDEXES = {"roll_call": {"ix_roll_call_session_date", "ix_roll_call_date"},
                     "country_vote": {"ix_vote_rcid_vote"}}


def test_a_screen_1_database_gains_the_roll_call_indexes_and_a_second_upgrade_changes_nothing(store_url: str) -> None:
    engine = engine_for(store_url)
    with engine.begin() as conn:  # the schema as revision screen_1 left it: none of the roll-call list's indexes
        schema.metadata.create_all(conn)
        for names in ROLL_CALL_INDEXES.values():
            for name in names:
                conn.execute(text(f"DROP INDEX {name}"))
        command.stamp(_config(conn), "screen_1")
    engine.dispose()
    store = Store.open(store_url)
    try:
        assert store.upgrade() == "upgraded"
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            for table, names in ROLL_CALL_INDEXES.items():
                assert names <= {i["name"] for i in inspect(conn).get_indexes(table)}
            command.stamp(_config(conn), "screen_1")  # a store that already has them (create_all since): no error
            conn.commit()
        assert store.upgrade() == "upgraded"
    finally:
        store.close()
