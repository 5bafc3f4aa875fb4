"""Every command answers -h with an example, and errors come back as exit code 2 with a message."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "-h"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_top_level_help_lists_the_spine_commands() -> None:
    result = CliRunner().invoke(cli, ["-h"])
    for name in ("build", "ingest", "stats", "recommendations", "votes", "designations"):
        assert name in result.output


def test_unknown_country_code_exits_2(tmp_path: object) -> None:
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/x.db", "recommendations", "--to", "XYZ"])
    assert result.exit_code == 2 and "unknown country 'XYZ'" in result.output
