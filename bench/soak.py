"""Soak: `rightsdesk serve --workers 4` on PostgreSQL answers 1,000 requests and loses no worker (issue 9).

Usage:  .venv/bin/python bench/soak.py [URL] [--requests 1000] [--workers 4] [--concurrency 8] [--json]

With no URL, a database of its own is made on the PostgreSQL server at RIGHTSDESK_TEST_PG_URL (default
postgresql://postgres@127.0.0.1:5432/postgres), migrated and loaded with the trimmed fixture files
(tests/fixtures) by `rightsdesk db upgrade` and `rightsdesk ingest`, and dropped at the end; a URL names a store
that already holds data (a full `rightsdesk build`, say), which is only read.

Starts `rightsdesk serve --workers N` on a free loopback port, waits until every worker process is up and the
server answers, notes the workers' process ids, then sends `--requests` GETs over `--concurrency` connections,
each on a connection of its own (`Connection: close`, so the kernel hands them to every worker in turn), cycling
through pages and API calls. Prints requests, errors (a status other than 200, or no answer), the worker ids
before and after (uvicorn's supervisor replaces a worker that dies, so a lost worker shows as a changed id),
and the median and p95 latency in ms. Exits 1 when a request failed or a worker was lost.

The defect this guards (issue 9, defect 1): opening the store used to migrate, so four workers opening one
PostgreSQL database at once collided on `country_pkey` and some died at start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = [("upr-info", FIXTURES / "upr_sample.csv"), ("unvotes", FIXTURES / "unvotes"),
           ("un-sc-list", FIXTURES / "un_list_sample.xml"), ("ofac-sdn", FIXTURES / "ofac-sdn")]
PG_URL = os.environ.get("RIGHTSDESK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Pages and API calls that answer 200 on the fixture files and on a full build alike.
PATHS = ["/api/v1/stats", "/api/v1/recommendations?limit=20", "/api/v1/recommendations?q=torture",
         "/api/v1/recommendations/facets", "/api/v1/votes", "/api/v1/designations?limit=20",
         "/api/v1/search?q=korea", "/timeline", "/recommendations", "/votes", "/designations", "/mechanisms",
         "/openapi.json"]


def _env() -> dict[str, str]:
    """This environment, with the checkout's src/ first on the path, for the commands and the server."""
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def rightsdesk(url: str, *args: str) -> None:
    """Run one `rightsdesk` command on `url`; stop with its output when it fails."""
    done = subprocess.run([sys.executable, "-m", "rightsdesk", "--db", url, *args], capture_output=True,
                          text=True, env=_env())
    if done.returncode:
        raise SystemExit(f"rightsdesk {' '.join(args)} failed ({done.returncode}): {done.stdout}{done.stderr}")


@contextmanager
def fixture_database() -> Iterator[str]:
    """A PostgreSQL database of its own holding the fixture files, dropped afterwards."""
    import psycopg

    base = PG_URL.replace("postgresql+psycopg", "postgresql")
    name = f"rightsdesk_soak_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + f"/{name}"
    try:
        rightsdesk(url, "db", "upgrade")
        for kind, path in SAMPLES:
            rightsdesk(url, "ingest", kind, str(path))
        yield url
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    """The ids of the processes `pid` started (Linux /proc)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def worker_pids(server: int) -> list[int]:
    """The server's worker processes: its children that run the app (not multiprocessing's resource tracker)."""
    workers = []
    for pid in _children(server):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"resource_tracker" not in cmdline:
            workers.append(pid)
    return sorted(workers)


async def _get(port: int, path: str) -> tuple[int, float]:
    """One GET on a connection of its own: (status, or 0 when there was no answer; milliseconds)."""
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        raw = await asyncio.wait_for(reader.read(-1), timeout=60)
        writer.close()
        status = int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.1 ") else 0
    except (TimeoutError, OSError, ValueError, IndexError):
        status = 0
    return status, (time.perf_counter() - started) * 1000


async def soak(port: int, requests: int, concurrency: int) -> list[tuple[str, int, float]]:
    """`requests` GETs over `concurrency` connections at a time, cycling through PATHS: (path, status, ms)."""
    queue = [PATHS[i % len(PATHS)] for i in range(requests)]
    results: list[tuple[str, int, float]] = []

    async def client() -> None:
        while queue:
            path = queue.pop()
            status, ms = await _get(port, path)
            results.append((path, status, ms))

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return results


def _wait_until_up(server: subprocess.Popen[bytes], port: int, workers: int, seconds: float = 120) -> list[int]:
    """Wait for every worker and an answer; the worker ids."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped ({server.returncode}) before it answered")
        pids = worker_pids(server.pid) if workers > 1 else [server.pid]
        if len(pids) >= workers and asyncio.run(_get(port, "/api/v1/stats"))[0] == 200:
            return pids
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer with {workers} workers in {seconds:.0f} s")


def run(url: str, requests: int, workers: int, concurrency: int) -> dict[str, object]:
    """Serve `url` with `workers` processes, soak it, stop it: the figures as a dict."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "rightsdesk", "--db", url, "serve", "--port", str(port),
                               "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=_env())
    try:
        before = _wait_until_up(server, port, workers)
        started = time.perf_counter()
        results = asyncio.run(soak(port, requests, concurrency))
        seconds = time.perf_counter() - started
        time.sleep(1)  # a worker that died on the last request has been noticed and replaced by now
        after = worker_pids(server.pid) if workers > 1 else [server.pid]
        alive = server.poll() is None
    finally:
        server.terminate()
        try:
            _, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    times = [ms for _, _, ms in results]
    errors = [(path, status) for path, status, _ in results if status != 200]
    return {"requests": len(results), "errors": len(errors), "error_examples": sorted(set(errors))[:10],
            "workers": workers, "worker_pids_before": before, "worker_pids_after": after,
            "lost_workers": len(set(before) - set(after)) + (not alive), "seconds": round(seconds, 2),
            "requests_per_second": round(len(results) / seconds, 1),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(statistics.quantiles(times, n=20)[-1], 1),
            "server_stderr": err.decode(errors="replace")[-2000:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="a store that holds data; default: a fresh PostgreSQL database "
                                               "loaded with the fixture files")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    load = os.getloadavg()
    if args.url:
        figures = run(args.url, args.requests, args.workers, args.concurrency)
    else:
        with fixture_database() as url:
            figures = run(url, args.requests, args.workers, args.concurrency)
    figures["load_average"] = [round(x, 2) for x in load]
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            if key != "server_stderr" or value:
                print(f"{key:>22}: {value}")
    return 1 if figures["errors"] or figures["lost_workers"] else 0


if __name__ == "__main__":
    sys.exit(main())
