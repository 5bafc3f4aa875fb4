"""Bringing what search reads up to date with the sources held: the full-text index, then the vectors."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rightsdesk.search.vectors import VectorChange
from rightsdesk.store import Store
from rightsdesk.store.search_index import IndexChange


@dataclass(frozen=True)
class ReindexReport:
    """What a reindex did: the full-text index's change and its seconds, the vectors' change (None when not
    asked), and the seconds of the whole."""

    index: IndexChange
    index_seconds: float
    vectors: VectorChange | None
    seconds: float

    def __bool__(self) -> bool:
        return bool(self.index) or bool(self.vectors)


def reindex(store: Store, *, vectors: bool = True) -> ReindexReport:
    """Reindex the sources that are new or changed and drop those no longer held, in one transaction; with
    `vectors`, also embed the recommendations that have no vector from the current model.

    The web and `serve` ask without vectors: they start fast and embed nothing; `build` asks for both."""
    from rightsdesk.search.vectors import update_vectors
    from rightsdesk.store.search_index import update_index

    started = time.perf_counter()
    # database errors (a lock held past the wait) become StoreError, not a traceback; update_index claims the lock
    with store.writing(claimed=True) as conn:
        index = update_index(conn)
        index_seconds = time.perf_counter() - started
        embedded = update_vectors(conn) if vectors else None  # each notes its edit (store/edits.py) when it changed
    return ReindexReport(index, index_seconds, embedded, time.perf_counter() - started)
