"""Throughput and latency under concurrent load: `rightsdesk serve --workers 2` beside Datasette on the same data.

Usage:  .venv/bin/python bench/load.py path/to/rightsdesk.db [--seconds 5] [--concurrency 20] [--workers 2]
            [--repeats 1] [--warmup 5] [--before OTHER/src] [--distinct] [--only-distinct] [--seed 15]

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
With `--distinct` each query is then measured again with every request a different one, so that the response
cache never answers (what a visitor's own searches cost): search terms drawn from a fixed word list (the words
of the recommendation texts that occur at least `MIN_USES` times, shuffled with `--seed`), the list pages'
filters (the state, the session) and page sizes varied, records taken in turn; each server, Datasette included,
is sent the same seeded sequence of queries, continued over its warm-up and repeats so that none is asked twice.
`--only-distinct` measures those alone. Rows are labelled "cached" (the same request over and over: after each
worker's first answer, from memory) and "distinct" (every answer computed).
Targets (issue 15, 8): every page and API call >= 300 requests/s, search >= 100 requests/s with p95 <= 100 ms at
20 clients, and at least Datasette's throughput on the same queries. Datasette is in the dev extra only.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
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

MIN_USES = 20  # a search word occurs in at least this many recommendation texts' words
SIZES = range(10, 51)  # page sizes varied with the terms and filters (the search across kinds takes <= 50)
# (label, rightsdesk path, Datasette path or None, the pool each query's values come from), each with fields
# filled from one draw: {word}, {state}, {session} with {size}; {ref} or {term} (a word) alone
DISTINCT: list[tuple[str, str, str | None, str]] = [
    ("API list: recommendations to STATE", "/api/v1/recommendations?to={state}&limit={size}",
     f"/{DB}/upr_recommendation.json?to_state={{state}}&_size={{size}}", "state"),
    ("API search: q=WORD", "/api/v1/recommendations?q={word}&limit={size}",
     f"/{DB}/upr_recommendation.json?_search={{word}}&_size={{size}}", "word"),
    ("API record: designation REF", "/api/v1/designations/{ref}?list=un",
     f"/{DB}/designation.json?reference_number={{ref}}&list_name=un", "ref"),
    ("API list: roll calls in SESSION", "/api/v1/votes?session={session}&limit={size}",
     f"/{DB}/roll_call.json?session={{session}}&_size={{size}}", "session"),
    ("page: recommendations to STATE", "/recommendations?to={state}&limit={size}",
     f"/{DB}/upr_recommendation?to_state={{state}}&_size={{size}}", "state"),
    ("page: search WORD", "/recommendations?q={word}&limit={size}",
     f"/{DB}/upr_recommendation?_search={{word}}&_size={{size}}", "word"),
    ("API search across kinds: WORD", "/api/v1/search?q={word}&limit={size}", None, "word"),
    ("page: search across kinds: WORD", "/search?q={term}", None, "term"),
]
Paths = Callable[[], Iterator[str]]  # a fresh iterator of the paths to ask, the same sequence each time


def pools(db: Path, seed: int) -> dict[str, list[dict[str, object]]]:
    """The seeded draws of each pool: every combination of a value and a page size, shuffled."""
    with sqlite3.connect(db) as conn:
        counts: dict[str, int] = {}
        for (text,) in conn.execute("SELECT text FROM upr_recommendation"):
            for w in re.findall(r"[a-z]{5,}", text.lower()):
                counts[w] = counts.get(w, 0) + 1
        values: dict[str, list[object]] = {
            "word": sorted(w for w, n in counts.items() if n >= MIN_USES),
            "term": sorted(w for w, n in counts.items() if n >= MIN_USES),
            "state": [r[0] for r in conn.execute("SELECT DISTINCT to_state FROM upr_recommendation ORDER BY 1")],
            "session": [r[0] for r in conn.execute("SELECT DISTINCT session FROM roll_call ORDER BY 1")],
            "ref": [r[0] for r in conn.execute(
                "SELECT reference_number FROM designation WHERE list_name = 'un' ORDER BY 1")],
        }
    drawn: dict[str, list[dict[str, object]]] = {}
    for kind, vals in values.items():
        combos = [{kind: v} for v in vals] if kind in ("ref", "term") else [{kind: v, "size": n} for v in vals for n in SIZES]
        random.Random(f"{seed}-{kind}").shuffle(combos)
        drawn[kind] = combos
    return drawn


def _sequence(template: str, draws: list[dict[str, object]]) -> Paths:
    return lambda: (template.format(**d) for d in itertools.cycle(draws))


def _same(path: str) -> Paths:
    return lambda: itertools.repeat(path)


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


async def _client(port: int, paths: Iterator[str], deadline: float, times: list[float]) -> int:
    """One keep-alive connection sending GETs of the next of `paths` until `deadline`; each latency appended;
    failures."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    failed = 0
    while time.perf_counter() < deadline:
        request = f"GET {next(paths)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        started = time.perf_counter()
        writer.write(request)
        status = await _read_response(reader)
        times.append((time.perf_counter() - started) * 1000)
        failed += not status.startswith(b"HTTP/1.1 200")
    writer.close()
    return failed


