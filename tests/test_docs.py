"""The docs stay honest: every command, ingestor and setting is named in README.md or docs/."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from rightsdesk.cli import cli

ROOT = Path(__file__).parent.parent
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))])


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, command in sorted(group.commands.items()):
        out.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix}{name} ")
    return out


@pytest.mark.parametrize("command", _commands(cli))
def test_every_command_is_documented(command: str) -> None:
    assert f"rightsdesk {command}" in DOCS, f"`rightsdesk {command}` is not in README.md or docs/"


def test_every_ingestor_is_documented() -> None:
    ingest = cli.commands["ingest"]
    kinds = next(p for p in ingest.params if p.name == "kind").type.choices  # type: ignore[attr-defined]
    for kind in kinds:
        assert f"ingest {kind}" in DOCS or f"`{kind}`" in DOCS, f"ingestor {kind} is not in README.md or docs/"


def test_every_setting_is_documented() -> None:
    import dataclasses

    from rightsdesk.settings import Settings

    for f in dataclasses.fields(Settings):
        assert f"RIGHTSDESK_{f.name.upper()}" in DOCS, f"setting RIGHTSDESK_{f.name.upper()} is not documented"
