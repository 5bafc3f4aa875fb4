"""Speed of screening against both bundled lists: single queries on one core, and a batch on several.

Usage:  .venv/bin/python bench/screening_speed.py [--queries 5000] [--batch 100000] [--workers 2]

Queries are the listed names themselves, respelled (so that blocking and scoring do real work), Korean names
built from common syllables, and a share in Hangul. Prints queries per second, median and p95 latency of
single queries (one process, one core), and the wall time of the batch through `screening.batch.screen_many`.
Targets (issue 5): at least 1,000 single queries per second; 100,000 names in under 2 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from rightsdesk.ingest import ofac_sdn, un_sc_list
from rightsdesk.model.records import Designation
from rightsdesk.screening import ScreeningIndex, ScreeningQuery, screen
from rightsdesk.screening.batch import screen_many

DATA = Path(__file__).resolve().parents[1] / "src" / "rightsdesk" / "data"
KOREAN = ["Kim Yong Chol", "Jo Yong-won", "Choe Ryong Hae", "Ri Su Yong", "Pak Pong Ju", "Kim Jong Un",
          "최휘", "김영철", "리재일", "Lee Jae-il", "Park Chul-su", "Jung Eun Hee"]


def load() -> list[Designation]:
    """Both bundled lists."""
    un = DATA / "un-sc-list" / "un_sc_consolidated_list_2026-02-27.xml.gz"
    return [*un_sc_list.parse(un), *ofac_sdn.parse(DATA / "ofac-sdn")]


def make_queries(designations: list[Designation], count: int, rng: random.Random) -> list[ScreeningQuery]:
    """A mix of listed names with a letter changed, Korean names, and names with dates of birth."""
    names = [n.name for d in designations for n in d.names if n.name.strip()]
    queries = []
    for i in range(count):
        if i % 4 == 0:
            queries.append(ScreeningQuery.build(rng.choice(KOREAN), dob=rng.choice([None, "1960", "1957-10-24"])))
            continue
        text = rng.choice(names)
        position = rng.randrange(len(text))
        queries.append(ScreeningQuery.build(text[:position] + rng.choice("aeiou") + text[position + 1:]))
    return queries


def single(index: ScreeningIndex, queries: list[ScreeningQuery]) -> list[float]:
    """Latency of each query, in seconds."""
    latencies = []
    for query in queries:
        started = time.perf_counter()
        screen(index, query)
        latencies.append(time.perf_counter() - started)
    return latencies


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    rng = random.Random(5)
    started = time.perf_counter()
    designations = load()
    loaded = time.perf_counter()
    index = ScreeningIndex.build(designations)
    built = time.perf_counter()
    print(f"{len(designations)} designations, {len(index.names)} names; load {loaded - started:.1f}s, "
          f"index {built - loaded:.1f}s")
    queries = make_queries(designations, args.queries, rng)
    single(index, queries[:200])  # warm caches
    latencies = single(index, queries)
    total = sum(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    median = statistics.median(latencies)
    print(f"single queries, one core: {len(queries) / total:,.0f} q/s; median {median * 1e3:.3f} ms, "
          f"p95 {p95 * 1e3:.3f} ms (target ≥1,000 q/s: ratio {len(queries) / total / 1000:.2f})")
    if args.batch:
        batch = make_queries(designations, args.batch, rng)
        started = time.perf_counter()
        results = screen_many(index, batch, workers=args.workers)
        elapsed = time.perf_counter() - started
        print(f"batch of {len(results):,} on {args.workers} processes: {elapsed:.1f}s, "
              f"{len(results) / elapsed:,.0f} q/s (target < 120 s: ratio {elapsed / 120:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
