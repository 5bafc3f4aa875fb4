"""Search by meaning, measured: nDCG@10 and recall@50 of full-text (the baseline), vectors and hybrid on the
judged queries of src/rightsdesk/search/eval_queries.yaml, with the speed of the embedding model.

    .venv/bin/python bench/search_quality.py [--db URL] [--rounds N] [--full-build]

Loads the bundled UPR Info export (41,066 recommendations) into a fresh SQLite file (or the empty database at
--db), builds the full-text index and the vectors, then prints, all from this one run:
- the time to load, index and embed, and the embedding throughput (recommendations/s, wall and CPU);
- query embedding latency (median and p95 over every judged query, `--rounds` times each), and whole hybrid
  searches (the first reads the vectors from the database);
- the evaluation table per query group and mode, and each mode's nDCG@10 as a ratio of full-text's.
`--full-build` also times `rightsdesk build` of all bundled data into another fresh SQLite file (minutes).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rightsdesk.access import SYSTEM
from rightsdesk.pipeline import load_path as load
from rightsdesk.search.embed import load_embedder
from rightsdesk.search.evaluate import evaluate, load_queries, table
from rightsdesk.search.index import update_index
from rightsdesk.search.vectors import update_vectors
from rightsdesk.store import Store
from rightsdesk.tagging.corpus import bundled_path


def _timed(label: str, func: object) -> object:
    started, cpu = time.perf_counter(), time.process_time()
    out = func()  # type: ignore[operator]
    print(f"{label:<34} {time.perf_counter() - started:7.1f} s wall, {time.process_time() - cpu:6.1f} s CPU")
    return out


def speed(rounds: int) -> None:
    embedder = load_embedder()
    texts = [q.text for q in load_queries()]
    times = []
    for _ in range(rounds):
        for t in texts:
            started = time.perf_counter()
            embedder.embed_one(t)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"query embedding: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms "
          f"({len(times)} queries; goal p95 <= 25 ms)")


def search_speed(store: Store) -> None:
    """Whole hybrid searches (both rankings, fusion, rows read): the first, which reads the vectors, then the rest."""
    from rightsdesk.search.hybrid import search_recommendations

    texts = [q.text for q in load_queries()]
    with store.reading(SYSTEM) as session:
        started = time.perf_counter()
        search_recommendations(session, texts[0], mode="hybrid")
        first = (time.perf_counter() - started) * 1000
        times = []
        for t in texts:
            started = time.perf_counter()
            search_recommendations(session, t, mode="hybrid")
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"hybrid search, top 10: first {first:.0f} ms (reads the vectors), then median "
          f"{statistics.median(times):.1f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database to use instead of a fresh SQLite file")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--full-build", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create(args.db or f"sqlite:///{Path(tmp) / 'bench.db'}")
        print(f"database: {store.display_url}")
        _timed("load 41,066 recommendations", lambda: load(store, "upr-info", bundled_path()))
        with store.engine.begin() as conn:
            _timed("full-text index", lambda: update_index(conn))
            change = _timed("vectors (embed + store)", lambda: update_vectors(conn))
        print(f"embedded {change.embedded:,} recommendations with {change.model}: "  # type: ignore[attr-defined]
              f"{change.embedded / change.seconds:,.0f} per second, whole step")  # type: ignore[attr-defined]
        texts = [r[0] for r in store.engine.connect().exec_driver_sql("SELECT text FROM upr_recommendation")]
        embedder = load_embedder()
        started, cpu = time.perf_counter(), time.process_time()
        embedder.embed(texts)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"embedding alone: {len(texts) / wall:,.0f} recommendations/s wall, {len(texts) / cpu:,.0f} per CPU second")
        speed(args.rounds)
        search_speed(store)
        with store.reading(SYSTEM) as session:
            scores = _timed("evaluation (3 modes)", lambda: evaluate(session))
        print()
        print(table(scores))  # type: ignore[arg-type]
        base = {s.group: s.ndcg10 for s in scores if s.mode == "keyword"}  # type: ignore[attr-defined]
        for s in scores:  # type: ignore[attr-defined]
            if s.mode != "keyword":
                ratio = f"{s.ndcg10 / base[s.group]:.2f}x" if base[s.group] else "n/a (full-text scores 0)"
                print(f"{s.group:<11} {s.mode:<9} nDCG@10 vs full-text: {ratio}")
        store.close()
        if args.full_build:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "rightsdesk", "--db", f"sqlite:///{Path(tmp) / 'full.db'}", "build"],
                           check=True)
            print(f"rightsdesk build (all bundled data, with vectors): {time.perf_counter() - started:.1f} s "
                  "(goal <= 120 s)")


if __name__ == "__main__":
    main()
