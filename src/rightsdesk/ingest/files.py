"""Reading source files: gzip-aware opening, checksums, CSV rows with their line numbers, header checks.

Every problem becomes an IngestError that names the file and the line.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from rightsdesk.errors import IngestError

csv.field_size_limit(10_000_000)


def sha256(path: Path) -> str:
    """The sha256 of the file's bytes as stored (compressed files are hashed compressed)."""
    _check_file(path)
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise IngestError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    return h.hexdigest()


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise IngestError(str(path), None, "is a folder; this ingestor reads a file")
    if not path.is_file():
        raise IngestError(str(path), None, "no such file")


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading bytes, decompressing `.gz`; IngestError if it is missing or empty."""
    _check_file(path)
    if path.stat().st_size == 0:
        raise IngestError(str(path), None, "the file is empty")
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def open_text(path: Path, encoding: str = "utf-8-sig") -> IO[str]:
    """Open a (possibly gzipped) text file, strictly decoded; a UTF-8 byte-order mark is skipped."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, errors="strict", newline="")


def csv_rows(path: Path, header: Sequence[str] | None, *, has_header: bool = True) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells) for each data row of a CSV file.

    With `has_header`, the first row must equal `header` exactly; without it, every row must have
    len(header) cells. A trailing DOS end-of-file mark (Ctrl-Z) is ignored. Undecodable bytes, a wrong
    header, a row of the wrong width or a file without data rows raise IngestError.
    """
    name = str(path)
    try:
        with open_text(path) as fh:
            reader = csv.reader(fh)
            rows = 0
            line = 0
            expect_header = has_header
            for cells in reader:
                line = reader.line_num
                if not cells or cells == ["\x1a"]:
                    continue
                if expect_header:
                    expect_header = False
                    if header is not None and [c.strip() for c in cells] != list(header):
                        found = ",".join(cells)[:200]
                        raise IngestError(name, line, f"wrong header: expected {','.join(header)}; found {found}")
                    continue
                if header is not None and len(cells) != len(header):
                    raise IngestError(name, line, f"expected {len(header)} fields, found {len(cells)}")
                rows += 1
                yield line, cells
    except UnicodeDecodeError as exc:
        raise IngestError(name, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise IngestError(name, line + 1, f"malformed CSV: {exc}") from None
    except (OSError, EOFError) as exc:
        raise IngestError(name, None, f"cannot read: {exc}") from None
    if rows == 0:
        raise IngestError(name, None, "the file has no data rows")
