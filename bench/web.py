"""Latency of every page and API endpoint beside Datasette on the same data, and requests per second.

Usage:  .venv/bin/python bench/web.py --db sqlite:///rightsdesk.db [--requests 40] [--seconds 10]
            [--concurrency 16] [--workers 2] [--public public.db] [--skip-throughput] [--cached]

Starts `rightsdesk serve` on a free loopback port over the given store (a full `rightsdesk build`), with the
public copy (`rightsdesk publish`; made in a temporary folder unless `--public` names one) for the /sql page,
warms each URL once, then times `--requests` sequential GETs of each and prints the median and p95 in
milliseconds, and the server's CPU time per request (from /proc: on a machine that other jobs load, latency
swells and CPU time hardly moves), marking those over the goal (issue 11: p95 <= 100 ms per page and call,
search <= 50 ms). Each timed request carries a cookie (`UNCACHED`), which the response cache (`web/cache.py`)
never answers: the figures are what a page costs to make, not a repeat served from memory; `--cached` times
the repeats instead.

Then `datasette serve` on the public copy, and the queries the two can both answer (a search, a filter, a
facet count, one row, the same SQL) timed on each in turn, with the ratio of the medians (rightsdesk /
Datasette; under 1 is faster). Datasette is in the dev extra; without it that part is skipped, saying so.

Then a load generator (bare asyncio HTTP/1.1 keep-alive, `--concurrency` connections) hits one list endpoint
for `--seconds` and prints requests per second. The generator shares the machine's cores with the server: the
figure is a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

URLS = [
    "/country/PRK", "/timeline", "/recommendations", "/recommendations?to=PRK",
    "/recommendations?q=torture", "/recommendations?to=PRK&cycle=2&response=noted&q=torture",
    "/recommendations/{rec}", "/votes", "/votes?q=korea", "/votes/A/RES/69/188", "/designations",
    "/designations?regime=DPRK", "/designations/KPi.043", "/mechanisms", "/mechanisms/HRC", "/council/2024",
    "/coalition/PRK", "/search?q=torture",
    "/api/v1/stats", "/api/v1/recommendations?to=PRK&cycle=2&response=noted&q=torture",
    "/api/v1/recommendations?q=torture", "/api/v1/recommendations?q=%22forced+labour%22",
    "/api/v1/recommendations?q=detent*", "/api/v1/recommendations/facets?to=PRK", "/api/v1/votes?q=korea",
    "/api/v1/votes/A/RES/69/188", "/api/v1/designations?regime=DPRK", "/api/v1/designations?q=kim",
    "/api/v1/designations/KPi.043", "/api/v1/countries/PRK", "/api/v1/timeline", "/api/v1/council/2024",
    "/api/v1/coalition/PRK", "/api/v1/search?q=torture",
    # issue 11: the pages for what was command-line only, the network, the timeline by actor, SQL
    "/screen", "/screen?name=Choi+Hwi&dob=1954", "/screen?name=Kim+Jong+Un&nationality=PRK&format=json", "/coi",
    "/calendar/PRK", "/treaty-bodies/PRK", "/council-vote?year=2024&kind=substantive&CHN=no&predict=on",
    "/states", "/country/FRA", "/designations/20129?list=ofac-sdn", "/timeline?actor=CHN",
    "/api/v1/timeline?actor=CHN", "/api/v1/council-vote?year=2024&kind=substantive&no=CHN", "/api/v1/coi",
    "/sql?sql=SELECT+cycle,+response,+count(*)+FROM+upr_recommendation+WHERE+to_state='PRK'+GROUP+BY+1,2",
]
SEARCH = ("q=", "/search", "name=")  # URLs held to the search goal
GOAL_MS, SEARCH_GOAL_MS = 100.0, 50.0
SQL = ("SELECT from_state, count(*) AS n FROM upr_recommendation WHERE to_state = 'PRK' GROUP BY from_state "
       "ORDER BY n DESC LIMIT 20")
BESIDE = [  # (label, rightsdesk URL, Datasette URL on the public copy, database "public")
    ("search recommendations: torture", "/api/v1/recommendations?q=torture&limit=50",
     "/public/upr_recommendation.json?_search=torture&_size=50"),
    ("filter recommendations: to=PRK", "/api/v1/recommendations?to=PRK&limit=50",
     "/public/upr_recommendation.json?to_state=PRK&_size=50"),
    ("facet counts: to=PRK", "/api/v1/recommendations/facets?to=PRK",
     "/public/upr_recommendation.json?to_state=PRK&_facet=cycle&_facet=session&_facet=response"
     "&_facet=from_state&_facet=action_category&_facet_array=issues&_size=0"),
    ("search designations: kim", "/api/v1/designations?q=kim&limit=50",
     "/public/designation.json?_search=kim&_size=50"),
    ("one designation: KPi.043", "/api/v1/designations/KPi.043?list=un",
     "/public/designation.json?reference_number=KPi.043&list_name=un"),
    ("the same SQL", "/sql?format=json&sql=" + SQL.replace(" ", "+"), "/public.json?sql=" + SQL.replace(" ", "+")),
]
LIST_ENDPOINT = "/api/v1/designations?list=un&limit=20"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: str, workers: int = 1, public: Path | None = None,
          pythonpath: str | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server (with the SQL page over `public`, when given; with the code on `pythonpath`, e.g. another
    checkout's src/, when given) and wait until it answers."""
    port = _port()
    exe = Path(sys.executable).with_name("rightsdesk")
    extra = ["--public-db", str(public)] if public else []
    env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else None
    proc = subprocess.Popen([str(exe), "--db", db, "serve", "--port", str(port), "--workers", str(workers), *extra],
                            stderr=subprocess.DEVNULL, env=env)
    return proc, when_up(proc, f"http://127.0.0.1:{port}", "/api/v1/stats", "the server", tries=600)


