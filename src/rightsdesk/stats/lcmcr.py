"""The latent-class model of multiple-systems estimation (the method of Manrique-Vallier 2016, Biometrics 72:
"Bayesian population size estimation using Dirichlet process mixtures"), written here from the paper.

People fall into latent classes; within a class, being on each list is independent (list j catches a member of
class k with probability lambda[j, k]). Class weights follow a stick-breaking (Dirichlet process) prior truncated
at K classes, with concentration alpha ~ Gamma(a, b); lambda ~ Beta(1, 1); the population size N has the prior
1/N. The Gibbs sampler augments the data with the n0 people on no list:

1. classes of the observed, drawn per capture pattern (a multinomial per pattern, not a draw per person);
2. n0 given the chance p0 of being missed by every list: n0 ~ NegativeBinomial(n, 1 - p0), as a Gamma-Poisson;
3. classes of the n0 unobserved; 4. lambda, the stick-breaking weights and alpha from their conditionals.

The sampler is compiled with numba (`cache=True`): its first call in a fresh environment compiles for a few
seconds; later calls start at once. Nothing from R's LCMCR package (GPL) is used but its published example
data (bundled in `rightsdesk/data/mse/`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numba
import numpy as np
import numpy.typing as npt

from rightsdesk.errors import InputError
from rightsdesk.stats.capture import CaptureTable


@dataclass(frozen=True)
class LcmcrOptions:
    """Sampler settings. K, a and b are those of the published Kosovo run (K=10, a=b=0.25); each chain runs
    10,000 burn-in iterations and keeps the next 100,000 (110,000 in all, as that run). Chains run side by side,
    one thread each, chain c seeded with seed + c, so a seed gives the same draws on every machine."""

    classes: int = 10
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burnin: int = 10_000
    samples: int = 100_000
    thinning: int = 1
    chains: int = 2
    seed: int = 1

    def check(self) -> None:
        if min(self.classes, self.samples, self.thinning, self.chains) < 1 or self.burnin < 0:
            raise InputError("classes, samples, thinning and chains must be at least 1, burn-in at least 0")
        if self.a_alpha <= 0 or self.b_alpha <= 0:
            raise InputError("the Gamma prior of alpha needs a > 0 and b > 0")


@dataclass(frozen=True)
class PosteriorDraws:
    """Draws of the population size N and of the concentration alpha: one row per chain, one column per kept
    iteration."""

    n: npt.NDArray[np.int64]
    alpha: npt.NDArray[np.float64]
    n_observed: int
    options: LcmcrOptions


@numba.njit(cache=True)
def _multinomial(n: int, probs: npt.NDArray[np.float64], out: npt.NDArray[np.int64]) -> None:
    """Add a Multinomial(n, probs) draw to `out` by conditional binomials (probs sum to 1)."""
    left, mass = n, 1.0
    for k in range(probs.shape[0] - 1):
        if left == 0:
            return
        p = probs[k] / mass if mass > 0 else 0.0
        x = np.random.binomial(left, min(max(p, 0.0), 1.0))
        out[k] += x
        left -= x
        mass -= probs[k]
    out[probs.shape[0] - 1] += left


@numba.njit(cache=True)
def _weights(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Stick-breaking weights from the stick fractions v (v[K-1] = 1)."""
    pi = np.empty(v.shape[0])
    rest = 1.0
    for k in range(v.shape[0]):
        pi[k] = v[k] * rest
        rest *= 1.0 - v[k]
    return pi


@numba.njit(cache=True, nogil=True)
def _sample(patterns: npt.NDArray[np.int64], counts: npt.NDArray[np.int64], classes: int, a_alpha: float,
            b_alpha: float, burnin: int, samples: int, thinning: int,
            seed: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    np.random.seed(seed)
    n_pat, n_lists = patterns.shape
    n = counts.sum()
    lam = np.empty((n_lists, classes))
    for j in range(n_lists):
        for k in range(classes):
            lam[j, k] = np.random.beta(1.0, 1.0)
    alpha = a_alpha / b_alpha
    v = np.empty(classes)
    for k in range(classes - 1):
        v[k] = np.random.beta(1.0, alpha)
    v[classes - 1] = 1.0
    out_n = np.empty(samples, dtype=np.int64)
    out_alpha = np.empty(samples)
    probs = np.empty(classes)
    caught = np.empty((n_lists, classes), dtype=np.int64)
    size = np.empty(classes, dtype=np.int64)
    drawn = np.empty(classes, dtype=np.int64)
    kept = 0
    for it in range(burnin + samples * thinning):
        pi = _weights(v)
        caught[:, :] = 0
        size[:] = 0
        for p in range(n_pat):  # 1. the observed, pattern by pattern
            total = 0.0
            for k in range(classes):
                w = pi[k]
                for j in range(n_lists):
                    w *= lam[j, k] if patterns[p, j] else 1.0 - lam[j, k]
                probs[k] = w
                total += w
            for k in range(classes):
                probs[k] /= total
            drawn[:] = 0
            _multinomial(counts[p], probs, drawn)
            for k in range(classes):
                size[k] += drawn[k]
                for j in range(n_lists):
                    if patterns[p, j]:
                        caught[j, k] += drawn[k]
        p0 = 0.0  # 2. the people on no list
        for k in range(classes):
            w = pi[k]
            for j in range(n_lists):
                w *= 1.0 - lam[j, k]
            probs[k] = w
            p0 += w
        p0 = min(p0, 1.0 - 1e-12)
        n0 = np.random.poisson(np.random.gamma(n, p0 / (1.0 - p0))) if p0 > 0 else 0
        for k in range(classes):  # 3. their classes
            probs[k] = probs[k] / p0 if p0 > 0 else 1.0 / classes
        _multinomial(n0, probs, size)
        for j in range(n_lists):  # 4. the parameters
            for k in range(classes):
                lam[j, k] = np.random.beta(1.0 + caught[j, k], 1.0 + size[k] - caught[j, k])
        tail = size.sum()
        log_rest = 0.0
        for k in range(classes - 1):
            tail -= size[k]
            v[k] = min(np.random.beta(1.0 + size[k], alpha + tail), 1.0 - 1e-12)
            log_rest += np.log(1.0 - v[k])
        alpha = np.random.gamma(a_alpha + classes - 1, 1.0 / (b_alpha - log_rest))
        if it >= burnin and (it - burnin) % thinning == thinning - 1:
            out_n[kept] = n + n0
            out_alpha[kept] = alpha
            kept += 1
    return out_n, out_alpha


def sample_posterior(table: CaptureTable, options: LcmcrOptions | None = None, *,
                     done: Callable[[], object] | None = None) -> PosteriorDraws:
    """Run the Gibbs sampler's chains on `table` and return their kept draws of N (`done` is called as each
    chain ends, for a progress bar)."""
    opts = options or LcmcrOptions()
    opts.check()

    def chain(c: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        out = _sample(table.patterns, table.counts, opts.classes, opts.a_alpha, opts.b_alpha, opts.burnin,
                      opts.samples, opts.thinning, opts.seed + c)
        if done is not None:
            done()
        return out

    with ThreadPoolExecutor(max_workers=min(opts.chains, os.cpu_count() or 1)) as pool:
        runs = list(pool.map(chain, range(opts.chains)))
    return PosteriorDraws(np.stack([n for n, _ in runs]), np.stack([a for _, a in runs]), table.n_observed, opts)
