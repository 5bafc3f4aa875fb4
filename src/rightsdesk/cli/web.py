"""The `serve` command: the workbench and JSON API on a local port."""

from __future__ import annotations

import click

from rightsdesk.cli.common import CONTEXT, get_store


@click.command("serve", context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to bind.")
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int) -> None:
    """Serve the workbench (pages and the JSON API) over the store named by --db.

    \b
    Example:
        rightsdesk build && rightsdesk serve
        rightsdesk --db sqlite:///rightsdesk.db serve --port 8080
    """
    import uvicorn

    from rightsdesk.web import create_app

    app = create_app(get_store(ctx))
    click.echo(f"rightsdesk workbench on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def register(group: click.Group) -> None:
    """Add `serve` to `group`."""
    group.add_command(serve_cmd)
