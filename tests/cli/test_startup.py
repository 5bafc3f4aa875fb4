"""Start-up: `rightsdesk --help` loads no database or numeric library (each costs a tenth of a second or more of
every command's start). Which modules are loaded is checked, never how long it took (bench/startup.py times it)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "alembic", "numpy", "scipy", "pandas")

PROBE = """
import sys
from rightsdesk.cli import cli
try:
    cli(sys.argv[1:], prog_name="rightsdesk")
except SystemExit:
    pass
print(" ".join(sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))))
"""


def _loaded(*args: str) -> set[str]:
    code = f"HEAVY = {HEAVY!r}\n" + PROBE
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         env={**os.environ, "RIGHTSDESK_DB_URL": "sqlite://"}).stdout
    return set(out.splitlines()[-1].split())


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["screen", "--help"], ["stats", "--help"]])
def test_help_loads_no_database_or_numeric_library(args: list[str]) -> None:
    assert _loaded(*args) == set()


def test_the_probe_sees_a_command_that_opens_a_store() -> None:
    assert {"sqlalchemy"} <= _loaded("stats")  # the check above can fail: a real command loads SQLAlchemy
