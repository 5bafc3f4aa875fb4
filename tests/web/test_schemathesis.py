"""Schemathesis against /openapi.json.

- In process: generated requests to every endpoint find no server error (5xx).
- Against a live `rightsdesk serve` on loopback: `st run --checks all` (every check schemathesis has: the
  document and the server agree on what is accepted and rejected, on statuses, content types, headers and
  response schemas, and undeclared methods get 405 with Allow), bounded by examples per operation, passes.

Runs on SQLite over the fixture files; the PostgreSQL half of the API is covered by test_api.py. The live
run (about 1,330 requests) is marked slow.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from tests.web.conftest import load_samples  # noqa: E402


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from rightsdesk.store import Store
    from rightsdesk.web import create_app

    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('st')}/st.db")
    load_samples(store)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return schemathesis.openapi.from_asgi("/openapi.json", create_app(store))


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_is_generated(api_schema: Any) -> None:
    assert len(_operations(api_schema)) == len(api_schema.raw_schema["paths"]) >= 15


def test_no_server_error(api_schema: Any) -> None:
    """Each operation, with generated valid and invalid parameters: no answer is a 5xx.

    (schemathesis's own pytest plugin does not run under pytest 9, so the strategies are driven here.)
    """
    for operation in _operations(api_schema):
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            assert response.status_code < 500, (case.formatted_path, response.text[:200])

        check()


EXAMPLES = os.environ.get("RIGHTSDESK_SCHEMATHESIS_EXAMPLES", "5")  # per operation; the coverage phase adds its own


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.stdout.read().decode() if server.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"no answer from {url} in {seconds} s")


@pytest.mark.slow
def test_every_check_passes_against_a_live_server(tmp_path: Path) -> None:
    """`st run --checks all`, one worker (CPython 3.11.7's ast.parse is not thread-safe: schemathesis's own
    reporting crashed with several), fixed seed, examples bounded."""
    from rightsdesk.store import Store

    st = Path(sys.executable).parent / "st"
    if not st.is_file():
        pytest.skip("schemathesis's st command is not installed beside this Python")
    url = f"sqlite:///{tmp_path / 'st.db'}"
    store = Store.create(url)
    load_samples(store)
    store.close()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(Path(__file__).parents[2] / "src"),
                                                                    os.environ.get("PYTHONPATH", "")) if p)}
    server = subprocess.Popen([sys.executable, "-m", "rightsdesk", "--db", url, "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/api/v1/stats", server)
        run = subprocess.run([str(st), "run", f"{base}/openapi.json", "--checks", "all", "-n", EXAMPLES,
                              "--seed", "8", "--phases", "examples,coverage,fuzzing", "--workers", "1",
                              "--generation-database", "none", "--suppress-health-check", "all", "--no-color",
                              "--max-failures", "20", "--request-timeout", "30"],
                             capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
        assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
        assert " passed" in run.stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
