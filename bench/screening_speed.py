"""Speed of screening against both bundled lists: single queries on one core, and a batch on several.

Usage:  .venv/bin/python bench/screening_speed.py [--queries 5000] [--batch 100000] [--workers 2]
        .venv/bin/python bench/screening_speed.py --db sqlite:///built.db [--names 5] [--queries 0 --batch 0]

Queries are the listed names themselves, respelled (so that blocking and scoring do real work), Korean names
built from common syllables, and a share in Hangul. Prints queries per second, median and p95 latency of
single queries (one process, one core), and the wall time of the batch through `screening.batch.screen_many`.
Targets (issue 5): at least 1,000 single queries per second; 100,000 names in under 2 minutes on 2 cores.

With `--db` (a built store), the CLI path of `rightsdesk screen NAME` too, before and after, in the same run:
per name, the time from an open store to the results, building the whole index (`load_designations`, then
`ScreeningIndex.build`: what every `screen` did before) against reading the part one query needs from the stored
postings (`cli.screening.read_partial_index`), checking that both give the same results; then the whole command,
each way, as a fresh process (`--lists un --lists ofac-sdn` builds the index, without it the postings are read).
Prints medians and the ratio. Target: an interactive `screen NAME` under about 1 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
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


CLI_NAMES = ["Pak Pong Ju", "Kim Jong Un", "최휘", "Korea Mining Development Trading Corporation", "Jo Yong Won",
             "Mohammed Salahaldin", "Aerocaribbean Airlines"]


def cli_path(url: str, names: list[str], runs: int) -> None:
    """`screen NAME` before (the whole index built) and after (the stored postings), in one run."""
    from rightsdesk.access import ANONYMOUS
    from rightsdesk.cli.screening import read_partial_index as stored_index
    from rightsdesk.store import Store
    from rightsdesk.store.readers.designations import load_designations

    store = Store.open(url)
    built_s, stored_s = [], []
    for name in names:
        query = ScreeningQuery.build(name)
        started = time.perf_counter()
        with store.reading(ANONYMOUS) as session:
            whole = ScreeningIndex.build(load_designations(session))
        before = screen(whole, query)
        built_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        part = stored_index(store, query)
        if part is None:
            raise SystemExit("the store's screening postings are stale: run `rightsdesk build` first")
        after = screen(part, query)
        stored_s.append(time.perf_counter() - started)
        if before != after:
            raise SystemExit(f"different results for {name!r}")
    b, a = statistics.median(built_s), statistics.median(stored_s)
    print(f"screen NAME from an open store, {len(names)} names, identical results: whole index built "
          f"{b:.3f} s, stored postings {a:.3f} s (median); ratio {b / a:.0f}x")
    command = [sys.executable, "-m", "rightsdesk", "--db", url, "screen"]
    for label, extra in (("whole index built (--lists un --lists ofac-sdn)", ["--lists", "un", "--lists", "ofac-sdn"]),
                         ("stored postings", [])):
        times = []
        for name in names[:runs]:
            started = time.perf_counter()
            subprocess.run([*command, name, *extra], check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        print(f"`rightsdesk screen NAME` as a process, {label}: median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s over {len(times)} names")
    plain = []
    for _ in range(min(runs, 3)):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rightsdesk", "--help"], check=True, capture_output=True)
        plain.append(time.perf_counter() - started)
    print(f"(`rightsdesk --help`, the start of any command: median {statistics.median(plain):.2f} s)")


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", help="a built store: also time the CLI path of `screen NAME`, before and after")
    parser.add_argument("--names", type=int, default=5, help="names run as processes with --db, each way")
    args = parser.parse_args(argv)
    if args.db:
        cli_path(args.db, CLI_NAMES, args.names)
        if not args.queries and not args.batch:
            return 0
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
