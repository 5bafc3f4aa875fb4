"""The `serve` command: the workbench and JSON API on a local port."""

from __future__ import annotations

import os
from pathlib import Path

import click

from rightsdesk.cli.common import CONTEXT, get_store


@click.command("serve", context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to bind.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (one per core serves the most requests).")
@click.option("--public-db", type=click.Path(dir_okay=False, exists=True, path_type=Path), envvar="RIGHTSDESK_PUBLIC_DB",
              help="A public copy made by `rightsdesk publish`: the /sql page queries it (read-only).")
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, workers: int, public_db: Path | None) -> None:
    """Serve the workbench (pages and the JSON API) over the store named by --db.

    \b
    Example:
        rightsdesk build && rightsdesk serve
        rightsdesk --db sqlite:///rightsdesk.db serve --port 8080 --workers 2
        rightsdesk publish public.db && rightsdesk serve --public-db public.db
    """
    import uvicorn

    from rightsdesk.errors import StoreUnavailableError
    from rightsdesk.pipeline import reindex
    from rightsdesk.web import create_app

    store = get_store(ctx, loaded=True)
    try:  # once, before any worker starts; opening the store wrote nothing, so a read-only database still serves
        reindex(store, vectors=False)
    except StoreUnavailableError as exc:
        click.echo(f"warning: the search index was not brought up to date ({exc})", err=True)
    from rightsdesk.web.app import desk_keyring

    app = create_app(store, index=False, keyring=desk_keyring(), public_db=public_db, warm=True)
    click.echo(f"rightsdesk workbench on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    options = {"host": host, "port": port, "log_level": "warning", "server_header": False}
    if workers == 1:
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    os.environ["RIGHTSDESK_DB_URL"] = store.url
    from rightsdesk.datafiles import bundled_situation, situation_folder

    if situation_folder() != bundled_situation():  # the pack checked here (--situation), for every worker
        os.environ["RIGHTSDESK_SITUATION"] = str(situation_folder())
    if public_db is not None:
        os.environ["RIGHTSDESK_PUBLIC_DB"] = str(public_db.resolve())
    uvicorn.run("rightsdesk.web.app:app_from_env", factory=True, workers=workers, **options)  # type: ignore[arg-type]


def register(group: click.Group) -> None:
    """Add `serve` to `group`."""
    group.add_command(serve_cmd)
