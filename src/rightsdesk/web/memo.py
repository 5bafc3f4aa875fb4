"""Results remembered while the store's content stays the same: `ContentMemo`.

What a page or API call computes from the public data alone (a state's overview, the coalition table, coverage
notes, facet counts, the default search mode) is remembered under its key and the store's public version
(`store.edits.public_version`, two small queries): a load changes a source, and a label, a link decision or an
index or vectors brought up to date notes an edit, so the next request in every worker sees a new version and
computes afresh; nothing is served stale, and no worker has to tell another. Never for what depends on who asks
(case data, labels shown to reviewers).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from rightsdesk.store import ReadSession
from rightsdesk.store.edits import public_version

MEMO_SIZE = 512


class ContentMemo:
    """Up to `size` results, each under (its key, the public version it was computed at); least recently used
    forgotten first. Safe across the threads of one worker."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self._held: OrderedDict[tuple[Hashable, str], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: ReadSession, key: Hashable, compute: Callable[[], Any]) -> Any:
        """`compute()`, or what it gave before under `key` while the store held what it holds now."""
        full = (key, public_version(session.conn))
        with self._lock:
            if full in self._held:
                self._held.move_to_end(full)
                return self._held[full]
        value = compute()
        with self._lock:
            self._held[full] = value
            while len(self._held) > self.size:
                self._held.popitem(last=False)
        return value
