"""Benchmark of the spine: full `build` on SQLite and PostgreSQL, `rightsdesk --help`, and common queries.

Run: .venv/bin/python bench/build.py [--runs N] [--pg URL]
Prints medians (and the ratio PostgreSQL/SQLite for the loads) against the targets of issue 2: full build on
SQLite within 60 s, on PostgreSQL within 2x that; `rightsdesk --help` within 0.5 s; a filtered
`recommendations` query within 50 ms inside the process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from rightsdesk.access import ANONYMOUS
from rightsdesk.ingest import bundled
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import Store
from rightsdesk.store.readers import designations, recommendations, sources, votes


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def full_build(url: str) -> dict[str, float]:
    store = Store.open(url)
    per = {}
    for kind, path in bundled():
        started = time.perf_counter()
        load(store, kind, path)
        per[kind] = time.perf_counter() - started
    store.close()
    per["total"] = sum(per.values())
    return per


def fresh_pg(base: str, name: str) -> str:
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1, help="full builds per engine")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    builds: dict[str, list[dict[str, float]]] = {"sqlite": [], "postgresql": []}
    for i in range(args.runs):
        builds["sqlite"].append(full_build(f"sqlite:///{tmp / f'b{i}.db'}"))
        try:
            builds["postgresql"].append(full_build(fresh_pg(args.pg, f"rightsdesk_bench_{i}")))
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL skipped: {exc}")
    for engine, runs in builds.items():
        if runs:
            parts = ", ".join(f"{k} {statistics.median(r[k] for r in runs):.1f} s" for k in runs[0] if k != "total")
            print(f"build on {engine:<10}: median {statistics.median(r['total'] for r in runs):.1f} s ({parts})")
    if builds["postgresql"]:
        ratio = statistics.median(r["total"] for r in builds["postgresql"]) / statistics.median(
            r["total"] for r in builds["sqlite"])
        print(f"PostgreSQL / SQLite build ratio: {ratio:.2f} (target <= 2)")

    exe = Path(sys.executable).with_name("rightsdesk")
    cli_builds = timed(lambda: subprocess.run([str(exe), "--db", f"sqlite:///{tmp / f'cli{time.time_ns()}.db'}",
                                               "build"], check=True, capture_output=True), args.runs)
    print(f"`rightsdesk build` on SQLite (loads, links, search index, process start): median "
          f"{statistics.median(cli_builds):.1f} s (target 60 s)")
    helps = timed(lambda: subprocess.run([str(exe), "--help"], check=True, capture_output=True), 7)
    print(f"rightsdesk --help: median {statistics.median(helps) * 1000:.0f} ms (target 500 ms)")

    store = Store.open(f"sqlite:///{tmp / 'b0.db'}")
    queries = {
        "recommendations --to PRK --cycle 2 --response noted": lambda s: recommendations.recommendations(
            s, to="PRK", cycle=2, response="noted"),
        "recommendations --issue 'Death penalty' --from KOR": lambda s: recommendations.recommendations(
            s, issue="Death penalty", from_="KOR"),
        "votes A/RES/69/188": lambda s: votes.roll_call(s, "A/RES/69/188"),
        "designations --regime DPRK": lambda s: designations.designations(s, regime="DPRK"),
        "stats": sources.stats,
    }
    with store.reading(ANONYMOUS) as session:
        for label, query in queries.items():
            times = timed(lambda q=query: q(session), 21)  # type: ignore[misc]
            print(f"{label:<55} median {statistics.median(times) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
