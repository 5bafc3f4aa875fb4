"""Victim lists as they arrive: CSV files with `id,name` and, where known, `sex,birth_year,place,date`.

Each file is one list, named by its file name without the extension (`ohchr.csv` is the list `ohchr`); other
columns are kept with the record and written back with the clusters when asked.

A full export of the case store (`rightsdesk cases export --full --reason ...`, audited, and holding only the
victims who consented to analysis) is read as a list too: one record per victim (`case_id/victim`), named by its
Hangul name (or its first romanized one) with every other written form kept as `other_names`, born in
`birth_year`, at the event's province or place and start date. A redacted export has no names and is refused. Reading checks everything
before anything is linked: a missing column, an empty or repeated id (naming both lines), a birth year that is
not a year, a date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: each is an `IngestError` naming file and line.

No I/O beyond reading the files; nothing is stored (lists are case data: they stay in the files the user holds).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rightsdesk.errors import IngestError, InputError
from rightsdesk.model.dates import PartialDate

REQUIRED = ("id", "name")
OPTIONAL = ("sex", "birth_year", "place", "date")
#: The columns of a case-store export that say it is one, and those a full (named) export adds.
CASE_EXPORT = ("case_id", "victim")
CASE_NAMES = ("victim_name_hangul", "victim_names_latin")
SEXES = {"m": "m", "male": "m", "man": "m", "남": "m", "남자": "m", "f": "f", "female": "f", "woman": "f",
         "여": "f", "여자": "f"}
EARLIEST_BIRTH_YEAR = 1850


@dataclass(frozen=True)
class ListRecord:
    """One row of one list."""

    list: str
    id: str
    name: str
    sex: str | None = None  # "m" | "f"
    birth_year: int | None = None
    place: str | None = None
    date: PartialDate | None = None
    extra: dict[str, str] = field(default_factory=dict)
    line: int = 0
    other_names: tuple[str, ...] = ()  # further written forms of the name (a case's Hangul and romanized names)


@dataclass(frozen=True)
class VictimList:
    """A list: its name, the file it came from, its records in file order."""

    name: str
    path: str
    records: tuple[ListRecord, ...]


def list_name(path: Path) -> str:
    """The list a file holds: its name without the extension."""
    return path.name.split(".")[0]


def read_lists(paths: Sequence[Path]) -> list[VictimList]:
    """Read every list, checking all of them first; two files may not give the same list name."""
    lists = [read_list(p) for p in paths]
    seen: dict[str, str] = {}
    for lst in lists:
        if lst.name in seen:
            raise InputError(f"{lst.path}: the list name {lst.name!r} is also that of {seen[lst.name]}")
        seen[lst.name] = lst.path
    if len(lists) < 1:
        raise InputError("no list given")
    return lists


def read_list(path: Path) -> VictimList:
    """Read one list file; see the module docstring for what is checked."""
    name = list_name(path)
    if not name:
        raise InputError(f"{path}: a list file needs a name")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            records = tuple(_records(fh, str(path), name))
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(str(path), None, f"cannot read: {exc}") from None
    if not records:
        raise IngestError(str(path), None, "no records below the header")
    return VictimList(name, str(path), records)


def _records(fh: Iterator[str], path: str, name: str) -> Iterator[ListRecord]:
    reader = csv.reader(fh)
    header = [h.strip().lower() for h in next(reader, [])]
    if all(c in header for c in CASE_EXPORT) and "id" not in header:
        yield from _case_records(reader, header, path, name)
        return
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise IngestError(path, 1, f"missing column(s) {', '.join(missing)} (a list needs id,name)")
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise IngestError(path, 1, f"column(s) {', '.join(repeated)} appear more than once")
    seen: dict[str, int] = {}
    start = reader.line_num
    for fields in reader:
        line, start = start + 1, reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise IngestError(path, line, f"expected {len(header)} fields, got {len(fields)}")
        row = dict(zip(header, (f.strip() for f in fields), strict=True))
        rid = row["id"]
        if not rid:
            raise IngestError(path, line, "id is empty")
        if rid in seen:
            raise IngestError(path, line, f"id {rid!r} is already on line {seen[rid]}")
        seen[rid] = line
        if not row["name"]:
            raise IngestError(path, line, f"record {rid!r} has no name")
        yield ListRecord(name, rid, row["name"], _sex(row.get("sex", ""), path, line),
                         _year(row.get("birth_year", ""), path, line), row.get("place") or None,
                         _date(row.get("date", ""), path, line),
                         {k: v for k, v in row.items() if k not in REQUIRED and k not in OPTIONAL}, line)


def _case_records(reader: Iterator[list[str]], header: list[str], path: str, name: str) -> Iterator[ListRecord]:
    """Victims from a full export of the case store (see the module docstring)."""
    if not all(c in header for c in CASE_NAMES):
        raise IngestError(path, 1, "a redacted case export holds no names to link: export with `rightsdesk cases "
                                   "export --full --reason ...` (audited)")
    seen: dict[str, int] = {}
    for line, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise IngestError(path, line, f"expected {len(header)} fields, got {len(fields)}")
        row = dict(zip(header, (f.strip() for f in fields), strict=True))
        rid = f"{row['case_id']}/{row['victim']}"
        if rid in seen:
            raise IngestError(path, line, f"victim {rid!r} is already on line {seen[rid]}")
        seen[rid] = line
        names = [n.strip() for c in CASE_NAMES for n in row[c].split(";") if n.strip()]
        if not names:
            raise IngestError(path, line, f"victim {rid!r} has no name")
        date = row.get("event_start", "")
        sex = row.get("sex", "")
        yield ListRecord(name, rid, names[0], _sex(sex if sex in SEXES else "", path, line),
                         _year(row.get("birth_year", ""), path, line),
                         row.get("province") or row.get("place") or None, _date(date, path, line),
                         {k: v for k, v in row.items() if k in ("collection", "acts", "place_country")}, line,
                         tuple(names[1:]))


def _sex(value: str, path: str, line: int) -> str | None:
    if not value:
        return None
    try:
        return SEXES[value.casefold()]
    except KeyError:
        raise IngestError(path, line, f"sex {value!r}: expected m, f, male, female (or empty)") from None


def _year(value: str, path: str, line: int) -> int | None:
    if not value:
        return None
    this_year = dt.date.today().year
    if not value.isdigit() or not EARLIEST_BIRTH_YEAR <= int(value) <= this_year:
        raise IngestError(path, line, f"birth_year {value!r}: expected a year from {EARLIEST_BIRTH_YEAR} to "
                                      f"{this_year} (or empty)")
    return int(value)


def _date(value: str, path: str, line: int) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except InputError as exc:
        raise IngestError(path, line, f"date: {exc}") from None
