"""Screening many queries, in input order, on one or several processes.

Worker processes receive the index once (by fork where the platform has it, else pickled through the pool
initialiser) and then only queries; results come back in input order. A callback reports progress.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

from rightsdesk.screening.index import ScreeningIndex
from rightsdesk.screening.query import ScreeningQuery
from rightsdesk.screening.scoring import screen

_WORKER_INDEX: ScreeningIndex | None = None
CHUNK = 256


def screen_many(index: ScreeningIndex, queries: Sequence[ScreeningQuery], *, workers: int = 1, limit: int = 10,
                progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """Screen each query (see `scoring.screen`); `progress(n)` is called as each chunk of n queries is done."""
    if workers <= 1 or len(queries) < 2 * CHUNK:
        return _serial(index, queries, limit, progress)
    chunks = [list(queries[i:i + CHUNK]) for i in range(0, len(queries), CHUNK)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    global _WORKER_INDEX
    _WORKER_INDEX = index  # inherited by forked workers without pickling
    results: list[dict[str, Any]] = []
    initargs = () if context.get_start_method() == "fork" else (index,)
    with context.Pool(workers, initializer=_init, initargs=initargs) as pool:
        for chunk_results in pool.imap(_screen_chunk, [(c, limit) for c in chunks]):
            results.extend(chunk_results)
            if progress:
                progress(len(chunk_results))
    return results


def _serial(index: ScreeningIndex, queries: Sequence[ScreeningQuery], limit: int,
            progress: Callable[[int], None] | None) -> list[dict[str, Any]]:
    out = []
    for query in queries:
        out.append(screen(index, query, limit=limit))
        if progress:
            progress(1)
    return out


def _init(index: ScreeningIndex | None = None) -> None:
    global _WORKER_INDEX
    if index is not None:
        _WORKER_INDEX = index


def _screen_chunk(job: tuple[list[ScreeningQuery], int]) -> list[dict[str, Any]]:
    queries, limit = job
    assert _WORKER_INDEX is not None
    return [screen(_WORKER_INDEX, q, limit=limit) for q in queries]
