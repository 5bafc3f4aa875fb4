"""The schema revision check without Alembic: the same head and current revision as Alembic's own answers."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from rightsdesk.errors import SchemaError
from rightsdesk.store import Store
from rightsdesk.store.dialects import engine_for
from rightsdesk.store.migrate import _config
from rightsdesk.store.revisions import MIGRATIONS, current_revision, head_revision, parse_head


def _alembic_head() -> str | None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_the_parsed_head_is_alembics_head() -> None:
    assert parse_head(MIGRATIONS / "versions") == _alembic_head() == head_revision()


def _revision(folder: Path, name: str, down: str | None, labels: str = "None") -> None:
    parent = "None" if down is None else f'"{down}"'
    (folder / f"{name}.py").write_text(f'"""{name}."""\n\nrevision = "{name}"\ndown_revision = {parent}\n'
                                       f"branch_labels = {labels}\ndepends_on = None\n", encoding="utf-8")


def test_a_chain_is_parsed_and_anything_else_is_left_to_alembic(tmp_path: Path) -> None:
    _revision(tmp_path, "a", None)
    _revision(tmp_path, "b", "a")
    _revision(tmp_path, "c", "b")
    assert parse_head(tmp_path) == "c"
    _revision(tmp_path, "d", "b")  # two heads
    assert parse_head(tmp_path) is None
    _revision(tmp_path, "d", "c")
    assert parse_head(tmp_path) == "d"
    (tmp_path / "d.py").write_text('revision = "d"\ndown_revision = ("b", "c")\n', encoding="utf-8")  # a merge
    assert parse_head(tmp_path) is None
    _revision(tmp_path, "d", "c", labels='("x",)')  # a branch label
    assert parse_head(tmp_path) is None


def test_the_current_revision_is_alembics(store_url: str) -> None:
    engine = engine_for(store_url)
    try:
        with engine.begin() as conn:
            assert current_revision(conn) is None  # nothing there
            command.stamp(_config(conn), "screen_1")
            assert current_revision(conn) == MigrationContext.configure(conn).get_current_revision() == "screen_1"
            conn.execute(text("DELETE FROM alembic_version"))
            assert current_revision(conn) is None
            conn.execute(text("DROP TABLE alembic_version"))
    finally:
        engine.dispose()


def test_a_store_at_another_revision_is_refused_with_both_revisions(store_url: str) -> None:
    store = Store.open(store_url)
    try:
        with store.engine.begin() as conn:
            command.stamp(_config(conn), "screen_1")
        assert store.revision() == ("screen_1", "roll_call_ix_1")
        try:
            store.require_current()
        except SchemaError as exc:
            assert str(exc) == (f"the database {store.display_url} is at schema revision screen_1, this rightsdesk "
                                "at roll_call_ix_1: run `rightsdesk db upgrade` (or `rightsdesk build`)")
        else:
            raise AssertionError("a store at screen_1 was accepted")
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
    finally:
        store.close()
