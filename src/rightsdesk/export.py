"""The one exporter of rows, for the CLI and the web alike: CSV and JSON, nested values rendered one way, formula
cells made inert in one place.

    cell(value)                 a CSV cell: a list of plain values joined with '; ', anything else nested (a dict,
                                a list holding dicts or lists) as JSON, then made inert
    inert_cell(value)           text a spreadsheet will not run as a formula: prefixed with ' when it starts (after
                                any white space) with = + - @ or their full-width forms, or with a tab, CR or NUL;
                                a plain number such as -5 or +1.5 is data and stays as it is
    write_csv(fp, rows, cols)   a header and one line per row (keys not in `cols` left out)
    csv_writer(fp, cols)        the same a row at a time, for exports streamed batch by batch
    tuple_writer(fp)            rows already in the header's column order (tuples), a batch at a time
    csv_text(rows, cols)        the CSV as text
    json_text(data, indent)     JSON, UTF-8 as is, dates and other non-JSON values as their text

Every CSV and JSON export (query commands' --csv/--json, the web's ?format=csv|json downloads, the screening
results, the case exports) goes through here, so a change to how a value is written, or a redaction applied to
every export, has one place. Files that are read back as data (the case CSV of `cases import`, judgement logs,
cluster files) are not exports and keep their own writers: a formula guard would change their values.
Pure: no rightsdesk imports, no I/O beyond the file object given.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
FORMULA_SIGNS = frozenset("=+-@\u2212")  # and U+2212, the minus sign, which NFKC leaves as it is
PLAIN = (str, int, float)
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (see `inert_cell`)."""
    if text[:1].isalnum():  # most cells: a name, a symbol, a date
        return False
    if text[:1] in ("\t", "\r", "\0"):
        return True
    shown = text.lstrip()
    if not shown or unicodedata.normalize("NFKC", shown[0])[:1] not in FORMULA_SIGNS:
        return False
    return NUMBER.fullmatch(shown) is None


def inert_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula: text that could start one gets a ' prefix.

    Following OWASP (ASVS 5.0 requirement 1.2.10, "CSV and Formula Injection": a field whose first character is
    =, +, -, @, a tab or a NUL is escaped with a single quote; https://asvs.emil.hemdal.se/1.2.10) and CWE-1236
    (https://cwe.mitre.org/data/definitions/1236.html: prepend ' to a field starting with a formula character),
    widened where spreadsheets are looser than that list: the sign may follow white space (" =1+1")
    and may be full-width (＝ ＋ － ＠, which NFKC folds to = + - @) or the minus sign U+2212; a leading CR counts
    as a tab does.
    One narrowing: text that is wholly a plain decimal number ("-5", "+1.5", "-2.5e3") is data, not a formula.
    A spreadsheet reads it as the same number whether or not it would take it for a formula, it can call no
    function and reach no cell, and an apostrophe would turn a negative figure into text. Anything more
    (the classic payload "-2+3+cmd|' /C calc'!A0", "-5; x", "−5" with the minus sign, "－５") is prefixed.
    Numbers as numbers (int, float) are never text and pass as they are.
    """
    if isinstance(value, str) and starts_formula(value):
        return "'" + value
    return value


def cell(value: Any) -> Any:
    """A CSV cell: lists of plain values joined with '; ', anything nested as JSON; a formula made inert."""
    if isinstance(value, list | tuple) and all(isinstance(v, PLAIN) for v in value):
        return inert_cell("; ".join(map(str, value)))
    if isinstance(value, list | tuple | dict):
        return inert_cell(json.dumps(value, ensure_ascii=False, default=str))
    return inert_cell(value)


class LfLines:
    """The file a CSV writer writes to: rows end in LF, while the writer is told CRLF so that it quotes a cell holding
    a lone CR too (Python 3.11's writer quotes only the characters of its line terminator; a bare CR left unquoted
    ends the row early for a spreadsheet, and what follows it starts a cell, a formula included). The writer hands
    over one row at a time, ending in the CRLF that is swapped here."""

    __slots__ = ("fp",)

    def __init__(self, fp: IO[str]) -> None:
        self.fp = fp

    def write(self, row: str) -> int:
        return self.fp.write(row[:-2] + "\n")


def csv_writer(fp: IO[str], columns: Sequence[str]) -> Callable[[Mapping[str, Any]], None]:
    """Write the header of `columns` to `fp` now; the function returned writes one row (other keys left out)."""
    writer = csv.DictWriter(LfLines(fp), fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()

    def write(row: Mapping[str, Any]) -> None:
        writer.writerow({k: cell(v) for k, v in row.items()})

    return write


def tuple_writer(fp: IO[str]) -> Callable[[Iterable[Sequence[Any]]], None]:
    """A writer of rows given as tuples in the header's column order (the header written by `csv_writer` or the
    caller), a batch at a time: the fast path of a large export, each value written as `cell` writes it."""
    writer = csv.writer(LfLines(fp), lineterminator="\r\n")

    def write(rows: Iterable[Sequence[Any]]) -> None:
        writer.writerows([cell(v) for v in row] for row in rows)

    return write


def write_csv(fp: IO[str], rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> int:
    """Write `rows` as CSV with the header `columns`; return how many rows."""
    write, n = csv_writer(fp, columns), 0
    for row in rows:
        write(row)
        n += 1
    return n


def csv_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """`rows` as CSV text, with the header `columns` (by default the first row's keys)."""
    out = io.StringIO()
    write_csv(out, rows, list(columns if columns is not None else (rows[0].keys() if rows else ())))
    return out.getvalue()


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`data` as JSON: non-ASCII as is, dates and other values JSON lacks as their text; compact without indent."""
    return json.dumps(data, ensure_ascii=False, default=str, indent=indent,
                      separators=(",", ":") if indent is None else None)