def when_up(proc: subprocess.Popen[bytes], base: str, probe: str, what: str, tries: int = 300) -> str:
    """`base` once `probe` answers (polled every 0.2 s, `tries` times); the process killed and the run ended if it
    never does."""
    for _ in range(tries):
        try:
            httpx.get(base + probe, timeout=1)
            return base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{what} did not start")


def latencies(client: httpx.Client, url: str, n: int) -> list[float]:
    """`n` timed GETs of `url` in milliseconds, after one warm-up."""
    client.get(url).raise_for_status()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        client.get(url).raise_for_status()
        out.append((time.perf_counter() - t) * 1000)
    return out


def cpu_ms(pid: int) -> float | None:
    """CPU time the process has used (user + system, ms), from /proc; None where there is no /proc. Unlike
    latency, it hardly moves when other jobs load the machine: the figure to compare across runs there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


async def _worker(host: str, port: int, path: str, deadline: float) -> tuple[int, int]:
    """One keep-alive connection sending GETs until `deadline`; a bare HTTP/1.1 client, light on the CPU."""
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    done = failed = 0
    while time.perf_counter() < deadline:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        await reader.readexactly(length)
        done, failed = done + 1, failed + (not head.startswith(b"HTTP/1.1 200"))
    writer.close()
    return done, failed


async def throughput(base: str, path: str, seconds: float, concurrency: int) -> tuple[int, int]:
    """Requests completed (and failed) by `concurrency` connections hitting `path` for `seconds`."""
    url = httpx.URL(base)
    deadline = time.perf_counter() + seconds
    results = await asyncio.gather(*(_worker(url.host, url.port or 80, path, deadline) for _ in range(concurrency)))
    return sum(r[0] for r in results), sum(r[1] for r in results)


def datasette(public: Path) -> tuple[subprocess.Popen[bytes], str] | None:
    """`datasette serve` on the public copy (as the database "public"), or None where Datasette is absent."""
    exe = Path(sys.executable).with_name("datasette")
    if not exe.exists():
        return None
    port = _port()
    proc = subprocess.Popen([str(exe), "serve", str(public), "--port", str(port), "--setting", "sql_time_limit_ms",
                             "10000", "--setting", "facet_time_limit_ms", "10000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, when_up(proc, f"http://127.0.0.1:{port}", "/-/versions.json", "datasette")


def public_copy(db: str, folder: Path) -> Path:
    """A public copy of the store for the SQL page and Datasette, made by `rightsdesk publish`."""
    path = folder / "public.db"
    exe = Path(sys.executable).with_name("rightsdesk")
    subprocess.run([str(exe), "--db", db, "publish", str(path)], check=True, stderr=subprocess.DEVNULL)
    return path


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(10)


UNCACHED = {"Cookie": "bench=uncached"}  # any cookie: the response cache passes the request to the app


def pages(base: str, n: int, pid: int, headers: dict[str, str]) -> None:
    """Median and p95 of each URL, and the server's CPU time per request; `*` marks a p95 over its goal."""
    with httpx.Client(base_url=base, timeout=30, headers=headers) as client:
        rec = client.get("/api/v1/recommendations?to=PRK&limit=1").json()["items"][0]["id"]
        client.get("/api/v1/designations?q=kim")  # waits for `serve`'s warm-up (the name index, built on a thread
        # at start), which would otherwise share the cores with the first pages timed
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{'url':<66} {'median':>8} {'p95':>8} {'cpu/req':>8}  (ms, {n} requests, {os.cpu_count()} cores, "
              f"load average {load:.1f})")
        over = 0
        for url in URLS:
            client.get(url.format(rec=rec))  # a first request may build a cache (the screening index): not counted
            before = cpu_ms(pid)
            ms = latencies(client, url.format(rec=rec), n)
            after = cpu_ms(pid)
            cpu = (after - before) / (n + 1) if before is not None and after is not None else float("nan")
            goal = SEARCH_GOAL_MS if any(k in url for k in SEARCH) else GOAL_MS
            over += p95(ms) > goal
            print(f"{url[:66]:<66} {statistics.median(ms):8.1f} {p95(ms):8.1f} {cpu:8.1f}"
                  f"{' *' if p95(ms) > goal else ''}")
        print(f"{over} of {len(URLS)} over the goal (p95 {GOAL_MS:.0f} ms; search {SEARCH_GOAL_MS:.0f} ms)")


