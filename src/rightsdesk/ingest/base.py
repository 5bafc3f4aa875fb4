"""`Declared`: how a format module states what it is, as an `Ingestor` (model/ingestor.py).

Each module of `ingest/` ends with `INGESTOR = Declared(...)` naming its functions and properties; `INGESTORS`
in `ingest/__init__.py` collects them. Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rightsdesk.model.ingestor import Ingestor, Pairing, Record

__all__ = ["Declared", "Ingestor", "undated"]


def undated(path: Path) -> dt.date | None:
    """The issued date of a format that carries none."""
    return None


@dataclass(frozen=True)
class Declared:
    """An ingestor as a format module declares it (see `Ingestor` for what each field means)."""

    name: str
    version: str
    files: Callable[[Path], list[Path]]
    parse: Callable[[Path], Iterator[Record]]
    snapshot: bool = False
    record_file: Mapping[type, int] = field(default_factory=dict)
    issued: Callable[[Path], dt.date | None] = undated
    pairs_with_held: Pairing | None = None
