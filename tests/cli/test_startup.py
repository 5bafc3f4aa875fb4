"""Start-up: `rightsdesk --help` loads no database or numeric library (each costs a tenth of a second or more of
every command's start), nor the screening index, the situation's records or the ingestors, which only their
commands need. Which modules are loaded is checked, never how long it took (bench/startup.py times it)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "alembic", "numpy", "scipy", "pandas")
LAZY = ("rightsdesk.screening.index", "rightsdesk.matching.romanization", "rightsdesk.situation.records",
        "rightsdesk.store.migrate", "rightsdesk.ingest")

PROBE = """
import sys
from rightsdesk.cli import cli
try:
    cli(sys.argv[1:], prog_name="rightsdesk")
except SystemExit:
    pass
print(" ".join(sorted({n.split(".")[0] for n in sys.modules} & set(HEAVY) | set(LAZY) & set(sys.modules))))
"""


def _loaded(*args: str) -> set[str]:
    code = f"HEAVY = {HEAVY!r}\nLAZY = {LAZY!r}\n" + PROBE
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         env={**os.environ, "RIGHTSDESK_DB_URL": "sqlite://"}).stdout
    return set(out.splitlines()[-1].split())


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["screen", "--help"], ["stats", "--help"]])
def test_help_loads_no_database_or_numeric_library(args: list[str]) -> None:
    assert _loaded(*args) == set()


def test_the_probe_sees_a_command_that_opens_a_store() -> None:
    loaded = _loaded("stats")  # the check above can fail: a real command loads SQLAlchemy ...
    assert "sqlalchemy" in loaded
    assert "alembic" not in loaded and "rightsdesk.store.migrate" not in loaded  # ... but opening needs no Alembic
