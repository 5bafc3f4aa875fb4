"""The `publish` command: a public-only SQLite copy of the store (`store.publish`), ready for Datasette."""

from __future__ import annotations

from pathlib import Path

import click

from rightsdesk.cli.common import CONTEXT, get_store


@click.command("publish", context_settings=CONTEXT)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_context
def publish_cmd(ctx: click.Context, path: Path, force: bool) -> None:
    """Write the public UN tables of the store to a new SQLite file, for Datasette or the workbench's SQL page.

    Recommendations, votes, designations, links, labels and sources enter; case records, accounts, the audit
    log, reviewers' judgements and labels given by a person never do. The file is written whole or not at all.

    \b
    Example:
        rightsdesk publish public.db
        datasette public.db
        rightsdesk serve --public-db public.db
    """
    from rightsdesk.access import SYSTEM
    from rightsdesk.store.publish import publish

    store = get_store(ctx, loaded=True)
    with store.reading(SYSTEM) as session:
        counts = publish(session.conn, path, overwrite=force)
    click.echo(f"wrote {path}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items() if n), err=True)


def register(group: click.Group) -> None:
    """Add `publish` to `group`."""
    group.add_command(publish_cmd)
