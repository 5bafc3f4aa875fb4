"""The full-text index follows the content of the loaded files, not only their counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightsdesk.search import SearchQuery, browse, ensure_index
from rightsdesk.store.writer import load

SAMPLE = Path(__file__).parent.parent / "fixtures" / "upr_sample.csv"


def test_a_corrected_file_with_the_same_name_and_rows_reindexes(store: Any, tmp_path: Path) -> None:
    first = tmp_path / "v1" / "upr.csv"
    second = tmp_path / "v2" / "upr.csv"
    for path in (first, second):
        path.parent.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    assert "forced marriages" in text
    first.write_text(text, encoding="utf-8")
    second.write_text(text.replace("forced marriages", "zymurgical marriages", 1), encoding="utf-8")

    load(store, "upr-info", first)
    with store.engine.begin() as conn:
        assert ensure_index(conn) is True
    load(store, "upr-info", second)  # same file name, same number of rows, one word changed
    with store.engine.begin() as conn:
        assert ensure_index(conn) is True
        assert ensure_index(conn) is False
        assert browse.recommendation_page(conn, {}, SearchQuery.parse("zymurgical")).total == 1
        assert browse.recommendation_page(conn, {}, SearchQuery.parse('"forced marriages"')).total == 0
