"""The command-line interface: thin commands over the library, errors turned into exit codes in one place.

Every RightsdeskError becomes a one-line message on stderr and the exit code of its kind (`errors.EXIT_CODES`:
2 bad input, 3 not found, 4 permission, 5 conflict, 6 store, 64 usage), in `RightsdeskGroup.invoke`; nothing
else catches them.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from rightsdesk import __version__
from rightsdesk.cli import accounts, cases, estimate, lists, machinery, publish, screening, tagging, web
from rightsdesk.cli import data as data_commands
from rightsdesk.cli import db as db_commands
from rightsdesk.cli import links as link_commands
from rightsdesk.cli import search as search_commands
from rightsdesk.cli.common import CONTEXT
from rightsdesk.errors import RightsdeskError, exit_code


class RightsdeskGroup(click.Group):
    """A click group whose commands report RightsdeskError as `error: ...` with its exit code, and end quietly with 0
    when the reader closes the pipe (`rightsdesk timeline PRK | head`)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # distinct from bad input (2): see errors.EXIT_CODES
            exc.show()
            sys.exit(64)
        except RightsdeskError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exit_code(exc))
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
            sys.exit(0)


@click.group(cls=RightsdeskGroup, context_settings=CONTEXT)
@click.option("--db", metavar="URL", envvar="RIGHTSDESK_DB_URL",
              help="Database URL: sqlite:///path.db (default: ./rightsdesk.db) or postgresql://user@host/db. "
                   "Also read from RIGHTSDESK_DB_URL.")
@click.option("--situation", metavar="DIR", envvar="RIGHTSDESK_SITUATION",
              help="A situation pack's folder, read instead of the bundled one (the DPRK). It is checked first "
                   "(`situation validate`) and refused with its problems (exit 2). Also read from RIGHTSDESK_SITUATION.")
@click.version_option(__version__, "-V", "--version", prog_name="rightsdesk")
@click.pass_context
def cli(ctx: click.Context, db: str | None, situation: str | None) -> None:
    """rightsdesk: the UN human rights system as software, one country situation at a time.

    \b
    Example:
        rightsdesk build
        rightsdesk overview PRK
        rightsdesk recommendations --to PRK --cycle 2 --response supported
        rightsdesk --situation my-pack/ timeline MMR
    """
    if situation:
        from rightsdesk.datafiles import use_situation
        from rightsdesk.situation.pack import use_pack

        use_pack(situation)
        ctx.call_on_close(lambda: use_situation(None))  # a process running several commands (tests) starts afresh


for _commands in (data_commands, db_commands, link_commands, machinery, screening, tagging, web, accounts, cases, estimate,
                  lists, publish, search_commands):
    _commands.register(cli)


def main() -> None:
    """Entry point of the `rightsdesk` console script."""
    cli(prog_name="rightsdesk")
