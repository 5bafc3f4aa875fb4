"""Reading source files: gzip-aware opening, checksums, CSV rows and text lines with their line numbers, header
checks, whole numbers in the range a column holds.

Every problem becomes an IngestError that names the file and the line.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import IO, Any

from rightsdesk.errors import IngestError, InputError

# Bounds on what a file may hold, checked while it streams, so that a file that expands without end (a gzip bomb,
# one field of gigabytes) is refused early and in bounded memory. The largest real file is 19 MB (un_votes.csv).
MAX_BYTES = 1 << 30  # the bytes a file may hold, decompressed
MAX_LINE = 16 << 20  # the characters of one line
MAX_FIELD = 4 << 20  # the characters of one CSV field
csv.field_size_limit(MAX_FIELD)

INT_MAX = 2**31 - 1  # the largest whole number a column of the store holds on both engines
_WHOLE = re.compile(r"[+-]?[0-9]+")  # ASCII digits only: int() also reads '²' (no) and '٣' (as 3)


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
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb", buffering=0)  # noqa: SIM115
    return io.BufferedReader(_Bounded(raw, str(path)))


class _Bounded(io.RawIOBase):
    """A byte stream that raises IngestError once more than MAX_BYTES have been read from it."""

    def __init__(self, raw: gzip.GzipFile | io.FileIO, name: str) -> None:
        super().__init__()
        self._raw, self._name, self._read = raw, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)
        self._read += n or 0
        if self._read > MAX_BYTES:
            raise IngestError(self._name, None, f"the file holds more than {MAX_BYTES:,} bytes (decompressed); "
                                                "no real source is this large: refused")
        return int(n or 0)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _lines(fh: IO[str], name: str) -> Iterator[str]:
    """The lines of a text stream, each read at most MAX_LINE characters at a time: IngestError for a longer one."""
    number = 0
    while line := fh.readline(MAX_LINE):
        number += 1
        if len(line) >= MAX_LINE and not line.endswith(("\n", "\r")):
            raise IngestError(name, number, f"a line longer than {MAX_LINE:,} characters: refused")
        if "\x00" in line:  # no text holds one, and PostgreSQL cannot store it: refused on both engines alike
            raise IngestError(name, number, f"a NUL character (byte 0) at column {line.index(chr(0)) + 1}: this "
                                            "is not a text file, or it is damaged")
        yield line


class _Recorded:
    """The physical lines of a file as a CSV reader takes them, the lines of the record being read kept aside
    (`take()`), so that the last record can be checked for completeness at the end of the file."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._raw: list[str] = []
        self.last = ""  # the last physical line read

    def __iter__(self) -> _Recorded:
        return self

    def __next__(self) -> str:
        self.last = next(self._lines)
        self._raw.append(self.last)
        return self.last

    def take(self) -> str:
        """The text of the record just read; the next record starts empty."""
        raw, self._raw = "".join(self._raw), []
        return raw


def _check_complete(name: str, last_line: str, line: int, last_record: str, last_start: int) -> None:
    """IngestError when the file ends inside its last record (cut short mid-line or mid-field): the last line has
    no line break, or a quoted field is left open. A DOS end-of-file mark (Ctrl-Z) alone on the last line is
    no record."""
    if last_line and last_line != "\x1a" and not last_line.endswith(("\n", "\r")):
        raise IngestError(name, line, "the last line has no line break at its end: the file looks cut short (a "
                                      "complete CSV file ends every line with one; if this file is whole, add it)")
    try:
        for _ in csv.reader(last_record.splitlines(keepends=True), strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise IngestError(name, last_start, "the file ends inside a quoted field of the record that starts on "
                                                "this line: the file looks cut short") from None


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
            lines = _Recorded(_lines(fh, name))
            reader = csv.reader(lines)
            rows = 0
            line = 0
            last_record, last_start = "", 0  # the text of the last record and its first line
            expect_header = has_header
            for cells in reader:
                first, line = line + 1, reader.line_num
                raw = lines.take()
                if not cells or cells == ["\x1a"]:
                    continue
                last_record, last_start = raw, first
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
            _check_complete(name, lines.last, line, last_record, last_start)
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    except csv.Error as exc:
        raise IngestError(name, line + 1, f"malformed CSV: {exc}") from None
    except (OSError, EOFError) as exc:
        raise IngestError(name, None, f"cannot read: {exc}") from None
    if rows == 0:
        raise IngestError(name, None, "the file has no data rows")


def whole_number(text: str, field: str, low: int = -INT_MAX, high: int = INT_MAX) -> int:
    """`text` as a whole number of ASCII digits between `low` and `high`; InputError naming `field` otherwise."""
    text = text.strip()
    if not _WHOLE.fullmatch(text):
        raise InputError(f"{field}: {text[:40]!r} is not a whole number")
    if len(text) > 19 or not low <= int(text) <= high:  # more digits than any bound: no int() of 5,000 digits
        raise InputError(f"{field}: {text[:40]} is out of range ({low} to {high})")
    return int(text)


def text_lines(path: Path) -> list[str]:
    """The lines of a (possibly gzipped) UTF-8 text file, ends of line removed; IngestError naming the line of
    the first byte that is not UTF-8."""
    try:
        with open_text(path) as fh:
            return [line.rstrip("\r\n") for line in _lines(fh, str(path))]
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    except (OSError, EOFError) as exc:
        raise IngestError(str(path), None, f"cannot read: {exc}") from None


def not_utf8(path: Path) -> IngestError:
    """The IngestError for a file that is not UTF-8: the line and the offset in the file of its first bad byte
    (read again from the start, as a text reader decodes ahead of the line it gives)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, line = 0, 1
    with open_binary(path) as fh:
        for chunk in chain(iter(lambda: fh.read(1 << 16), b""), [b""]):
            pending = len(decoder.getstate()[0])  # bytes of a character begun in the chunk before
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                at = offset - pending + exc.start
                line += chunk[: max(0, at - offset)].count(b"\n")
                return IngestError(str(path), line, f"not UTF-8 text ({exc.reason} at byte {at:,} of the file)")
            offset += len(chunk)
            line += chunk.count(b"\n")
    return IngestError(str(path), None, "not UTF-8 text")
