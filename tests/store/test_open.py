"""Opening a store never writes: many processes may open one database at once, and a read-only file serves.

Schema changes happen only in `Store.upgrade()` (`rightsdesk db upgrade`, `build`, `ingest`).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from rightsdesk.access import ANONYMOUS
from rightsdesk.cli import cli
from rightsdesk.errors import SchemaError, StoreUnavailableError
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import Store, schema
from rightsdesk.store.migrate import head_revision

SAMPLE = Path(__file__).parent.parent / "fixtures" / "upr_sample.csv"


def _open_and_count(url: str) -> str:
    """Open the store in a fresh process and count its recommendations (or say what failed)."""
    try:
        store = Store.open(url)
        try:
            store.require_current()
            with store.reading(ANONYMOUS) as session:
                return str(session.conn.scalar(select(func.count()).select_from(schema.upr_recommendation)))
        finally:
            store.close()
    except Exception as exc:  # reported to the parent, which fails the test with it
        return f"{type(exc).__name__}: {exc}"


def test_processes_open_one_database_side_by_side(store_url: str) -> None:
    store = Store.create(store_url)
    load(store, "upr-info", SAMPLE)
    expected = str(_open_and_count(store_url))
    store.close()
    with ProcessPoolExecutor(4) as pool:
        for _ in range(3):
            assert list(pool.map(_open_and_count, [store_url] * 4)) == [expected] * 4


def test_opening_an_empty_database_creates_nothing(store_url: str) -> None:
    store = Store.open(store_url)
    try:
        assert store.revision() == (None, head_revision())
        with pytest.raises(SchemaError, match="rightsdesk build"):
            store.require_current()
        with store.engine.connect() as conn:
            assert not store.engine.dialect.has_table(conn, "source")
    finally:
        store.close()


def test_a_read_only_sqlite_file_opens_and_serves(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    store = Store.create(f"sqlite:///{path}")
    load(store, "upr-info", SAMPLE)
    store.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    result = CliRunner().invoke(cli, ["--db", url, "stats", "--json"])
    assert result.exit_code == 0, result.output
    assert '"upr_recommendations"' in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_database_at_an_older_schema_says_to_upgrade(tmp_path: Path) -> None:
    from alembic import command

    from rightsdesk.store.migrate import _config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store.create(url)
    load(store, "upr-info", SAMPLE)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE source DROP COLUMN issued")
        command.stamp(_config(conn), "0002")
    store.close()
    result = CliRunner().invoke(cli, ["--db", url, "stats"])
    assert result.exit_code == 6 and "rightsdesk db upgrade" in result.output
    upgraded = CliRunner().invoke(cli, ["--db", url, "db", "upgrade"])
    assert upgraded.exit_code == 0 and "upgraded" in upgraded.output, upgraded.output
    status = CliRunner().invoke(cli, ["--db", url, "db", "status", "--json"])
    assert '"state": "current"' in status.output


def test_a_server_that_does_not_answer_is_store_unavailable() -> None:
    with pytest.raises(StoreUnavailableError, match="does not answer"):
        Store.open("postgresql://nobody@127.0.0.1:1/none")
