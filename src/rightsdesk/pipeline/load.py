"""Loading one file with one ingestor, and keeping what is derived from it (the cross-list links) in step.

`load_path` composes the two verbs: the ingestor's `parse` (records, read lazily) and the store's `load` (written
in one transaction as they are read). `load_file` adds the links refresh a changed sanctions list needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rightsdesk.ingest import ingestor
from rightsdesk.pipeline.links import LinkRefresh, links_stale, refresh_links
from rightsdesk.pipeline.screening import refresh_screening_keys, screening_keys_stale
from rightsdesk.store import Store
from rightsdesk.store.writer import LoadReport, load


@dataclass(frozen=True)
class FileLoad:
    """What `load_file` did: the load itself, and the links refresh it caused (None when none was needed).
    `repaired` says the file was loaded before and the links were refreshed only because they were stale (a load
    that stopped before refreshing them)."""

    load: LoadReport
    links: LinkRefresh | None
    repaired: bool = False


def load_path(store: Store, kind: str, path: Path, progress: Callable[[int], object] | None = None, *,
              allow_older: bool = False, allow_shrink: bool = False,
              waiting: Callable[[], object] | None = None) -> LoadReport:
    """Parse `path` with the ingestor `kind` and load its records, all or nothing (see `store.writer.load`);
    InputError naming the known kinds for an unknown one. The records stream: the parser is read batch by batch
    as they are written, and not at all when the files were loaded before."""
    found = ingestor(kind)
    return load(store, found, path, found.parse(path), progress, allow_older=allow_older,
                allow_shrink=allow_shrink, waiting=waiting)


def load_file(store: Store, kind: str, path: Path, *, allow_older: bool = False, allow_shrink: bool = False,
              waiting: Callable[[], object] | None = None,
              progress: Callable[[int], None] | None = None) -> FileLoad:
    """Load `path` with the ingestor `kind`, all or nothing (`load_path`); a snapshot (a sanctions list) that
    changed, or whose links are stale, has its cross-list links refreshed after."""
    report = load_path(store, kind, path, progress, allow_older=allow_older, allow_shrink=allow_shrink,
                       waiting=waiting)
    if not ingestor(kind).snapshot:
        return FileLoad(report, None)
    if report.changed or screening_keys_stale(store):
        refresh_screening_keys(store)
    if report.changed:
        return FileLoad(report, refresh_links(store))
    if links_stale(store):
        return FileLoad(report, refresh_links(store), repaired=True)
    return FileLoad(report, None)
