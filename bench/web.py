"""Latency of every page and API endpoint, and requests per second on a list endpoint, over loopback.

Usage:  .venv/bin/python bench/web.py --db sqlite:///rightsdesk.db [--requests 40] [--seconds 10]
            [--concurrency 16] [--workers 2]

Starts `rightsdesk serve` on a free loopback port over the given store (a full `rightsdesk build`), warms each
URL once, then times `--requests` sequential GETs of each and prints the median and p95 in milliseconds.
Then a load generator (bare asyncio HTTP/1.1 keep-alive, `--concurrency` connections) hits one list endpoint for `--seconds`
and prints requests per second. The generator shares the machine's cores with the server: the figure is a
floor. Targets (issue 4): p95 under 100 ms per page and endpoint, search under 30 ms, 300 requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
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
]
LIST_ENDPOINT = "/api/v1/designations?list=un&limit=20"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: str, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server and wait until it answers."""
    port = _port()
    exe = Path(sys.executable).with_name("rightsdesk")
    proc = subprocess.Popen([str(exe), "--db", db, "serve", "--port", str(port), "--workers", str(workers)],
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(base + "/api/v1/stats", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def latencies(client: httpx.Client, url: str, n: int) -> list[float]:
    """`n` timed GETs of `url` in milliseconds, after one warm-up."""
    client.get(url).raise_for_status()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        client.get(url).raise_for_status()
        out.append((time.perf_counter() - t) * 1000)
    return out


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("RIGHTSDESK_DB_URL", "sqlite:///rightsdesk.db"))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="server processes for the throughput run")
    args = parser.parse_args()
    proc, base = start(args.db)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            rec = client.get("/api/v1/recommendations?to=PRK&limit=1").json()["items"][0]["id"]
            print(f"{'url':<66} {'median':>8} {'p95':>8}  (ms, {args.requests} requests, {os.cpu_count()} cores)")
            for url in URLS:
                ms = latencies(client, url.format(rec=rec), args.requests)
                print(f"{url:<66} {statistics.median(ms):8.1f} {p95(ms):8.1f}")
    finally:
        proc.terminate()
        proc.wait(10)
    for workers in sorted({1, args.workers}):
        proc, base = start(args.db, workers)
        try:
            done, failed = asyncio.run(throughput(base, LIST_ENDPOINT, args.seconds, args.concurrency))
            print(f"throughput {LIST_ENDPOINT}: {done / args.seconds:.0f} requests/s with {workers} worker(s) "
                  f"({done} in {args.seconds:.0f} s, {args.concurrency} connections, {failed} failed)")
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
