"""The full-text index follows the content of the loaded files, not only their counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rightsdesk.access import ANONYMOUS
from rightsdesk.pipeline import load_path as load
from rightsdesk.search import SearchQuery, browse, ensure_index
from rightsdesk.search.index import update_index
from rightsdesk.store import ReadSession

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
        read = ReadSession(conn, ANONYMOUS)
        assert browse.recommendation_page(read, {}, SearchQuery.parse("zymurgical")).total == 1
        assert browse.recommendation_page(read, {}, SearchQuery.parse('"forced marriages"')).total == 0


FIXTURES = Path(__file__).parent.parent / "fixtures"


def _doc_rowids(conn: Any, kind: str) -> list[int]:
    return sorted(conn.exec_driver_sql(f"SELECT {'rowid' if conn.dialect.name == 'sqlite' else 'ctid::text'} "
                                       f"FROM search_doc WHERE kind = '{kind}'").scalars())


def test_only_the_changed_source_is_reindexed(store: Any, tmp_path: Path) -> None:
    """A corrected UPR file reindexes its own documents; the roll calls' documents are not touched."""
    first, second = tmp_path / "v1" / "upr.csv", tmp_path / "v2" / "upr.csv"
    for path in (first, second):
        path.parent.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    first.write_text(text, encoding="utf-8")
    second.write_text(text.replace("forced marriages", "zymurgical marriages", 1), encoding="utf-8")
    upr = load(store, "upr-info", first)
    votes = load(store, "unvotes", FIXTURES / "unvotes")
    with store.engine.begin() as conn:
        built = update_index(conn)
        assert built.rebuilt and set(upr.sources) < set(built.indexed) < set(upr.sources) | set(votes.sources)
        vote_docs = _doc_rowids(conn, "vote")
        assert vote_docs
    corrected = load(store, "upr-info", second)
    with store.engine.begin() as conn:
        change = update_index(conn)
        assert not change.rebuilt
        assert change.indexed == tuple(corrected.sources) and change.removed == tuple(upr.sources)
        assert _doc_rowids(conn, "vote") == vote_docs  # untouched
        assert not update_index(conn)
        assert browse.recommendation_page(ReadSession(conn, ANONYMOUS), {}, SearchQuery.parse("zymurgical")).total == 1
        n = conn.exec_driver_sql("SELECT count(*) FROM search_doc WHERE kind = 'recommendation'").scalar()
        assert n == conn.exec_driver_sql("SELECT count(*) FROM upr_recommendation").scalar()


def test_an_index_of_another_layout_is_rebuilt(store: Any) -> None:
    """An index made before documents carried their source (no version recorded) is rebuilt whole."""
    load(store, "upr-info", SAMPLE)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE search_doc")  # the schema's, made by the migration search_1
        conn.exec_driver_sql("DROP TABLE search_state")
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("CREATE VIRTUAL TABLE search_doc USING fts5(kind UNINDEXED, ref UNINDEXED, "
                                 "title, body)")
        else:
            conn.exec_driver_sql("CREATE TABLE search_doc (kind TEXT, ref TEXT, title TEXT, body TEXT, "
                                 "tsv TSVECTOR)")
        conn.exec_driver_sql("CREATE TABLE search_state (kind TEXT PRIMARY KEY, n INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO search_state VALUES ('recommendation', 1)")
    with store.engine.begin() as conn:
        assert update_index(conn).rebuilt
        read = ReadSession(conn, ANONYMOUS)
        assert browse.recommendation_page(read, {}, SearchQuery.parse('"forced marriages"')).total >= 1
        assert not update_index(conn)


def test_postgresql_statistics_follow_the_index(store: Any) -> None:
    """On PostgreSQL the index is analysed after a change: without statistics the planner filters every row
    instead of using the GIN index."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite optimises its FTS5 table instead")
    load(store, "upr-info", SAMPLE)
    with store.engine.begin() as conn:
        update_index(conn)
        analysed = conn.exec_driver_sql("SELECT count(*) FROM pg_stats WHERE tablename = 'search_doc'").scalar()
    assert analysed


def test_a_search_counts_and_ranks_in_the_index_only_while_it_is_current(store: Any, tmp_path: Path) -> None:
    """Unfiltered, a search is counted and paged in the index (`index.ranked`): the same rows, in the same order,
    as the search joined to the table; once a load has changed the rows and the index was not updated, the
    search joins again, so a recommendation no longer held is neither counted nor shown."""
    from rightsdesk.search.index import current_index
    from rightsdesk.store.readers.browse import recommendation_rows as joined

    first, second = tmp_path / "v1" / "upr.csv", tmp_path / "v2" / "upr.csv"
    for path in (first, second):
        path.parent.mkdir()
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(lines), encoding="utf-8")
    second.write_text("".join(line for line in lines if "forced marriages" not in line), encoding="utf-8")
    load(store, "upr-info", first)
    with store.engine.begin() as conn:
        update_index(conn)
    with store.reading(ANONYMOUS) as read:
        assert current_index(read) is not None
        for text in ("rights", "forced marriages", "women OR child"):
            query = SearchQuery.parse(text)
            page = browse.recommendation_page(read, {}, query, "o2", limit=3)
            rows, total = joined(read, {}, query, offset=2, limit=3, in_index=False)
            assert (page.total, [r["id"] for r in page.items]) == (total, [r.id for r in rows]), text
        assert browse.recommendation_page(read, {}, SearchQuery.parse('"forced marriages"')).total == 1
    load(store, "upr-info", second, allow_shrink=True)  # the index is not updated: it is stale
    with store.reading(ANONYMOUS) as read:
        assert current_index(read) is None
        page = browse.recommendation_page(read, {}, SearchQuery.parse('"forced marriages"'))
        assert (page.total, page.items) == (0, [])
