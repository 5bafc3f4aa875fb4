"""Multiple-systems estimation: how many people there were, counted or not, from the overlap of lists.

`estimate` runs one method on each stratum and on their total and returns an `Estimate` per stratum with its
interval and diagnostics: effective sample size and split R-hat over chains for the latent-class model (a
sampler that has not mixed says so), the chosen model and its fit for the log-linear one. For the latent-class
model the total over strata is the sum of the strata's draws (independent posteriors); for the log-linear model
it is the sum of the estimates with their variances added on the scale of the number missed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from rightsdesk.errors import InputError
from rightsdesk.stats.capture import TOTAL, CaptureTable
from rightsdesk.stats.lcmcr import LcmcrOptions, sample_posterior

METHODS = ("lcmcr", "loglinear")
Z95 = 1.959963984540054
TRACE_POINTS = 200  # per chain, in the JSON and the plot


@dataclass(frozen=True)
class Estimate:
    """The estimate of the population size N of one stratum (or of all), with a 95% interval."""

    stratum: str
    method: str
    n_observed: int
    median: float
    lower: float
    upper: float
    lists: dict[str, int]
    diagnostics: dict[str, Any]
    draws: npt.NDArray[np.int64] | None = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {"stratum": self.stratum, "method": self.method, "n_observed": self.n_observed,
                "median": round(self.median, 1), "lower": round(self.lower, 1), "upper": round(self.upper, 1),
                "interval": 0.95, "lists": self.lists, "diagnostics": self.diagnostics}


def effective_sample_size(chain: npt.NDArray[np.float64]) -> float:
    """Geyer's initial positive sequence estimate of the effective sample size of one chain."""
    x = chain - chain.mean()
    n = len(x)
    if n < 4 or not x.any():
        return float(n)
    spectrum = np.fft.rfft(x, 2 * n)
    acf = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    acf /= acf[0]
    total, k = 0.0, 1
    while k + 1 < n and (pair := acf[k] + acf[k + 1]) > 0:
        total += pair
        k += 2
    return float(n / (1 + 2 * total))


def split_rhat(chains: npt.NDArray[np.float64]) -> float:
    """Gelman-Rubin potential scale reduction over the chains, each split in half (1.0 = mixed)."""
    half = chains.shape[1] // 2
    parts = np.concatenate([chains[:, :half], chains[:, half:2 * half]])
    within = parts.var(axis=1, ddof=1).mean()
    between = half * parts.mean(axis=1).var(ddof=1)
    if within == 0:
        return 1.0
    return float(math.sqrt(((half - 1) / half * within + between / half) / within))


def _trace(draws: npt.NDArray[np.int64]) -> list[list[int]]:
    step = max(1, draws.shape[1] // TRACE_POINTS)
    return [[int(x) for x in chain[::step]] for chain in draws]


def _lcmcr(stratum: str, table: CaptureTable, draws: npt.NDArray[np.int64], seconds: float,
           options: LcmcrOptions) -> Estimate:
    flat = draws.ravel().astype(float)
    lower, median, upper = np.quantile(flat, [0.025, 0.5, 0.975])
    diagnostics = {
        "chains": options.chains, "iterations_per_chain": options.burnin + options.samples * options.thinning,
        "burnin": options.burnin, "kept_per_chain": options.samples, "classes": options.classes,
        "a_alpha": options.a_alpha, "b_alpha": options.b_alpha, "seed": options.seed,
        "mean": round(float(flat.mean()), 1),
        "ess": round(sum(effective_sample_size(c.astype(float)) for c in draws), 1),
        "rhat": round(split_rhat(draws.astype(float)), 4), "seconds": round(seconds, 3), "trace": _trace(draws)}
    return Estimate(stratum, "lcmcr", table.n_observed, float(median), float(lower), float(upper),
                    table.list_totals(), diagnostics, draws)


def _loglinear(stratum: str, table: CaptureTable, criterion: str) -> Estimate:
    from rightsdesk.stats.loglinear import select_model  # statsmodels takes a second to import

    best, fits = select_model(table, criterion)
    diagnostics = {"model": best.describe(), "criterion": criterion, "aic": round(best.aic, 3),
                   "bic": round(best.bic, 3), "deviance": round(best.deviance, 3), "df_resid": best.df_resid,
                   "n_missing": round(best.n_missing, 1), "se_log_missing": round(best.se_log_missing, 5),
                   "models_fitted": len(fits),
                   "runners_up": [{"model": f.describe(), "estimate": round(f.estimate, 1),
                                   criterion: round(f.aic if criterion == "aic" else f.bic, 3)} for f in fits[1:4]]}
    return Estimate(stratum, "loglinear", table.n_observed, best.estimate, best.lower, best.upper,
                    table.list_totals(), diagnostics)


def _total(parts: list[Estimate], method: str) -> Estimate:
    lists: dict[str, int] = {}
    for p in parts:
        for name, n in p.lists.items():
            lists[name] = lists.get(name, 0) + n
    n_observed = sum(p.n_observed for p in parts)
    if method == "lcmcr":
        draws = np.sum([p.draws for p in parts if p.draws is not None], axis=0)
        lower, median, upper = np.quantile(draws.ravel().astype(float), [0.025, 0.5, 0.975])
        diag: dict[str, Any] = {"strata": len(parts), "rhat": round(split_rhat(draws.astype(float)), 4),
                                "ess": round(sum(effective_sample_size(c.astype(float)) for c in draws), 1)}
        return Estimate(TOTAL, method, n_observed, float(median), float(lower), float(upper), lists, diag, draws)
    missing = sum(p.median - p.n_observed for p in parts)
    sd = math.sqrt(sum(((p.median - p.n_observed) * p.diagnostics["se_log_missing"]) ** 2 for p in parts))
    return Estimate(TOTAL, method, n_observed, n_observed + missing, n_observed + max(0.0, missing - Z95 * sd),
                    n_observed + missing + Z95 * sd, lists, {"strata": len(parts), "se_missing": round(sd, 2)})


def estimate(tables: dict[str, CaptureTable], method: str = "lcmcr", *, options: LcmcrOptions | None = None,
             criterion: str = "aic", done: Callable[[], object] | None = None) -> list[Estimate]:
    """Estimate N for each stratum of `tables`; with more than one stratum, the total comes first."""
    if method not in METHODS:
        raise InputError(f"unknown method {method!r} (known: {', '.join(METHODS)})")
    if not tables:
        raise InputError("no capture table to estimate from")
    opts = options or LcmcrOptions()
    out: list[Estimate] = []
    for stratum, table in tables.items():
        if method == "lcmcr":
            started = time.perf_counter()
            draws = sample_posterior(table, opts, done=done)
            out.append(_lcmcr(stratum, table, draws.n, time.perf_counter() - started, opts))
        else:
            out.append(_loglinear(stratum, table, criterion))
    return [_total(out, method), *out] if len(out) > 1 else out
