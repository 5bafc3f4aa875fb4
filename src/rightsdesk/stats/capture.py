"""Capture histories: which lists each person is on, read from a contingency table, from one row per person, or
from linked clusters, and kept as the counts of each pattern of lists (`CaptureTable`).

Only reading and shaping lives here; the estimators (`stats.lcmcr`, `stats.loglinear`) take a `CaptureTable`.
A pattern of all zeros (on no list) cannot be observed, so a table that claims one is refused.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from rightsdesk.errors import InputError

COUNT = "count"
CLUSTER_COLUMNS = ("cluster_id", "list", "id")
TOTAL = "all"  # the stratum name of an unstratified table


@dataclass(frozen=True)
class CaptureTable:
    """The observed counts of each capture pattern over `lists` (patterns: one row of 0/1 per pattern)."""

    lists: tuple[str, ...]
    patterns: npt.NDArray[np.int64]
    counts: npt.NDArray[np.int64]

    @property
    def n_observed(self) -> int:
        return int(self.counts.sum())

    def list_totals(self) -> dict[str, int]:
        """How many people each list holds."""
        return {name: int(self.counts[self.patterns[:, j] == 1].sum()) for j, name in enumerate(self.lists)}

    def rows(self) -> Iterator[tuple[tuple[int, ...], int]]:
        """(pattern, count) for every pattern seen at least once."""
        for p, c in zip(self.patterns, self.counts, strict=True):
            if c:
                yield tuple(int(x) for x in p), int(c)


def from_patterns(lists: Iterable[str], counts: Mapping[tuple[int, ...], int]) -> CaptureTable:
    """A table from {pattern: count}; patterns seen twice are added, unseen ones are left out."""
    names = tuple(lists)
    if len(names) < 2:
        raise InputError(f"estimation needs at least two lists, got {len(names)}: {', '.join(names) or 'none'}")
    kept = sorted((p, c) for p, c in counts.items() if c > 0)
    if not kept:
        raise InputError("the table holds nobody: every count is zero")
    for p, _ in kept:
        if len(p) != len(names) or not any(p):
            raise InputError(f"pattern {p} is not a pattern over {len(names)} lists with at least one capture")
    return CaptureTable(names, np.array([p for p, _ in kept], dtype=np.int64).reshape(-1, len(names)),
                        np.array([c for _, c in kept], dtype=np.int64))


def _flag(path: Path, line: int, column: str, value: str) -> int:
    v = value.strip().casefold()
    if v in ("1", "true", "yes", "y"):
        return 1
    if v in ("0", "false", "no", "n", ""):
        return 0
    raise InputError(f"{path}: line {line}: column {column!r} must be 0 or 1, got {value!r}")


def _count(path: Path, line: int, value: str) -> int:
    try:
        n = int(value.strip())
    except ValueError:
        raise InputError(f"{path}: line {line}: count must be a whole number, got {value!r}") from None
    if n < 0:
        raise InputError(f"{path}: line {line}: count must not be negative, got {n}")
    return n


def _rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and (line number, row) for every row below it; a row of the wrong width is an error."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    records = csv.reader(lines)
    header = [c.strip() for c in next(records, [])]
    if not any(header):
        raise InputError(f"{path}: line 1: no header row")

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for line, fields in enumerate(records, start=2):
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise InputError(f"{path}: line {line}: expected {len(header)} fields, got {len(fields)}")
            yield line, dict(zip(header, fields, strict=True))
    return header, rows()


def read_table(path: Path, *, strata: str | None = None) -> dict[str, CaptureTable]:
    """Read a capture table: one 0/1 column per list and either a `count` column (a contingency table) or one
    row per person. With `strata`, that column splits the table; the result maps stratum -> table."""
    columns, rows = _rows(path)
    if strata is not None and strata not in columns:
        raise InputError(f"{path}: line 1: no column {strata!r} to stratify by (columns: {', '.join(columns)})")
    lists = [c for c in columns if c not in (COUNT, strata)]
    by_stratum: dict[str, Counter[tuple[int, ...]]] = defaultdict(Counter)
    for line, row in rows:
        pattern = tuple(_flag(path, line, c, row[c]) for c in lists)
        n = _count(path, line, row[COUNT]) if COUNT in columns else 1
        if n and not any(pattern):
            raise InputError(f"{path}: line {line}: a row on no list cannot be observed (count {n})")
        by_stratum[row[strata].strip() if strata else TOTAL][pattern] += n
    if not by_stratum:
        raise InputError(f"{path}: no rows below the header")
    try:
        return {s: from_patterns(lists, c) for s, c in sorted(by_stratum.items())}
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def read_clusters(path: Path, *, strata: str | None = None) -> dict[str, CaptureTable]:
    """Capture histories from linked clusters (`cluster_id,list,id`, as `link-lists` writes them): each cluster is
    one person, on the lists its records come from. With `strata`, a column every record of a cluster agrees on."""
    columns, rows = _rows(path)
    missing = [c for c in (*CLUSTER_COLUMNS, *([strata] if strata else [])) if c not in columns]
    if missing:
        raise InputError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
    lists_of: dict[str, set[str]] = defaultdict(set)
    stratum_of: dict[str, tuple[str, int]] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        cluster, name, rid = (row[c].strip() for c in CLUSTER_COLUMNS)
        if not cluster or not name:
            raise InputError(f"{path}: line {line}: cluster_id and list must not be empty")
        if (name, rid) in seen:
            raise InputError(f"{path}: line {line}: record {name}:{rid} is already on line {seen[name, rid]}")
        seen[name, rid] = line
        lists_of[cluster].add(name)
        if strata:
            value = row[strata].strip()
            first = stratum_of.setdefault(cluster, (value, line))
            if first[0] != value:
                raise InputError(f"{path}: line {line}: cluster {cluster} is in stratum {value!r} here but "
                                 f"{first[0]!r} on line {first[1]}")
    if not lists_of:
        raise InputError(f"{path}: no rows below the header")
    names = sorted(set().union(*lists_of.values()))
    by_stratum: dict[str, Counter[tuple[int, ...]]] = defaultdict(Counter)
    for cluster, on in lists_of.items():
        key = stratum_of[cluster][0] if strata else TOTAL
        by_stratum[key][tuple(int(n in on) for n in names)] += 1
    try:
        return {s: from_patterns(names, c) for s, c in sorted(by_stratum.items())}
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
