"""Screening files: a CSV of names read into queries, and results laid out as rows beside the input.

Shared by `rightsdesk screen-file` and the workbench's upload on `/screen`, so both read the same columns and
refuse the same mistakes with the same messages (naming the file and the line). Pure: text in, rows out; the
callers read the bytes and write the CSV (making formula cells inert on the way out).

Columns (any case): `name` (required); `dob`, `nationality`, `schema`; identifiers in `identifier(s)`,
`passport`, `id_number` or `imo`; more names in `alias(es)`, several separated by ';'.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from rightsdesk.errors import InputError
from rightsdesk.screening.query import ScreeningQuery

RESULT_COLUMNS = ("screening_line", "screening_list", "screening_reference_number", "screening_name",
                  "screening_score", "screening_match")
IDENTIFIER_COLUMNS = ("identifier", "identifiers", "passport", "id_number", "imo")
ALIAS_COLUMNS = ("alias", "aliases")


def decode(raw: bytes, where: str) -> str:
    """UTF-8 text (a byte-order mark allowed); InputError naming `where` otherwise."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (byte {exc.start}): save the file as UTF-8") from None


def _header(reader: Any, where: str) -> list[str]:
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise InputError(f"{where}: line 1: malformed CSV: {exc}") from None
    keys = [h.casefold() for h in header]
    twice = sorted({h for h in keys if keys.count(h) > 1})
    if twice:
        raise InputError(f"{where}: line 1: the column(s) {', '.join(twice)} appear twice")
    if "name" not in keys:
        raise InputError(f"{where}: line 1: the CSV needs a 'name' column (found: {', '.join(header) or 'none'})")
    clash = sorted(set(keys) & set(RESULT_COLUMNS))
    if clash:
        raise InputError(f"{where}: line 1: the column(s) {', '.join(clash)} would be overwritten by the results")
    return header


def _query(row: dict[str, str], lists: Sequence[str] | None) -> ScreeningQuery:
    get = {k.casefold(): v for k, v in row.items()}
    names = [get.get("name", "")] + [a.strip() for c in ALIAS_COLUMNS for a in get.get(c, "").split(";") if a.strip()]
    ids = [i.strip() for c in IDENTIFIER_COLUMNS for i in get.get(c, "").split(";") if i.strip()]
    return ScreeningQuery.build(names, dob=get.get("dob") or None, nationality=get.get("nationality") or None,
                                identifiers=ids, schema=get.get("schema") or None, lists=lists)


def parse_queries(text: str, where: str, lists: Sequence[str] | None = None, *,
                  max_rows: int | None = None) -> tuple[list[dict[str, str]], list[int], list[ScreeningQuery]]:
    """The rows of a CSV text, the line each starts on (so results trace back to the input), and a query per
    row; blank rows are skipped. InputError names `where` and the line; more than `max_rows` rows is one too."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _header(reader, where)
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    queries: list[ScreeningQuery] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            problem = ("a quoted cell opened here is never closed" if "end of data" in str(exc)
                       else f"malformed CSV: {exc}")
            raise InputError(f"{where}: line {start}: {problem}") from None
        if cells is None:
            break
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise InputError(f"{where}: line {start}: {len(cells)} cells but the header names {len(header)}")
        if max_rows is not None and len(rows) >= max_rows:
            raise InputError(f"{where}: line {start}: more than {max_rows:,} names; screen the file in parts")
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            queries.append(_query(row, lists))
        except InputError as exc:
            raise InputError(f"{where}: line {start}: {exc}") from None
        rows.append(row)
        lines.append(start)
    return rows, lines, queries


def result_rows(rows: Sequence[dict[str, str]], lines: Sequence[int],
                results: Sequence[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and rows of a results file: the input columns, then the input line and the best result's
    list, reference, name, score and match flag (prefixed `screening_`, so no input column is overwritten)."""
    inputs = list(dict.fromkeys(k for row in rows for k in row))
    out = []
    for row, line, result in zip(rows, lines, results, strict=True):
        best = result["results"][0] if result["results"] else {}
        out.append({**{k: "" for k in inputs}, **row, "screening_line": line,
                    "screening_list": best.get("list", ""),
                    "screening_reference_number": best.get("reference_number", ""),
                    "screening_name": best.get("name", ""), "screening_score": best.get("score", ""),
                    "screening_match": best.get("match", False)})
    return inputs + list(RESULT_COLUMNS), out