def beside(ours: str, theirs: str, n: int, headers: dict[str, str]) -> None:
    """The queries both can answer, timed on each: medians, p95 and the ratio of the medians."""
    print(f"\n{'query':<36} {'rightsdesk median/p95':>22} {'Datasette median/p95':>22} {'ratio':>6}  (ms, {n} each)")
    with httpx.Client(base_url=ours, timeout=60, headers=headers) as a, httpx.Client(base_url=theirs, timeout=60) as b:
        for label, mine_url, their_url in BESIDE:
            mine, other = latencies(a, mine_url, n), latencies(b, their_url, n)
            m, o = statistics.median(mine), statistics.median(other)
            print(f"{label:<36} {m:10.1f} / {p95(mine):8.1f}  {o:10.1f} / {p95(other):8.1f}  {m / o:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("RIGHTSDESK_DB_URL", "sqlite:///rightsdesk.db"))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="server processes for the throughput run")
    parser.add_argument("--public", type=Path, help="a public copy made by `rightsdesk publish` (default: make one)")
    parser.add_argument("--skip-throughput", action="store_true", help="latencies only")
    parser.add_argument("--cached", action="store_true",
                        help="time repeats answered by the response cache (default: each request made afresh)")
    args = parser.parse_args()
    headers = {} if args.cached else UNCACHED
    with tempfile.TemporaryDirectory() as tmp:
        public = args.public or public_copy(args.db, Path(tmp))
        proc, base = start(args.db, public=public)
        try:
            pages(base, args.requests, proc.pid, headers)
            other = datasette(public)
            if other is None:
                print("Datasette is not installed (pip install -e '.[dev]'): no side-by-side figures")
            else:
                try:
                    beside(base, other[1], args.requests, headers)
                finally:
                    _stop(other[0])
        finally:
            _stop(proc)
    if args.skip_throughput:
        return
    for workers in sorted({1, args.workers}):
        proc, base = start(args.db, workers)
        try:
            done, failed = asyncio.run(throughput(base, LIST_ENDPOINT, args.seconds, args.concurrency))
            print(f"throughput {LIST_ENDPOINT}: {done / args.seconds:.0f} requests/s with {workers} worker(s) "
                  f"({done} in {args.seconds:.0f} s, {args.concurrency} connections, {failed} failed)")
        finally:
            _stop(proc)


if __name__ == "__main__":
    main()
