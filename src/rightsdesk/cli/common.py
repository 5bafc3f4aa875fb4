"""What every command shares: the store from `--db`, and output as a table, JSON or CSV."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rightsdesk.export import json_text, write_csv

if TYPE_CHECKING:
    from rightsdesk.store import ReadSession, Store

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


def get_store(ctx: click.Context | None = None, *, loaded: bool = False, write: bool = False) -> Store:
    """The store named by `--db` (or RIGHTSDESK_DB_URL, or the default SQLite file), opened once per run.

    Opening never writes. `write` is for the commands that write anyway (build, ingest, db upgrade): the schema
    is created or upgraded first. `loaded` is for the commands that query what was built: a SQLite file that
    does not exist, a database at an older schema, or one holding no source yet, is a SchemaError telling the
    user what to run, not a silent empty answer.
    """
    from sqlalchemy.engine import make_url

    from rightsdesk.access import SYSTEM
    from rightsdesk.errors import SchemaError
    from rightsdesk.settings import Settings
    from rightsdesk.store import Store
    from rightsdesk.store.readers.sources import source_count

    root = (ctx or click.get_current_context()).find_root()
    obj = root.ensure_object(dict)
    url = Settings.from_env(root.params.get("db")).db_url
    if loaded and "store" not in obj:
        try:
            parsed = make_url(url)
        except Exception:  # a malformed URL is reported by Store.open below
            parsed = None
        path = parsed.database if parsed is not None and parsed.get_backend_name() == "sqlite" else None
        if path and path != ":memory:" and not path.startswith("file:") and not Path(path).exists():
            raise SchemaError(f"no database at {path}: run `rightsdesk build` first (or give --db the one you built)")
    if "store" not in obj:
        obj["store"] = Store.open(url)
    store: Store = obj["store"]
    if write and not obj.get("upgraded"):
        store.upgrade()
        obj["upgraded"] = True
    if loaded:
        store.require_current()
        with store.reading(SYSTEM) as session:
            if not source_count(session):
                raise SchemaError(f"the database {store.display_url} holds no data yet: run `rightsdesk build` "
                                  "first (or give --db the one you built)")
    return store


@contextmanager
def public_reading(ctx: click.Context | None = None, *, loaded: bool = True) -> Iterator[ReadSession]:
    """A read of the public data of the store named by `--db` (`get_store`): the command line reads it as
    anyone may (ANONYMOUS); case data are read through `sign_in` and the guarded readers instead."""
    from rightsdesk.access import ANONYMOUS

    with get_store(ctx, loaded=loaded).reading(ANONYMOUS) as session:
        yield session


def output_options(func: F) -> F:
    """Add --json and --csv to a query command."""
    func = click.option("--csv", "as_csv", is_flag=True, help="Print CSV (one row per record).")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)
    return func


def emit(data: Any, *, as_json: bool = False, as_csv: bool = False, columns: Sequence[str] | None = None,
         table: Callable[[Any], None] | None = None) -> None:
    """Print `data` as JSON, CSV (a list of dicts, through `rightsdesk.export`: lists joined with '; ', anything
    nested as JSON, formulas made inert) or with the command's own `table`."""
    if as_json or (not as_csv and table is None):
        click.echo(json_text(data))
    elif as_csv:
        rows = data if isinstance(data, list) else [data]
        write_csv(sys.stdout, rows, list(columns or (rows[0].keys() if rows else [])))
    elif table is not None:
        table(data)


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], widths: Sequence[int]) -> None:
    """A plain fixed-width table of `rows`, long cells cut to their column's width."""
    click.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        cells = []
        for c, w in zip(columns, widths, strict=True):
            value = row.get(c)
            text = "; ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
            cells.append((text[: w - 1] + "…" if len(text) > w else text).ljust(w))
        click.echo("  ".join(cells).rstrip())
    click.echo(f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})", err=True)
