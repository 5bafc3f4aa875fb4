"""Log-linear models of capture histories (Fienberg 1972; Bishop, Fienberg & Holland 1975), fitted with
statsmodels, with the choice of interactions made by an information criterion.

The observed cells of the 2^J table (every pattern but all zeros, unseen patterns as zero counts) are fitted by
a Poisson GLM with a main effect per list and a chosen set of two-way interactions; the count of the unseen
cell is exp(intercept), since every other term is zero there. The interval on N is the log-normal one of Chao
(1987): n0 * exp(+-z * se(intercept)), added to the number observed.

Candidate models: main effects plus every subset of the two-way interactions when there are at most 10 of them
(five lists), else forward selection one interaction at a time while the criterion improves.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm

from rightsdesk.errors import InputError
from rightsdesk.stats.capture import CaptureTable
from rightsdesk.stats.mse import Z95

CRITERIA = ("aic", "bic")
EXHAUSTIVE_UP_TO = 10  # two-way interactions; 2^10 = 1,024 fits
# The widest 95% interval of log(missed) a model may give and still count as identifying the missed: beyond it
# (the upper end e^40 times the estimate) the fit has run off to a boundary, as when every record is on every list.
MAX_LOG_SPREAD = 40.0


@dataclass(frozen=True)
class LoglinearFit:
    """One fitted model: its interactions (pairs of list names), the estimate and interval of N, and fit."""

    interactions: tuple[tuple[str, str], ...]
    n_observed: int
    n_missing: float
    lower: float
    upper: float
    se_log_missing: float
    aic: float
    bic: float
    deviance: float
    df_resid: int

    @property
    def estimate(self) -> float:
        return self.n_observed + self.n_missing

    def describe(self) -> str:
        terms = " + ".join(f"{a}:{b}" for a, b in self.interactions)
        return "main effects" + (f" + {terms}" if terms else "")


def _cells(table: CaptureTable) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Every observable pattern (rows of 0/1, all but the all-zero one) and its count, zeros included."""
    j = len(table.lists)
    patterns = np.array(list(itertools.product((0, 1), repeat=j))[1:], dtype=float)
    seen = {tuple(int(x) for x in p): int(c) for p, c in zip(table.patterns, table.counts, strict=True)}
    counts = np.array([seen.get(tuple(int(x) for x in p), 0) for p in patterns], dtype=float)
    return patterns, counts


def _fit(table: CaptureTable, pairs: tuple[tuple[int, int], ...]) -> LoglinearFit | None:
    patterns, counts = _cells(table)
    columns = [patterns] + [patterns[:, [a]] * patterns[:, [b]] for a, b in pairs]
    design = sm.add_constant(np.hstack(columns), has_constant="add")
    if design.shape[1] > len(counts):  # more terms than observed cells: the unseen cell is not identified
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = sm.GLM(counts, design, family=sm.families.Poisson()).fit()
        except (ValueError, np.linalg.LinAlgError):
            return None
    b0, se = float(result.params[0]), float(result.bse[0])
    if not (math.isfinite(b0) and math.isfinite(se)) or b0 > 30:
        return None  # an unbounded estimate: the model does not identify the unseen cell
    n0 = math.exp(b0)
    if Z95 * se > MAX_LOG_SPREAD:  # an interval without an upper end (every record on every list, say)
        return None
    names = table.lists
    return LoglinearFit(tuple((names[a], names[b]) for a, b in pairs), table.n_observed, n0,
                        table.n_observed + n0 * math.exp(-Z95 * se), table.n_observed + n0 * math.exp(Z95 * se),
                        se, float(result.aic), float(result.bic_llf), float(result.deviance),
                        int(result.df_resid))


def _score(fit: LoglinearFit, criterion: str) -> float:
    return fit.aic if criterion == "aic" else fit.bic


def _candidates(table: CaptureTable, criterion: str) -> list[LoglinearFit]:
    all_pairs = list(itertools.combinations(range(len(table.lists)), 2))
    if len(all_pairs) <= EXHAUSTIVE_UP_TO:
        subsets = itertools.chain.from_iterable(itertools.combinations(all_pairs, r)
                                                for r in range(len(all_pairs) + 1))
        return [f for s in subsets if (f := _fit(table, s)) is not None]
    chosen: tuple[tuple[int, int], ...] = ()
    best = _fit(table, chosen)
    fits = [best] if best else []
    while best is not None:
        trials = {p: f for p in all_pairs if p not in chosen if (f := _fit(table, (*chosen, p))) is not None}
        fits += trials.values()
        pick = min(trials, key=lambda p: _score(trials[p], criterion), default=None)
        if pick is None or _score(trials[pick], criterion) >= _score(best, criterion):
            break
        best, chosen = trials[pick], (*chosen, pick)
    return fits


def select_model(table: CaptureTable, criterion: str = "aic") -> tuple[LoglinearFit, list[LoglinearFit]]:
    """The best model by `criterion` (aic or bic) and every candidate fitted, best first."""
    if criterion not in CRITERIA:
        raise InputError(f"unknown criterion {criterion!r} (known: {', '.join(CRITERIA)})")
    fits = _candidates(table, criterion)
    if not fits:
        raise InputError("no log-linear model identifies the number missed by every list on this table")
    fits.sort(key=lambda f: _score(f, criterion))
    return fits[0], fits
