"""Multiple-systems estimation on the bundled Kosovo 1999 table: speed and accuracy of the latent-class sampler
beside R's published LCMCR run, and the log-linear models.

R is not on this machine (CRAN is out of reach), so R's figures are those of the reference run recorded in
rightsdesk/data/mse/SOURCE.md: 110,000 iterations in 1.55 s; median 10,402-10,451; 95% 9,061-9,124 to
13,943-13,969. Prints medians of --repeats timed runs and, over --seeds seeds, how often the default run lands
within 2% (median) and 5% (bounds) of R's.  Run: .venv/bin/python bench/mse.py [--repeats 5] [--seeds 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from importlib.resources import files
from pathlib import Path

import numpy as np

from rightsdesk.stats.capture import read_table
from rightsdesk.stats.lcmcr import LcmcrOptions, sample_posterior
from rightsdesk.stats.loglinear import select_model

R_SECONDS, R_ITERATIONS = 1.55, 110_000
R_MEDIAN, R_LOWER, R_UPPER = 10_400, 9_060, 13_950


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    table = read_table(Path(str(files("rightsdesk.data").joinpath("mse", "kosovo_1999.csv"))))["all"]
    sample_posterior(table, LcmcrOptions(burnin=10, samples=10))  # compiled (or loaded from numba's cache)

    for chains in (1, 2):
        times = []
        for r in range(args.repeats):
            started = time.perf_counter()
            sample_posterior(table, LcmcrOptions(chains=chains, seed=100 + r))
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        rate = chains * R_ITERATIONS / median
        print(f"lcmcr {chains} chain(s) x {R_ITERATIONS:,} iterations: median {median:.2f} s, {rate:,.0f} it/s; "
              f"R {R_ITERATIONS / R_SECONDS:,.0f} it/s; ratio {rate / (R_ITERATIONS / R_SECONDS):.2f}x")

    within = 0
    rows = []
    for seed in range(1, args.seeds + 1):
        d = sample_posterior(table, LcmcrOptions(seed=seed * 100)).n.ravel()
        lo, med, hi = np.quantile(d, [0.025, 0.5, 0.975])
        ok = abs(med / R_MEDIAN - 1) <= 0.02 and abs(lo / R_LOWER - 1) <= 0.05 and abs(hi / R_UPPER - 1) <= 0.05
        within += ok
        rows.append((med, lo, hi))
    meds, los, his = (np.array(c) for c in zip(*rows, strict=True))
    print(f"lcmcr default run (2 chains) over {args.seeds} seeds: median of medians {np.median(meds):,.0f} "
          f"(range {meds.min():,.0f}-{meds.max():,.0f}); 2.5% {np.median(los):,.0f} ({los.min():,.0f}-"
          f"{los.max():,.0f}); 97.5% {np.median(his):,.0f} ({his.min():,.0f}-{his.max():,.0f}); "
          f"within R's tolerance {within}/{args.seeds}")

    started = time.perf_counter()
    best, fits = select_model(table, "aic")
    print(f"loglinear: {len(fits)} models in {time.perf_counter() - started:.2f} s; chosen {best.describe()}: "
          f"N {best.estimate:,.0f} (95% {best.lower:,.0f}-{best.upper:,.0f}), deviance {best.deviance:.1f} on "
          f"{best.df_resid} df")


if __name__ == "__main__":
    main()