async def load(base: str, paths: str | Iterator[str], seconds: float, concurrency: int
               ) -> tuple[float, float, float, int]:
    """(requests/s, median ms, p95 ms, failures) of `concurrency` connections on `paths` (one path asked over
    and over, or each request the next of an iterator the connections share) for `seconds`."""
    port = int(base.rsplit(":", 1)[1])
    times: list[float] = []
    asked = itertools.repeat(paths) if isinstance(paths, str) else paths
    deadline = time.perf_counter() + seconds
    failed = await asyncio.gather(*(_client(port, asked, deadline, times) for _ in range(concurrency)))
    return len(times) / seconds, statistics.median(times), p95(times), sum(failed)


def _measure(base: str, paths: Iterator[str], args: argparse.Namespace) -> tuple[float, float, float, int]:
    asyncio.run(load(base, paths, 1.0, 2))  # warm-up: caches, the index, each worker's first connection
    return asyncio.run(load(base, paths, args.seconds, args.concurrency))


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
    parser.add_argument("--distinct", action="store_true",
                        help="also measure each query with every request a different one (cache misses)")
    parser.add_argument("--only-distinct", action="store_true", help="measure the distinct queries alone")
    parser.add_argument("--seed", type=int, default=15, help="of the distinct queries' draws")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / f"{DB}.db"
        _prepare(Path(args.db), copy)
        rows: list[tuple[str, Paths, Paths | None]] = []
        if not args.only_distinct:
            rows += [(f"cached {label}", _same(mine), _same(other) if other else None) for label, mine, other in PAIRS]
        if args.distinct or args.only_distinct:
            drawn = pools(copy, args.seed)
            rows += [(f"distinct {label}", _sequence(mine, drawn[kind]), _sequence(other, drawn[kind]) if other else None)
                     for label, mine, other, kind in DISTINCT]
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
            head = f"{'query':<43}"
            if before is not None:
                head += f" {'before req/s  p50  p95 fail':>30}"
            print(head + f" {'rightsdesk req/s  p50  p95 fail':>33} {'Datasette req/s  p50  p95 fail':>33} "
                  f"{'ratio':>6}" + (f" {'after/before':>12}" if before is not None else ""))
            for label, mine, other in rows:
                runs: dict[str, list[tuple[float, float, float, int]]] = {"before": [], "ours": [], "theirs": []}
                # each server its own sequence, the same for all, continued over the repeats
                asked = {"before": mine(), "ours": mine(), "theirs": other() if other else iter(())}
                for _ in range(args.repeats):
                    if before is not None:
                        runs["before"].append(_measure(before_base, asked["before"], args))
                    runs["ours"].append(_measure(our_base, asked["ours"], args))
                    if other and theirs is not None:
                        runs["theirs"].append(_measure(their_base, asked["theirs"], args))
                a = _medians(runs["ours"])
                row = f"{label:<43}" + (_cells(_medians(runs["before"])).rjust(30)
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
