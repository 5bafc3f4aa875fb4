"""Loading one file with one ingestor, and keeping what is derived from it (the cross-list links) in step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rightsdesk.model.vocab import SanctionsList
from rightsdesk.pipeline.links import LinkRefresh, links_stale, refresh_links
from rightsdesk.store import Store
from rightsdesk.store.writer import LoadReport


@dataclass(frozen=True)
class FileLoad:
    """What `load_file` did: the load itself, and the links refresh it caused (None when none was needed).
    `repaired` says the file was loaded before and the links were refreshed only because they were stale (a load
    that stopped before refreshing them)."""

    load: LoadReport
    links: LinkRefresh | None
    repaired: bool = False


def load_file(store: Store, kind: str, path: Path, *, allow_older: bool = False, allow_shrink: bool = False,
              waiting: Callable[[], object] | None = None,
              progress: Callable[[int], None] | None = None) -> FileLoad:
    """Load `path` with the ingestor `kind`, all or nothing (see `store.writer.load`); a sanctions list that
    changed, or whose links are stale, has its cross-list links refreshed after."""
    from rightsdesk.store.writer import load

    report = load(store, kind, path, progress, allow_older=allow_older, allow_shrink=allow_shrink, waiting=waiting)
    if kind not in SanctionsList.ingestors():
        return FileLoad(report, None)
    if report.changed:
        return FileLoad(report, refresh_links(store))
    if links_stale(store):
        return FileLoad(report, refresh_links(store), repaired=True)
    return FileLoad(report, None)
