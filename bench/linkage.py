"""Linking victim lists: rightsdesk's Korean-aware Splink model against plain Splink, side by side.

    .venv/bin/python bench/linkage.py [--people 100000] [--lists 4] [--repeat 1] [--seed 1]

Writes fictional lists with ground truth (`rightsdesk.linkage.synth`), then links them three times from this one
process, each run in a fresh child process so that peak memory is its own: once with rightsdesk's model
(`link-lists`), once more with `--duplicate-free` (the generator's lists hold nobody twice), once with a plain
Splink baseline (Splink's default name comparison on the spelling as written,
blocking on the spelling and on the birth year with the name's first letters). Prints, per model, the median
wall time over the repeats, peak memory (max RSS of the child), pairs compared, blocking recall, and pairwise
precision, recall and F1 of the clusters; and the ratios of ours to the baseline. Targets (issue 13): F1 >= 0.95,
blocking recall >= 0.99, 100,000 people within 90 s and 8 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(paths: list[str], truth_file: str, mode: str) -> None:
    from rightsdesk.linkage import evaluate, synth, workflow
    from rightsdesk.linkage.model import LinkOptions, feature_rows

    start = time.perf_counter()
    baseline = mode == "baseline"
    run = workflow.run([Path(p) for p in paths], LinkOptions(baseline=baseline, duplicate_free=mode == "dupfree"))
    wall = time.perf_counter() - start
    truth = {f"{a}:{b}": p for (a, b), p in synth.read_truth(Path(truth_file)).items()}
    scores = evaluate.pair_scores(run.cluster_of, truth)
    recall = (None if baseline else
              evaluate.blocking_recall(feature_rows(run.lists), truth, across_lists_only=False))
    print(json.dumps({"wall_s": wall, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "pairs_compared": run.result.pairs_compared, "blocking_recall": recall,
                      "precision": scores.precision, "recall": scores.recall, "f1": scores.f1,
                      "timings": run.result.timings}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--lists", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        *paths, truth, mode = args.child
        child(paths, truth, mode)
        return
    from rightsdesk.linkage import synth

    with tempfile.TemporaryDirectory() as tmp:
        paths, truth = synth.write_lists(Path(tmp), n_people=args.people, n_lists=args.lists, seed=args.seed)
        print(f"{args.people:,} people, {len(truth):,} records on {args.lists} lists (seed {args.seed})")
        modes = {"rightsdesk": "ours", "dup-free": "dupfree", "plain splink": "baseline"}
        results: dict[str, list[dict[str, float]]] = {name: [] for name in modes}
        for _ in range(args.repeat):
            for name, mode in modes.items():
                out = subprocess.run([sys.executable, __file__, "--child", *map(str, paths),
                                      str(Path(tmp) / "truth.csv"), mode], capture_output=True, text=True,
                                     check=True)
                results[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
    for name, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("wall_s", "peak_rss_mb", "f1", "precision",
                                                                  "recall", "pairs_compared")}
        recall = runs[0]["blocking_recall"]
        print(f"{name:13s} median {med['wall_s']:6.1f} s  peak {med['peak_rss_mb']:7.0f} MB  "
              f"pairs {med['pairs_compared']:>11,.0f}  blocking recall "
              f"{'—' if recall is None else f'{recall:.4f}'}  P {med['precision']:.4f}  R {med['recall']:.4f}  "
              f"F1 {med['f1']:.4f}   stages {json.dumps({k: round(v, 1) for k, v in runs[0]['timings'].items()})}")
    base_t, base_f = (statistics.median(r[k] for r in results["plain splink"]) for k in ("wall_s", "f1"))
    for name in ("rightsdesk", "dup-free"):
        t, f = (statistics.median(r[k] for r in results[name]) for k in ("wall_s", "f1"))
        print(f"ratio {name} / plain splink: time {t / base_t:.2f}x, F1 {f / base_f:.2f}x")


if __name__ == "__main__":
    main()
