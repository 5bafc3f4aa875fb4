"""Start-up time of the command line: `rightsdesk --help`, `stats` and `screen NAME`, each a fresh process, for
a baseline checkout (before) and this one (after), in the same run, taking turns run by run.

Usage:  .venv/bin/python bench/startup.py --db sqlite:///rightsdesk.db [--before /work/main/src] [--repeat 11]
        [--name "Kim Yong Chol"]

`--before` is the `src` folder of the baseline checkout (default: /work/main/src); after is this checkout's
`src`. Both run on the same interpreter and the same store (a built one, at the schema head of both checkouts,
or `stats` and `screen` only report the revision mismatch). Prints the median wall-clock milliseconds of each
command before and after and their ratio, and stops if the two print different things.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

AFTER = Path(__file__).resolve().parent.parent / "src"


def _run(src: str, db: str, args: list[str]) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": src, "RIGHTSDESK_DB_URL": db}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "rightsdesk", *args], env=env, capture_output=True, text=True,
                          check=False)
    return time.perf_counter() - start, f"{done.returncode}\n{done.stdout}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", required=True, help="A built store's URL (sqlite:///PATH).")
    parser.add_argument("--before", default="/work/main/src", help="The baseline checkout's src folder.")
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--name", default="Kim Yong Chol", help="The name `screen` looks up.")
    opts = parser.parse_args()
    cases = {"--help": ["--help"], "stats": ["stats"], "screen NAME": ["screen", opts.name]}
    sides = (opts.before, str(AFTER))
    print(f"before: {opts.before}\nafter:  {AFTER}\nstore:  {opts.db}\nrepeat: {opts.repeat}, medians in ms\n")
    print(f"{'command':<14}{'before':>10}{'after':>10}{'after/before':>14}")
    for label, args in cases.items():
        outputs = [_run(src, opts.db, args)[1] for src in sides]  # warm the file cache; and compare outputs
        if outputs[0] != outputs[1]:
            sys.exit(f"{label}: before and after print different things:\n{outputs[0][:2000]}\n---\n{outputs[1][:2000]}")
        times: list[list[float]] = [[], []]
        for _ in range(opts.repeat):
            for i, src in enumerate(sides):
                times[i].append(_run(src, opts.db, args)[0])
        before, after = (statistics.median(t) * 1000 for t in times)
        print(f"{label:<14}{before:>10.0f}{after:>10.0f}{after / before:>14.2f}")


if __name__ == "__main__":
    main()
