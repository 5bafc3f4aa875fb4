"""Throughput and latency under concurrent load: `rightsdesk serve --workers 2` beside Datasette on the same data.

Usage:  .venv/bin/python bench/load.py path/to/rightsdesk.db [--seconds 5] [--concurrency 20] [--workers 2]
            [--repeats 1] [--warmup 5] [--before OTHER/src]

Copies a built SQLite database (`rightsdesk build`), gives the copy the full-text table Datasette expects (as
bench/facets.py does), starts `rightsdesk serve --workers N` and `datasette serve` on it over loopback, and for
each query asked of both (the same filter, search or record, as each serves it) runs `--concurrency` keep-alive
connections for `--seconds`, one query at a time, first against rightsdesk and then against Datasette. Prints
requests per second, median and p95 latency in ms, failures (any status but 200), and the throughput ratio
rightsdesk/Datasette. Pages and endpoints Datasette has no counterpart for are measured for rightsdesk alone.
With `--before DIR` a second rightsdesk server runs the code in DIR (another checkout's src/, e.g. the main
branch's) on the same copy, measured just before this one on each query, so that a change is judged in one
machine state; with `--repeats N` each query is measured N times in turn on each server and the medians printed.
Each rightsdesk server first answers every query for `--warmup` seconds in all (its workers' first requests, the
screening index they build in the background), so that the figures are of a server in its steady state.
The load generator (bare asyncio HTTP/1.1) shares the machine's cores with the servers: the figures are floors.
Targets (issue 15, 8): every page and API call >= 300 requests/s, search >= 100 requests/s with p95 <= 100 ms at
20 clients, and at least Datasette's throughput on the same queries. Datasette is in the dev extra only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from facets import _datasette, _prepare  # noqa: E402  (bench/facets.py: Datasette over a prepared copy)

from web import p95, start  # noqa: E402  (bench/web.py: the server)

DB = "bench"  # the copy's name, and so Datasette's database name
# (label, rightsdesk path, Datasette path or None)
PAIRS: list[tuple[str, str, str | None]] = [
    ("API list: recommendations to PRK", "/api/v1/recommendations?to=PRK&limit=50",
     f"/{DB}/upr_recommendation.json?to_state=PRK&_size=50"),
    ("API search: q=torture", "/api/v1/recommendations?q=torture&limit=50",
     f"/{DB}/upr_recommendation.json?_search=torture&_size=50"),
    ("API record: designation KPi.043", "/api/v1/designations/KPi.043?list=un",
     f"/{DB}/designation.json?reference_number=KPi.043&list_name=un"),
    ("API list: roll calls", "/api/v1/votes?limit=50", f"/{DB}/roll_call.json?_size=50"),
    ("page: recommendations to PRK", "/recommendations?to=PRK", f"/{DB}/upr_recommendation?to_state=PRK"),
    ("page: search torture", "/recommendations?q=torture", f"/{DB}/upr_recommendation?_search=torture"),
    ("API search across kinds: korea", "/api/v1/search?q=korea", None),
    ("page: country PRK", "/country/PRK", None),
]


async def _read_response(reader: asyncio.StreamReader) -> bytes:
    """One HTTP/1.1 response's status line (the body read by its length, or chunk by chunk)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines[1:] if line)}
    if b"content-length" in headers:
        await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return lines[0]


