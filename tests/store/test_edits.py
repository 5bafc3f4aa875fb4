"""The edits version (store/edits.py): two edits at once both commit, and every edit changes the public version."""

from __future__ import annotations

import threading
import time
from typing import Any

from rightsdesk.access import ANONYMOUS
from rightsdesk.store.edits import note_edit, public_version


def test_two_edits_at_once_both_commit_and_each_changes_the_public_version(store: Any) -> None:
    with store.writing() as conn:
        note_edit(conn)  # the row exists: a second stamp replaces it
    with store.reading(ANONYMOUS) as session:
        first = public_version(session.conn)
    failures: list[BaseException] = []

    def second_edit() -> None:
        try:
            with store.writing() as conn:
                note_edit(conn)
        except BaseException as exc:  # reported below: the thread's failure is the test's
            failures.append(exc)

    with store.writing() as conn:
        note_edit(conn)
        other = threading.Thread(target=second_edit)
        other.start()
        time.sleep(0.5)  # the second edit now waits on the first's lock (the row on PostgreSQL, the file on SQLite)
    other.join(timeout=60)
    assert not other.is_alive() and failures == []
    with store.reading(ANONYMOUS) as session:
        assert public_version(session.conn) != first


def test_the_index_writers_note_their_own_edits_and_an_update_with_nothing_to_do_notes_none(store: Any) -> None:
    """Whoever calls them (a pipeline, a test, a later job), an index that changed changes the public version."""
    from rightsdesk.pipeline import load_path as load
    from rightsdesk.store.search_index import update_index
    from tests.store.test_load import FIXTURES

    load(store, "upr-info", FIXTURES / "upr_sample.csv")

    def version() -> str:
        with store.reading(ANONYMOUS) as session:
            return public_version(session.conn)

    before = version()
    with store.writing(claimed=True) as conn:
        assert update_index(conn)
    indexed = version()
    with store.writing(claimed=True) as conn:
        assert not update_index(conn)
    assert before != indexed == version()
