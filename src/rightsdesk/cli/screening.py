"""Screening commands: `screen` and `screen-file`. Thin glue over `rightsdesk.screening`.

`screen` reads the part of the index one query needs from the postings the store keeps (`pipeline.screening`),
when they are current; otherwise, and for `screen-file` and `--lists`, designations come from the store
(`store.readers.designations.load_designations`) and the index is built per run. Bad input
(an empty name, a malformed date, a CSV without a `name` column) raises InputError, which the CLI core turns
into exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rightsdesk.cli.common import CONTEXT, get_store, public_reading
from rightsdesk.errors import InputError
from rightsdesk.export import json_text
from rightsdesk.export import write_csv as write_rows
from rightsdesk.model.vocab import SanctionsList
from rightsdesk.screening.query import OFFERED_SCHEMAS

if TYPE_CHECKING:
    from rightsdesk.screening.index import PartialIndex, ScreeningIndex
    from rightsdesk.screening.query import ScreeningQuery
    from rightsdesk.store import Store

LISTS = SanctionsList.names()
SCHEMA_CHOICE = click.Choice(OFFERED_SCHEMAS, case_sensitive=False)


def register(group: click.Group) -> None:
    """Add the screening commands to the top-level group."""
    group.add_command(screen_command)
    group.add_command(screen_file_command)


def load_index(lists: Sequence[str] | None) -> ScreeningIndex:
    """The screening index over the designations in the store (of the given lists)."""
    from rightsdesk.screening.index import ScreeningIndex
    from rightsdesk.store.readers.designations import load_designations

    with public_reading() as session:
        designations = load_designations(session, lists=list(lists) if lists else None)
    if not designations:
        raise InputError("no designations in the store: run `rightsdesk build` (or load the lists) first")
    return ScreeningIndex.build(designations)


def stored_index(query: ScreeningQuery) -> PartialIndex | None:
    """The part of the index that `query` needs, read from the postings the store keeps
    (`read_partial_index`); None when they are stale or the query names lists (then the index is built)."""
    if query.lists:
        return None
    return read_partial_index(get_store(loaded=True), query)


def read_partial_index(store: Store, query: ScreeningQuery) -> PartialIndex | None:
    """The part of the whole index (every list) that scoring `query` reads, from the stored postings
    (`pipeline.screening`): the query's keys, their postings whole, the candidates the index would pick, and only
    those designations, numbered as in the whole index. None when the postings are stale, empty or name a
    designation not held, so that the caller builds the index itself."""
    from rightsdesk.access import ANONYMOUS
    from rightsdesk.screening.index import KEYS_VERSION, PartialIndex, blocking_keys, identifier_keys
    from rightsdesk.screening.scoring import query_names
    from rightsdesk.store.readers.designations import load_designations_by_id
    from rightsdesk.store.screening_keys import has_postings, keys_stale, read_entries, read_postings

    with store.reading(ANONYMOUS) as session:
        conn = session.conn
        if keys_stale(conn, KEYS_VERSION) or not has_postings(conn):
            return None
        parsed = query_names(query)
        keys = {k for p in parsed for k in blocking_keys(p)}
        keys |= {f"i:{k}" for i in query.identifiers for k in identifier_keys(i)}
        part = PartialIndex()
        entry_of: dict[int, int] = {}
        for key, name, entry in read_postings(conn, keys):
            if key.startswith("i:"):
                part.by_identifier.setdefault(key[2:], []).append(entry)
            else:
                part.postings.setdefault(key, []).append(name)
                entry_of[name] = entry
        wanted = {entry_of[n] for p in parsed for n in part.candidates(p)}
        wanted |= {e for i in query.identifiers for e in part.entries_with_identifier(i)}
        rows = read_entries(conn, wanted)
        designations = load_designations_by_id(session, [r.designation_id for r in rows]) if rows else {}
    for row in rows:
        designation = designations.get(row.designation_id)
        if designation is None:
            return None  # the postings name a designation no longer held: bad, whatever the stamp says
        part.add(row.entry, row.first_name, designation)
        if len(part.entry_names[row.entry]) != row.names:
            return None  # the names are not those the postings were made from
    return part


@click.command("screen", context_settings=CONTEXT)
@click.argument("name")
@click.option("--dob", help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--nationality", help="Nationality: ISO alpha-3 (PRK) or a country name.")
@click.option("--id", "identifiers", multiple=True, help="Passport, national ID or IMO number (repeatable).")
@click.option("--schema", type=SCHEMA_CHOICE, default="thing", show_default=True)
@click.option("--lists", multiple=True, type=click.Choice(LISTS), help="Lists to screen against (default: all).")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="Candidates to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {query, results}.")
def screen_command(name: str, dob: str | None, nationality: str | None, identifiers: tuple[str, ...], schema: str,
                   lists: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Screen a name against the sanctions lists, best match first, with an explanation.

    \b
    Example:
        rightsdesk screen "Cho Yong Won" --json
        rightsdesk screen "최휘"
        rightsdesk screen "Kim Yong Chol" --dob 1962-02-18 --nationality PRK --schema person
    """
    from rightsdesk.screening.query import ScreeningQuery
    from rightsdesk.screening.scoring import screen

    query = ScreeningQuery.build(name, dob=dob, nationality=nationality, identifiers=identifiers, schema=schema,
                                 lists=lists or None)
    result = screen(stored_index(query) or load_index(query.lists), query, limit=limit)
    if as_json:
        click.echo(json_text(result))
        return
    for row in result["results"]:
        flag = "MATCH" if row["match"] else "     "
        click.echo(f"{flag} {row['score']:.3f}  {row['list']:<9} {row['reference_number']:<10} {row['name']}")
        click.echo(f"{'':>18}name {row['explanation'][0]['value']:.2f}: {row['explanation'][0]['detail']}")
        for feature in row["explanation"][1:]:
            click.echo(f"{'':>18}{feature['weight'] * feature['value']:+.2f} {feature['description']}")
    if not result["results"]:
        click.echo("no candidates")


