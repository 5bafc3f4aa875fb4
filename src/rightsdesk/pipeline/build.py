"""Building the store from the bundled data: every dataset loaded (or recognised as loaded), then the links and
the search index brought in step with what is held."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from rightsdesk.ingest import bundled, ingestor
from rightsdesk.pipeline.links import LinkRefresh, has_links, links_stale, refresh_links
from rightsdesk.pipeline.load import load_path
from rightsdesk.pipeline.reindex import ReindexReport, reindex
from rightsdesk.pipeline.screening import refresh_screening_keys, screening_keys_stale
from rightsdesk.store import Store
from rightsdesk.store.writer import LoadReport


class Outcome(Enum):
    """What became of one bundled dataset in a build."""

    LOADED = "loaded"  # written (or recognised as loaded before: see `DatasetStep.load.changed`)
    KEPT_INGESTED = "kept-ingested"  # a list the user ingested from elsewhere is held: the bundled copy is skipped
    KEPT_NEWER = "kept-newer"  # a newer list is held: the bundled one, older, is not loaded over it


@dataclass(frozen=True)
class DatasetStep:
    """One bundled dataset in a build: its ingestor kind, the bundled path, what became of it, the load's
    report (for LOADED) and the path of the list kept instead (for KEPT_INGESTED)."""

    kind: str
    path: Path
    outcome: Outcome
    load: LoadReport | None = None
    kept_from: str | None = None


@dataclass(frozen=True)
class BuildReport:
    """What a build did: each dataset, the links refresh (None when the links were current), the reindex."""

    datasets: tuple[DatasetStep, ...]
    links: LinkRefresh | None
    reindex: ReindexReport
    seconds: float


def build(store: Store, *, allow_shrink: bool = False, progress: Callable[[str, int], None] | None = None,
          on_step: Callable[[DatasetStep], None] | None = None,
          datasets: Sequence[tuple[str, Path]] | None = None) -> BuildReport:
    """Create or migrate the schema, load every bundled dataset (or `datasets`, as (ingestor kind, path) in
    loading order), then refresh the links and reindex as needed.

    Loading is all-or-nothing per file and idempotent: files loaded before are recognised by their sha256 and
    left alone. `progress(kind, n)` is told of records read as they are; `on_step` of each dataset once done."""
    started = time.perf_counter()
    store.upgrade()
    steps: list[DatasetStep] = []
    for kind, path in bundled() if datasets is None else datasets:
        step = _load_bundled(store, kind, path, allow_shrink, progress)
        steps.append(step)
        if on_step is not None:
            on_step(step)
    lists_changed = any(s.load is not None and s.load.changed and ingestor(s.kind).snapshot for s in steps)
    links = refresh_links(store) if lists_changed or not has_links(store) or links_stale(store) else None
    if lists_changed or screening_keys_stale(store):
        refresh_screening_keys(store)
    return BuildReport(tuple(steps), links, reindex(store), time.perf_counter() - started)


def _load_bundled(store: Store, kind: str, path: Path, allow_shrink: bool,
                  progress: Callable[[str, int], None] | None) -> DatasetStep:
    from rightsdesk.errors import OlderListError

    ingested = _ingested_list(store, kind, path)
    if ingested:  # a list the user loaded: the bundled copy (often older) must not replace it
        return DatasetStep(kind, path, Outcome.KEPT_INGESTED, kept_from=ingested)
    tell = (lambda n: progress(kind, n)) if progress is not None else None
    try:
        report = load_path(store, kind, path, tell, allow_shrink=allow_shrink)
    except OlderListError:  # a newer list was ingested: the bundled one must not undo it
        return DatasetStep(kind, path, Outcome.KEPT_NEWER)
    return DatasetStep(kind, path, Outcome.LOADED, load=report)


def _ingested_list(store: Store, kind: str, bundled_path: Path) -> str | None:
    """For a snapshot (a sanctions list), the path of a file of that list loaded from outside the bundled data, if
    any."""
    if not ingestor(kind).snapshot:
        return None
    from rightsdesk.access import SYSTEM
    from rightsdesk.store.readers.sources import source_paths

    root = (bundled_path if bundled_path.is_dir() else bundled_path.parent).resolve()
    with store.reading(SYSTEM) as session:
        paths = source_paths(session, kind)
    return next((p for p in paths if not Path(p).resolve().is_relative_to(root)), None)
