"""Loads one after the other: a second load waits for the first and says so, then finds its work done or refuses
after a bounded wait; readers are never blocked by a load (issue 15, defects 4 and 5), on both engines."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.access import ANONYMOUS
from rightsdesk.errors import StoreUnavailableError, exit_code
from rightsdesk.pipeline import load_path
from rightsdesk.store import writer
from rightsdesk.store.dialects import claim_writes
from rightsdesk.store.readers.sources import stats

VOTES = Path(__file__).resolve().parents[2] / "tests/fixtures/unvotes"


def _hold_writes(store: Any, release: threading.Event, held: threading.Event) -> threading.Thread:
    """Another load's transaction, holding the write claim until `release` is set."""
    def run() -> None:
        with store.engine.begin() as conn:
            claim_writes(conn, "unvotes", wait_s=5)
            held.set()
            release.wait(10)
    thread = threading.Thread(target=run)
    thread.start()
    assert held.wait(10)
    return thread


def test_a_second_load_waits_then_refuses(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store.upgrade()
    monkeypatch.setattr(writer, "WRITE_WAIT_S", 0.5)
    release, held, told = threading.Event(), threading.Event(), []
    thread = _hold_writes(store, release, held)
    try:
        with pytest.raises(StoreUnavailableError, match="another load is still writing") as caught:
            load_path(store, "unvotes", VOTES, waiting=lambda: told.append(True))
        assert told == [True] and exit_code(caught.value) == 6
        with store.reading(ANONYMOUS) as session:  # readers go on while the other load holds its claim
            assert stats(session).roll_calls == 0
    finally:
        release.set()
        thread.join()


def test_a_second_load_runs_when_the_first_ends(store: Any) -> None:
    store.upgrade()
    release, held, told = threading.Event(), threading.Event(), []
    thread = _hold_writes(store, release, held)
    threading.Timer(0.5, release.set).start()
    report = load_path(store, "unvotes", VOTES, waiting=lambda: told.append(True))
    thread.join()
    assert told == [True] and report.changed
    assert load_path(store, "unvotes", VOTES).changed is False


def test_two_loads_of_one_file_at_once_load_it_once(store: Any) -> None:
    store.upgrade()
    results: list[Any] = []

    def run() -> None:
        try:
            results.append(load_path(store, "unvotes", VOTES).changed)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever escaped
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=str) == [False, True]


def _index_sources(store: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM search_source").scalar() or 0)


def test_an_index_update_waits_for_a_load_and_two_run_one_after_the_other(store: Any) -> None:
    """Two builds (or a build and a starting `serve`) update the full-text index at once while a load writes: on
    SQLite the update met "database is locked" at once; now each waits its turn and the index ends whole."""
    from rightsdesk.search import ensure_index
    from tests.store.test_load import load_samples

    load_samples(store)
    release, held = threading.Event(), threading.Event()
    thread = _hold_writes(store, release, held)
    errors: list[BaseException] = []

    def update() -> None:
        try:
            with store.writing() as conn:
                ensure_index(conn)
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever a thread met
            errors.append(exc)
    updaters = [threading.Thread(target=update) for _ in range(2)]
    for t in updaters:
        t.start()
    threading.Timer(1.0, release.set).start()  # the load ends after a second
    for t in [*updaters, thread]:
        t.join(60)
    assert not errors, errors
    with store.writing() as conn:
        assert not ensure_index(conn)  # nothing left to do: the two updates left a whole index
    assert _index_sources(store) > 0
