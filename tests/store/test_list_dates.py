"""A sanctions list dated before the one loaded is refused: it would undo the listings and delistings since."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rightsdesk.errors import OlderListError
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import Store, schema

SAMPLE = Path(__file__).parent.parent / "fixtures" / "un_list_sample.xml"


def dated(tmp_path: Path, day: str) -> Path:
    path = tmp_path / f"list-{day}.xml"
    path.write_text(re.sub(r'dateGenerated="[^"]*"', f'dateGenerated="{day}T00:00:00.000Z"',
                           SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_an_older_list_is_refused_unless_allowed(store: Store, tmp_path: Path) -> None:
    load(store, "un-sc-list", dated(tmp_path, "2026-02-27"))
    with store.engine.connect() as conn:
        before = conn.scalar(select(func.count()).select_from(schema.source))
    with pytest.raises(OlderListError, match="older than the one loaded"):
        load(store, "un-sc-list", dated(tmp_path, "2020-01-01"))
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(schema.source)) == before
    assert load(store, "un-sc-list", dated(tmp_path, "2020-01-01"), allow_older=True).changed
    assert load(store, "un-sc-list", dated(tmp_path, "2026-03-01")).changed  # a newer one is always welcome


def test_a_list_loaded_before_dates_were_kept_is_dated_from_its_file(store: Store, tmp_path: Path) -> None:
    load(store, "un-sc-list", dated(tmp_path, "2026-02-27"))
    with store.engine.begin() as conn:  # as a database made before migration 0003 holds it
        conn.execute(schema.source.update().values(issued=None))
    with pytest.raises(OlderListError, match="2026-02-27"):
        load(store, "un-sc-list", dated(tmp_path, "2020-01-01"))


def test_build_keeps_a_list_the_user_ingested(store: Store, tmp_path: Path) -> None:
    from rightsdesk.ingest import bundled
    from rightsdesk.pipeline.build import _ingested_list

    bundled_un = dict(bundled())["un-sc-list"]
    assert _ingested_list(store, "un-sc-list", bundled_un) is None
    mine = dated(tmp_path, "2026-05-01")
    load(store, "un-sc-list", mine)
    assert _ingested_list(store, "un-sc-list", bundled_un) == str(mine)
    assert _ingested_list(store, "upr-info", bundled_un) is None  # only the sanctions lists are kept so
