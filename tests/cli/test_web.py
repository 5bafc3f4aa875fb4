"""`rightsdesk serve --workers 4` on PostgreSQL: 200 requests, no error, no worker lost (issue 9, defect 1).

A smaller run of bench/soak.py (which makes 1,000 requests) over the fixture files; the script is run as a
subprocess, so the bench and this test cannot drift apart.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rightsdesk.store import Store
from tests.conftest import ENGINES
from tests.store.test_load import load_samples

SOAK = Path(__file__).resolve().parents[2] / "bench" / "soak.py"


@pytest.mark.slow
@pytest.mark.parametrize("schema_url", [ENGINES[1]], indirect=True)
def test_four_workers_on_postgresql_survive_a_soak(schema_url: str) -> None:
    store = Store.open(schema_url)
    load_samples(store)
    store.close()
    done = subprocess.run([sys.executable, str(SOAK), schema_url, "--requests", "200", "--workers", "4", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.stdout, done.stderr
    figures = json.loads(done.stdout.splitlines()[-1])
    assert figures["requests"] == 200
    assert figures["errors"] == 0, figures["error_examples"]
    assert len(figures["worker_pids_before"]) == 4, figures
    assert figures["worker_pids_after"] == figures["worker_pids_before"], figures["server_stderr"]
    assert figures["lost_workers"] == 0 and done.returncode == 0, figures
