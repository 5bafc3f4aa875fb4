"""The `Ingestor` protocol: what a source format declares, so that the store's writer and the pipeline read one
declaration instead of checking names.

It lives in `model/` (not `ingest/`) because both sides of the parse/load split need it: `ingest/` implements it
(`ingest/base.py: Declared`, one per format module) and `store/writer.py` loads the records of any implementation
without importing `ingest/` (the import contract in tests/test_layers.py). No I/O here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rightsdesk.model.records import CountryVote, Designation, RollCall, UprRecommendation

Record = UprRecommendation | RollCall | CountryVote | Designation  # what an ingestor yields


@dataclass(frozen=True)
class HeldRow:
    """A recommendation another source already holds for a review: its stored id, state and text."""

    id: str
    from_state: str | None
    text: str


class Pairing(Protocol):
    """Pairs the records of a load with the rows other sources hold of the same review: the pairs (held row,
    record, score) and the records left unpaired."""

    def __call__(self, records: Sequence[UprRecommendation], held: Sequence[HeldRow], /,
                 ) -> tuple[list[tuple[HeldRow, UprRecommendation, float]], list[UprRecommendation]]: ...


class Ingestor(Protocol):
    """A source format: its name (the `dataset` of its sources) and version (a newer version reads a file again),
    the files it reads for a path, its records, the day a file set was issued where the format says,
    whether a load is a snapshot (a sanctions list: the load replaces the list; otherwise a load is a version of
    its files), which file of `files(path)` each record type comes from (default the first), and for a format
    that repeats rows other sources hold (a UPR report), how its records pair with them."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def snapshot(self) -> bool: ...

    @property
    def record_file(self) -> Mapping[type, int]: ...

    @property
    def pairs_with_held(self) -> Pairing | None: ...

    def files(self, path: Path, /) -> list[Path]: ...

    def parse(self, path: Path, /) -> Iterator[Record]: ...

    def issued(self, path: Path, /) -> dt.date | None: ...
