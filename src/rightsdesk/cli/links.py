"""Commands for the reviewed table of cross-list links (UN 1718 records ↔ SDN DPRK-program entries)."""

from __future__ import annotations

import click

from rightsdesk.cli.common import CONTEXT, emit, get_store, output_options, print_table

LINK_COLUMNS = ["id", "left_list", "left_ref", "right_list", "right_ref", "score", "status", "decided_by", "decided_at",
                "evidence"]


@click.command(context_settings=CONTEXT)
@click.option("--status", type=click.Choice(["proposed", "accepted", "rejected"]), help="Only links of this status.")
@click.option("--refresh", is_flag=True, help="Propose links again from the lists in the store first.")
@output_options
@click.pass_context
def links(ctx: click.Context, status: str | None, refresh: bool, as_json: bool, as_csv: bool) -> None:
    """The cross-list links between UN 1718 records and SDN entries of the DPRK programs, with evidence.

    `build` proposes them; a reviewer accepts or rejects each with `link-decide`.

    \b
    Example:
        rightsdesk links --status proposed
        rightsdesk links --refresh --json
    """
    from rightsdesk.pipeline import refresh_links
    from rightsdesk.store.links import list_links

    if refresh:
        done = refresh_links(get_store(ctx, loaded=True))
        click.echo(f"links: {done.new} new, {done.refreshed} refreshed, {done.dropped} dropped", err=True)
    with get_store(ctx, loaded=True).engine.connect() as conn:
        rows = list_links(conn, status)
    emit(rows, as_json=as_json, as_csv=as_csv, columns=LINK_COLUMNS,
         table=lambda d: print_table(d, ["id", "left_ref", "right_ref", "score", "status", "decided_by"],
                                     [33, 10, 10, 6, 9, 20]))


@click.command("link-decide", context_settings=CONTEXT)
@click.argument("link")
@click.argument("decision", type=click.Choice(["accept", "reject"]))
@click.option("--by", required=True, metavar="NAME", help="Who decides (stored with the time).")
@click.option("--change", is_flag=True, help="Replace an earlier decision (which stays on record in the evidence).")
@click.pass_context
def link_decide(ctx: click.Context, link: str, decision: str, by: str, change: bool) -> None:
    """Accept or reject the link LINK (its id, or the start of it), recording who decided and when.

    \b
    Example:
        rightsdesk link-decide 3f2a9c accept --by "J. Kim"
    """
    from rightsdesk.store.links import decide

    with get_store(ctx, loaded=True).writing() as conn:  # SQLite: the write lock first; errors become the project's
        row = decide(conn, link, decision + "ed", by, change=change)
    click.echo(f"{row['left_ref']} ↔ {row['right_ref']}: {row['status']} by {row['decided_by']} at {row['decided_at']}")


def register(group: click.Group) -> None:
    """Add the link commands to `group`."""
    group.add_command(links)
    group.add_command(link_decide)
