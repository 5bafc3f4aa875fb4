"""The full-text index as search uses it: one `search_doc` table over recommendations, roll calls and designations.

The tables and every statement on them live in the store (`store/search_index.py`: `update_index`, `hits`,
`ranked`, `current_index`, `highlights`), re-exported here for search's callers. What lives here is what search
makes of them: `split_marked` turns highlighted text (matched words between the private-use marks
`MARK_START`/`MARK_END`) into (text, is_hit) segments for any renderer. Nothing here builds SQL.
"""

from __future__ import annotations

from rightsdesk.store.search_index import (
    INDEX_VERSION,
    KINDS,
    MARK_END,
    MARK_START,
    IndexChange,
    current_index,
    ensure_index,
    highlights,
    hits,
    kind_rowids,
    ranked,
    update_index,
)

__all__ = ["INDEX_VERSION", "KINDS", "MARK_END", "MARK_START", "IndexChange", "current_index", "ensure_index",
           "highlights", "hits", "kind_rowids", "ranked", "split_marked", "update_index"]


def split_marked(marked: str) -> list[tuple[str, bool]]:
    """Split highlighted text into (text, is_hit) segments."""
    out: list[tuple[str, bool]] = []
    for i, chunk in enumerate(marked.split(MARK_START)):
        if i == 0:
            out.append((chunk, False))
            continue
        hit, _, rest = chunk.partition(MARK_END)
        out += [(hit, True), (rest, False)]
    return [(t, h) for t, h in out if t]
