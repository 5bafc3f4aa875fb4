"""General Assembly roll-call votes (Voeten's data via the `unvotes` R package), as three CSVs in one folder.

    un_roll_calls.csv        rcid, session, importantvote, date, unres, amend, para, short, descr
    un_roll_call_issues.csv  rcid, short_name, issue
    un_votes.csv             rcid, country, country_code, vote

Each may be gzipped (`.csv.gz`). `unres` is written `R/69/188` for A/RES/69/188; a value that is no symbol
(`R/6444A`, blank) is kept as the original with no symbol. Every vote must belong to a known roll call.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from rightsdesk.errors import IngestError, InputError
from rightsdesk.ingest.base import Declared
from rightsdesk.ingest.files import csv_rows, whole_number
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.records import CountryVote, RollCall
from rightsdesk.model.symbols import DocumentSymbol
from rightsdesk.model.vocab import Vote

NAME = "unvotes"
VERSION = "3"  # 3: every double-encoded title repaired; 2: the USSR's votes under SUN, Serbia and Montenegro's under SCG, Serbia's under SRB

# The source keeps one name for a seat whose state changed: "Russia" from 1946 (the USSR until 24 December 1991)
# and "Yugoslavia" until 2020 (the Federal Republic of Yugoslavia, admitted 1 November 2000 and renamed Serbia
# and Montenegro in 2003; Serbia from 3 June 2006). Each vote goes to the state that held the seat that day.
SUCCESSION: dict[str, tuple[tuple[dt.date, str], ...]] = {
    "RUS": ((dt.date.min, "SUN"), (dt.date(1991, 12, 24), "RUS")),
    "YUG": ((dt.date.min, "YUG"), (dt.date(2000, 11, 1), "SCG"), (dt.date(2006, 6, 3), "SRB")),
}


def seat_holder(iso3: str, date: dt.date | None) -> str:
    """The state that held `iso3`'s seat on `date` (see SUCCESSION); `iso3` itself for an undated vote."""
    if iso3 not in SUCCESSION or date is None:
        return iso3
    return [code for start, code in SUCCESSION[iso3] if start <= date][-1]
ROLL_CALLS = ("rcid", "session", "importantvote", "date", "unres", "amend", "para", "short", "descr")
ISSUES = ("rcid", "short_name", "issue")
VOTES = ("rcid", "country", "country_code", "vote")
RECORD_FILE: dict[type, int] = {CountryVote: 2}  # votes come from the third file; roll calls from the first


def _find(folder: Path, stem: str) -> Path:
    for candidate in (folder / f"{stem}.csv", folder / f"{stem}.csv.gz"):
        if candidate.is_file():
            return candidate
    raise IngestError(str(folder), None, f"the folder has no {stem}.csv or {stem}.csv.gz")


def files(path: Path) -> list[Path]:
    """The three files read from the folder `path`."""
    if not path.is_dir():
        raise IngestError(str(path), None, "expected a folder holding un_roll_calls, un_roll_call_issues and un_votes CSVs")
    return [_find(path, "un_roll_calls"), _find(path, "un_roll_call_issues"), _find(path, "un_votes")]


def parse(path: Path) -> Iterator[RollCall | CountryVote]:
    """Yield every RollCall (with its issues), then every CountryVote."""
    calls_path, issues_path, votes_path = files(path)
    issues = _issues(issues_path)
    rcids: dict[int, dt.date | None] = {}
    rcid_lines: dict[int, int] = {}
    for line, cells in csv_rows(calls_path, ROLL_CALLS):
        try:
            call = _roll_call(cells, issues, line)
        except (InputError, ValueError) as exc:
            raise IngestError(str(calls_path), line, str(exc)) from None
        if call.rcid in rcids:
            raise IngestError(str(calls_path), line, f"rcid {call.rcid} appears twice (first on line "
                                                     f"{rcid_lines[call.rcid]})")
        rcids[call.rcid], rcid_lines[call.rcid] = call.date, line
        yield call
    yield from _votes(votes_path, rcids)