@click.command("screen-file", context_settings=CONTEXT)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("--lists", multiple=True, type=click.Choice(LISTS), help="Lists to screen against (default: all).")
@click.option("--workers", type=int, default=1, show_default=True, help="Processes to screen on.")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="Candidates per row.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, an object per input row, in order.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV: the input row and its best result (default).")
def screen_file_command(path: Path, lists: tuple[str, ...], workers: int, limit: int, as_json: bool,
                        as_csv: bool) -> None:
    """Screen every row of a CSV file (a `name` column; optional `dob`, `nationality`, `schema`, `aliases`,
    `passport` or `identifiers`; results name the input line).

    \b
    Example:
        rightsdesk screen-file staff.csv --json > results.json
        rightsdesk screen-file - --csv < names.csv
    """
    from rightsdesk.screening.batch import screen_many

    rows, lines, queries = read_queries(path, lists or None)
    index = load_index(lists or None)
    with click.progressbar(length=len(queries), label="screening", file=sys.stderr) as bar:
        results = screen_many(index, queries, workers=workers, limit=limit, progress=bar.update)
    if as_json:
        traced = [{"line": line, "input": row, **result} for row, line, result in zip(rows, lines, results, strict=True)]
        click.echo(json_text(traced))
    else:
        write_csv(rows, lines, results)


def read_queries(path: Path, lists: Sequence[str] | None) -> tuple[list[dict[str, str]], list[int], list[ScreeningQuery]]:
    """Read the CSV rows and build a query per row (`screening.csvfile.parse_queries`); InputError names the file
    and line. Returns the rows, the line each starts on, and the queries."""
    from rightsdesk.screening.csvfile import decode, parse_queries

    raw = sys.stdin.buffer.read() if str(path) == "-" else _read_bytes(path)
    where = "standard input" if str(path) == "-" else str(path)
    return parse_queries(decode(raw, where), str(path), lists)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


def write_csv(rows: list[dict[str, str]], lines: list[int], results: list[dict[str, Any]]) -> None:
    """The input columns, then the input line and the best result (`screening.csvfile.result_rows`). A cell that
    could start a formula (=, +, - or @, see `export.inert_cell`) gets a leading apostrophe: a spreadsheet shows it
    and runs nothing."""
    from rightsdesk.screening.csvfile import result_rows

    columns, out = result_rows(rows, lines, results)
    write_rows(sys.stdout, out, columns)  # through the one exporter: a formula in the input stays text
