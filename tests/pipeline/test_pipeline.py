"""The workflows of pipeline/, called as library functions on real stores (SQLite and PostgreSQL), on the
trimmed real files of tests/fixtures: what each does, and what its report says it did."""

from __future__ import annotations

from typing import Any

from rightsdesk.access import SYSTEM
from rightsdesk.pipeline import build, load_file, refresh_links, reindex
from rightsdesk.pipeline import load_path as load
from rightsdesk.pipeline.build import Outcome
from rightsdesk.store.links import decide, links_stale, list_links
from tests.store.test_load import FIXTURES, SAMPLES
from tests.store.test_relations import LINKED


def _stale(store: Any) -> bool:
    with store.reading(SYSTEM) as session:
        return links_stale(session.conn)


def test_build_loads_links_and_indexes_then_changes_nothing(store: Any) -> None:
    told: list[str] = []
    read: dict[str, int] = {}

    def progress(kind: str, n: int) -> None:
        read[kind] = read.get(kind, 0) + n

    first = build(store, datasets=SAMPLES, progress=progress, on_step=lambda step: told.append(step.kind))
    assert told == [kind for kind, _ in SAMPLES]
    assert all(s.outcome is Outcome.LOADED and s.load is not None and s.load.changed for s in first.datasets)
    assert read["upr-info"] == 30
    assert first.links is not None and first.links.new > 0
    assert first.reindex.index.rebuilt and first.reindex.vectors is not None and first.reindex.vectors.embedded == 30
    again = build(store, datasets=SAMPLES)
    assert not any(s.load is not None and s.load.changed for s in again.datasets)
    assert again.links is None and not again.reindex


def test_build_keeps_a_list_ingested_from_elsewhere(store: Any) -> None:
    load(store, "ofac-sdn", LINKED)
    report = build(store, datasets=SAMPLES)
    step = {s.kind: s for s in report.datasets}["ofac-sdn"]
    assert step.outcome is Outcome.KEPT_INGESTED and step.load is None
    assert step.kept_from is not None and "ofac-sdn-linked" in step.kept_from


def test_load_file_refreshes_links_only_for_lists_and_repairs_stale_ones(store: Any) -> None:
    upr = load_file(store, "upr-info", FIXTURES / "upr_sample.csv")
    assert upr.load.changed and upr.links is None
    load_file(store, "un-sc-list", FIXTURES / "un_list_sample.xml")
    sdn = load_file(store, "ofac-sdn", FIXTURES / "ofac-sdn")
    assert sdn.load.changed and sdn.links is not None and not sdn.repaired
    assert not _stale(store)
    load(store, "ofac-sdn", LINKED, allow_shrink=True)  # the list replaced, the links not: a crash between
    assert _stale(store)
    again = load_file(store, "ofac-sdn", LINKED)
    assert not again.load.changed and again.links is not None and again.repaired
    assert not _stale(store)
    assert load_file(store, "ofac-sdn", LINKED).links is None  # loaded and current: nothing to do


def test_refresh_links_keeps_decisions(store: Any) -> None:
    for kind, path in SAMPLES:
        load(store, kind, path)
    first = refresh_links(store)
    assert first.new > 0 and first.refreshed == 0
    with store.writing() as conn:
        link = list_links(conn)[0]
        decide(conn, link["id"], "accepted", "J. Kim")
    again = refresh_links(store)
    assert (again.new, again.refreshed, again.dropped) == (0, first.new, 0)
    with store.reading(SYSTEM) as session:
        kept = {row["id"]: row for row in list_links(session.conn)}[link["id"]]
    assert (kept["status"], kept["decided_by"]) == ("accepted", "J. Kim")


def test_reindex_follows_the_sources_and_can_leave_vectors_alone(store: Any) -> None:
    load(store, "upr-info", FIXTURES / "upr_sample.csv")
    first = reindex(store, vectors=False)
    assert first.index.rebuilt and first.vectors is None
    assert not reindex(store, vectors=False)
    embedded = reindex(store)
    assert not embedded.index and embedded.vectors is not None and embedded.vectors.embedded == 30
    load(store, "un-sc-list", FIXTURES / "un_list_sample.xml")
    changed = reindex(store)
    assert len(changed.index.indexed) == 1 and changed.vectors is not None and not changed.vectors