def _issues(path: Path) -> dict[int, tuple[str, ...]]:
    found: dict[int, set[str]] = defaultdict(set)
    for line, cells in csv_rows(path, ISSUES):
        try:
            found[whole_number(cells[0], "rcid")].add(cells[2].strip())
        except InputError as exc:
            raise IngestError(str(path), line, str(exc)) from None
    return {rcid: tuple(sorted(v)) for rcid, v in found.items()}


def _roll_call(cells: list[str], issues: dict[int, tuple[str, ...]], line: int = 0) -> RollCall:
    rcid, session, important, date, unres, amend, para, short, descr = (_repair(c.strip()) for c in cells)
    try:
        symbol: DocumentSymbol | None = DocumentSymbol.parse(unres) if unres else None
    except InputError:
        symbol = None  # the source's own value is kept in symbol_original
    return RollCall(
        rcid=whole_number(rcid, "rcid"),
        session=whole_number(session, "session"),
        date=dt.date.fromisoformat(date) if date else None,
        symbol=symbol,
        symbol_original=unres,
        important_vote=important == "1",
        amendment=amend == "1",
        paragraph=para == "1",
        short_title=short,
        description=descr,
        issues=issues.get(whole_number(rcid, "rcid"), ()),
        line=line,
    )


# Double-encoded characters in four titles of the R package's data (see its SOURCE.md).
MOJIBAKE = {"?Ãƒâ€\u00a0": "'", "?Ãƒâ€ ": "'", "?Ã†": "'", "D?ÃƒÂ«TENTE": "DÉTENTE", "?ÃƒÂ¡": ""}


def _repair(text: str) -> str:
    if "Ã" in text:
        for bad, good in MOJIBAKE.items():
            text = text.replace(bad, good)
    return text


def _votes(path: Path, rcids: dict[int, dt.date | None]) -> Iterator[CountryVote]:
    """The votes; a second vote of one state in one roll call names both lines. The (roll call, state) pairs
    seen are kept as single numbers, small for the 870,000 votes; the first line is looked up only on a repeat."""
    seen: dict[tuple[str, str], str] = {}
    casts = {v.value: v for v in Vote}
    states: dict[str, int] = {}
    cast_by: set[int] = set()
    for line, (rcid_text, name, code, vote) in csv_rows(path, VOTES):
        iso3 = seen.get((name, code))
        try:
            if iso3 is None:
                iso3 = seen[(name, code)] = _country(name, code)
            rcid = whole_number(rcid_text, "rcid")
            cast = casts[vote]
        except KeyError:
            raise IngestError(str(path), line, f"vote: {vote!r} is not yes, no or abstain") from None
        except (InputError, ValueError) as exc:
            raise IngestError(str(path), line, str(exc)) from None
        if rcid not in rcids:
            raise IngestError(str(path), line, f"rcid {rcid} is not in the roll calls file")
        vote_of = CountryVote(rcid, seat_holder(iso3, rcids[rcid]), cast, name)
        key = rcid * 4096 + states.setdefault(vote_of.country, len(states))
        if key in cast_by:
            first = _first_vote_line(path, rcids, vote_of)
            raise IngestError(str(path), line, f"a second vote of {vote_of.country} in roll call {rcid} (the first "
                                               f"is on line {first})")
        cast_by.add(key)
        yield vote_of


def _same_number(text: str, number: int) -> bool:
    try:
        return whole_number(text, "rcid") == number
    except InputError:
        return False


def _first_vote_line(path: Path, rcids: dict[int, dt.date | None], vote: CountryVote) -> int:
    """The line of the first vote of `vote`'s state in its roll call (read again: only on a repeat)."""
    for line, (rcid_text, name, code, _) in csv_rows(path, VOTES):
        if _same_number(rcid_text, vote.rcid) and seat_holder(_country(name, code), rcids[vote.rcid]) == vote.country:
            return line
    return 0


def _country(name: str, code: str) -> str:
    iso3 = resolve_country(code) if code else resolve_country(name)
    if iso3 is None:
        raise InputError(f"country: {name!r} names no country")
    return iso3


INGESTOR = Declared(NAME, VERSION, files, parse, record_file=RECORD_FILE)
