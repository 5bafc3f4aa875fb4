"""`rightsdesk db`: the database's schema. Opening a store never changes it; `db upgrade` does."""

from __future__ import annotations

import click

from rightsdesk.cli.common import CONTEXT, emit, get_store


@click.group("db", context_settings=CONTEXT)
def db_group() -> None:
    """The database's schema: see where it stands, bring it up to date.

    \b
    Example:
        rightsdesk db status
        rightsdesk db upgrade
    """


@db_group.command("status", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """The schema revision the database is at and the one this rightsdesk expects. Changes nothing.

    \b
    Example:
        rightsdesk --db postgresql://localhost/rightsdesk db status --json
    """
    store = get_store(ctx)
    at, head = store.revision()
    state = "missing" if at is None else "current" if at == head else "behind"
    data = {"database": store.display_url, "revision": at, "head": head, "state": state}
    emit(data, as_json=as_json, table=lambda d: click.echo(
        f"{d['database']}: revision {d['revision'] or 'none'} (this rightsdesk: {d['head']}), {d['state']}"))


@db_group.command("upgrade", context_settings=CONTEXT)
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Create the schema in an empty database, or migrate an older one in place, keeping its data; bring the
    reference data (the country table) up to date.

    \b
    Example:
        rightsdesk db upgrade
    """
    store = get_store(ctx)
    done = store.upgrade()
    at, _ = store.revision()
    click.echo(f"{store.display_url}: schema {done} (revision {at})")


def register(group: click.Group) -> None:
    """Add `db` to `group`."""
    group.add_command(db_group)