async def _client(port: int, path: str, deadline: float, times: list[float]) -> int:
    """One keep-alive connection sending GETs of `path` until `deadline`; each latency appended; failures."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    failed = 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        writer.write(request)
        status = await _read_response(reader)
        times.append((time.perf_counter() - started) * 1000)
        failed += not status.startswith(b"HTTP/1.1 200")
    writer.close()
    return failed


async def load(base: str, path: str, seconds: float, concurrency: int) -> tuple[float, float, float, int]:
    """(requests/s, median ms, p95 ms, failures) of `concurrency` connections on `path` for `seconds`."""
    port = int(base.rsplit(":", 1)[1])
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    failed = await asyncio.gather(*(_client(port, path, deadline, times) for _ in range(concurrency)))
    return len(times) / seconds, statistics.median(times), p95(times), sum(failed)


def _measure(base: str, path: str, args: argparse.Namespace) -> tuple[float, float, float, int]:
    asyncio.run(load(base, path, 1.0, 2))  # warm-up: caches, the index, each worker's first connection
    return asyncio.run(load(base, path, args.seconds, args.concurrency))


def _medians(runs: list[tuple[float, float, float, int]]) -> tuple[float, float, float, int]:
    """The median of each figure over repeated runs (failures summed)."""
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            statistics.median(r[2] for r in runs), sum(r[3] for r in runs))


def _cells(a: tuple[float, float, float, int]) -> str:
    return f" {a[0]:10.0f} {a[1]:6.1f} {a[2]:6.1f} {a[3]:4d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a SQLite database made by `rightsdesk build`")
    parser.add_argument("--seconds", type=float, default=5, help="of load per query and server")
    parser.add_argument("--concurrency", type=int, default=20, help="keep-alive client connections")
    parser.add_argument("--workers", type=int, default=2, help="rightsdesk server processes")
    parser.add_argument("--skip-datasette", action="store_true")
    parser.add_argument("--before", metavar="DIR", help="also serve the code in DIR (another checkout's src/)")
    parser.add_argument("--repeats", type=int, default=1, help="runs per query and server; medians printed")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of every query on each server first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / f"{DB}.db"
        _prepare(Path(args.db), copy)
        before, before_base = start(f"sqlite:///{copy}", args.workers, pythonpath=args.before) if args.before \
            else (None, "")
        ours, our_base = start(f"sqlite:///{copy}", args.workers)
        theirs, their_base = (None, "") if args.skip_datasette else _datasette(copy)
        try:
            for base in (before_base, our_base):  # each worker's first answers, the screening index built
                if base:
                    for _, path, _ in PAIRS:
                        asyncio.run(load(base, path, args.warmup / len(PAIRS), args.concurrency))
            print(f"{args.concurrency} connections, {args.seconds:.0f} s per query and server, medians of "
                  f"{args.repeats} run(s), rightsdesk with {args.workers} workers, Datasette with its defaults; "
                  f"{os.cpu_count()} cores shared with the load generator")
            head = f"{'query':<34}"
            if before is not None:
                head += f" {'before req/s  p50  p95 fail':>30}"
            print(head + f" {'rightsdesk req/s  p50  p95 fail':>33} {'Datasette req/s  p50  p95 fail':>33} "
                  f"{'ratio':>6}" + (f" {'after/before':>12}" if before is not None else ""))
            for label, mine, other in PAIRS:
                runs: dict[str, list[tuple[float, float, float, int]]] = {"before": [], "ours": [], "theirs": []}
                for _ in range(args.repeats):
                    if before is not None:
                        runs["before"].append(_measure(before_base, mine, args))
                    runs["ours"].append(_measure(our_base, mine, args))
                    if other and theirs is not None:
                        runs["theirs"].append(_measure(their_base, other, args))
                a = _medians(runs["ours"])
                row = f"{label:<34}" + (_cells(_medians(runs["before"])).rjust(30)
                                        if before is not None else "") + _cells(a)
                if runs["theirs"]:
                    b = _medians(runs["theirs"])
                    row += f"    {_cells(b)} {a[0] / max(b[0], 1e-9):6.2f}"
                elif before is not None:
                    row += " " * 46
                if before is not None:
                    row += f" {a[0] / max(_medians(runs['before'])[0], 1e-9):12.2f}"
                print(row, flush=True)
        finally:
            for proc in (before, ours, theirs):
                if proc is not None:
                    proc.terminate()
                    proc.wait(10)

if __name__ == "__main__":
    main()
