"""The search tables are the schema's: declared on `schema.metadata` (search_state, search_source, search_vector)
or made by the migration `search_1` (search_doc), and a database whose index the previous version made with
`CREATE ... IF NOT EXISTS` upgrades to them keeping its index."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from click.testing import CliRunner
from sqlalchemy import inspect

from rightsdesk.access import ANONYMOUS
from rightsdesk.cli import cli
from rightsdesk.model.record_kinds import NOT_RECORDS, RECORD_KINDS
from rightsdesk.pipeline import load_path as load
from rightsdesk.search import SearchQuery, browse
from rightsdesk.store import ReadSession, Store
from rightsdesk.store.migrate import _config, current_revision, head_revision
from rightsdesk.store.search_index import INDEX_VERSION, index_built, update_index

SAMPLE = Path(__file__).parent.parent / "fixtures" / "upr_sample.csv"
SEARCH = ("search_doc", "search_state", "search_source", "search_vector")

# What rightsdesk made before revision search_1, when it first indexed or embedded (store/search_index.py and
# store/search_vectors.py of suggest_2), word for word.
_OLD_DDL = {
    "sqlite": (
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_doc USING fts5(kind UNINDEXED, ref UNINDEXED, "
        "source_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
        "CREATE TABLE IF NOT EXISTS search_vector (kind TEXT NOT NULL, ref TEXT NOT NULL, model TEXT NOT NULL, "
        "vec BLOB NOT NULL, PRIMARY KEY (kind, ref))",
    ),
    "postgresql": (
        "CREATE TABLE IF NOT EXISTS search_doc (kind TEXT NOT NULL, ref TEXT NOT NULL, source_id TEXT NOT NULL, "
        "title TEXT NOT NULL, body TEXT NOT NULL, tsv TSVECTOR NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_search_doc_tsv ON search_doc USING GIN (tsv)",
        "CREATE INDEX IF NOT EXISTS ix_search_doc_ref ON search_doc (kind, ref)",
        "CREATE INDEX IF NOT EXISTS ix_search_doc_source ON search_doc (source_id)",
        "CREATE TABLE IF NOT EXISTS search_vector (kind TEXT NOT NULL, ref TEXT NOT NULL, "
        "model TEXT NOT NULL, vec BYTEA NOT NULL, PRIMARY KEY (kind, ref))",
    ),
}
_OLD_STATE = (
    "CREATE TABLE IF NOT EXISTS search_state (kind TEXT PRIMARY KEY, n INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_source (source_id TEXT NOT NULL, kind TEXT NOT NULL, "
    "n INTEGER NOT NULL, PRIMARY KEY (source_id, kind))",
)


def _as_suggest_2_built_it(url: str) -> Store:
    """A database at revision suggest_2 with the sample loaded and indexed, its search tables made as that
    version made them (outside the schema, IF NOT EXISTS), and one vector stored."""
    store = Store.create(url)
    load(store, "upr-info", SAMPLE)
    with store.engine.begin() as conn:
        for name in SEARCH:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        for ddl in (*_OLD_STATE, *_OLD_DDL[conn.dialect.name]):
            conn.exec_driver_sql(ddl)
        command.stamp(_config(conn), "suggest_2")
    with store.engine.begin() as conn:
        assert update_index(conn).rebuilt
        conn.exec_driver_sql("INSERT INTO search_vector (kind, ref, model, vec) VALUES "
                             "('recommendation', 'r1', 'm', " + ("x'00'" if conn.dialect.name == "sqlite"
                                                                  else "'\\x00'::bytea") + ")")
    return store


def _indexed_hits(store: Store) -> int:
    with store.reading(ANONYMOUS) as session:
        return browse.recommendation_page(session, {}, SearchQuery.parse('"forced marriages"')).total


def test_a_database_indexed_before_search_1_upgrades_and_keeps_its_index(store_url: str) -> None:
    store = _as_suggest_2_built_it(store_url)
    try:
        found = _indexed_hits(store)
        assert found >= 1
        with store.engine.connect() as conn:
            assert current_revision(conn) == "suggest_2"
        assert store.upgrade() == "upgraded"
        with store.engine.begin() as conn:
            assert current_revision(conn) == head_revision() == "roll_call_ix_1"
            assert set(SEARCH) <= set(inspect(conn).get_table_names())
            assert not update_index(conn), "the index made before the upgrade is current: nothing to reindex"
            assert conn.exec_driver_sql("SELECT count(*) FROM search_vector").scalar() == 1
        assert _indexed_hits(store) == found
    finally:
        store.close()


def test_db_upgrade_on_a_database_with_the_old_tables(store_url: str) -> None:
    store = _as_suggest_2_built_it(store_url)
    found = _indexed_hits(store)
    store.close()
    result = CliRunner().invoke(cli, ["--db", store_url, "db", "upgrade"])
    assert result.exit_code == 0 and "upgraded" in result.output, result.output
    again = CliRunner().invoke(cli, ["--db", store_url, "db", "upgrade"])
    assert again.exit_code == 0 and "current" in again.output, again.output
    store = Store.open(store_url)
    try:
        assert _indexed_hits(store) == found
    finally:
        store.close()


def test_a_database_without_the_search_tables_gets_them(store_url: str) -> None:
    """A suggest_2 database that never indexed (no search table at all) gets every one from the migration; the
    index is then built by the first update, as for a new database."""
    store = Store.create(store_url)
    try:
        with store.engine.begin() as conn:
            for name in SEARCH:
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
            command.stamp(_config(conn), "suggest_2")
        assert store.upgrade() == "upgraded"
        load(store, "upr-info", SAMPLE)
        with store.engine.begin() as conn:
            assert set(SEARCH) <= set(inspect(conn).get_table_names())
            assert not index_built(ReadSession(conn, ANONYMOUS))
            assert update_index(conn).rebuilt and index_built(ReadSession(conn, ANONYMOUS))
        assert _indexed_hits(store) >= 1
    finally:
        store.close()


def test_downgrade_drops_the_search_tables_and_upgrade_makes_them_again(store_url: str) -> None:
    store = Store.create(store_url)
    try:
        with store.engine.begin() as conn:
            command.downgrade(_config(conn), "suggest_2")
            assert not set(SEARCH) & set(inspect(conn).get_table_names())
        assert store.upgrade() == "upgraded"
        with store.engine.connect() as conn:
            assert set(SEARCH) <= set(inspect(conn).get_table_names())
    finally:
        store.close()


def test_a_new_database_holds_an_empty_index_until_the_first_update(store: Store) -> None:
    with store.engine.begin() as conn:
        assert "search_doc" in inspect(conn).get_table_names()
        assert not index_built(ReadSession(conn, ANONYMOUS))
        assert update_index(conn).rebuilt
        assert conn.exec_driver_sql("SELECT n FROM search_state WHERE kind = 'version'").scalar() == INDEX_VERSION
        assert index_built(ReadSession(conn, ANONYMOUS)) and not update_index(conn)


def test_every_table_of_a_migrated_database_is_classified(store: Store) -> None:
    """What the database holds, not only what `metadata` declares: the full-text table too (its FTS5 shadow
    tables and Alembic's own table aside)."""
    declared = {t for k in RECORD_KINDS for t in k.tables} | set(NOT_RECORDS)
    with store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    held = {t for t in tables if t != "alembic_version" and not t.startswith("search_doc_")}
    assert set(SEARCH) <= held
    assert held <= declared, f"tables not classified in model/record_kinds.py: {sorted(held - declared)}"
