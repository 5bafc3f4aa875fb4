"""Scoring a tagger against official labels: F1 per label (micro and macro overall), accuracy, calibration, and
how far the official labels agree with themselves on texts that say nearly the same thing (a bound on any model).

Pure functions over label sets and labelled texts; no model and no store here, so the bench can score any tagger
the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from rightsdesk.tagging.corpus import LabelledText

_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class LabelScore:
    """Precision, recall and F1 of one label, with its number of true occurrences (support)."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class MultiLabelScore:
    """Micro-F1 (over all label decisions), macro-F1 (mean over labels present in truth or prediction)."""

    micro_f1: float
    macro_f1: float
    per_label: tuple[LabelScore, ...]


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def multilabel_scores(truth: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> MultiLabelScore:
    """Score predicted label sets against true ones, row by row (same order, same length)."""
    if len(truth) != len(predicted):
        raise ValueError("truth and predictions differ in length")  # a programming error, not user input
    labels = sorted(set().union(*truth, *predicted)) if truth else []
    per, tp_all, fp_all, fn_all = [], 0, 0, 0
    for lab in labels:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if lab in t and lab in p)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if lab not in t and lab in p)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if lab in t and lab not in p)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        p, r, f = _f1(tp, fp, fn)
        per.append(LabelScore(lab, p, r, f, tp + fn))
    micro = _f1(tp_all, fp_all, fn_all)[2]
    macro = sum(s.f1 for s in per) / len(per) if per else 0.0
    return MultiLabelScore(micro, macro, tuple(per))


def accuracy(truth: Sequence[object], predicted: Sequence[object]) -> float:
    """The share of rows where the prediction equals the truth."""
    return sum(1 for t, p in zip(truth, predicted, strict=True) if t == p) / len(truth) if truth else 0.0


def expected_calibration_error(scores: Sequence[float], outcomes: Sequence[bool], bins: int = 10) -> float:
    """How far stated probabilities are from observed frequencies: the support-weighted mean gap over bins."""
    total, gap = len(scores), 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if idx:
            mean_s = sum(scores[i] for i in idx) / len(idx)
            freq = sum(1 for i in idx if outcomes[i]) / len(idx)
            gap += len(idx) / total * abs(mean_s - freq)
    return gap


@dataclass(frozen=True)
class Agreement:
    """How often UPR Info gave the same labels to two recommendations that say (nearly) the same thing."""

    pairs: int
    action_agreement: float  # share of pairs with the same action category
    issues_f1: float  # micro-F1 of one text's issues against the other's


def near_duplicate_agreement(rows: Sequence[LabelledText], bands: Sequence[tuple[float, float]] = ((0.9, 1.01),),
                             ) -> tuple[Agreement, list[Agreement]]:
    """Label agreement over pairs of labelled texts from different sessions that open with the same word: pairs of
    identical words (first), then pairs whose words differ and whose word 1-2-gram TF-IDF cosine is in each band
    [low, high). A bound on any model of the text: labels that differ on such pairs are disagreement in the
    labelling itself."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = [r for r in rows if r.labelled]
    counts = np.zeros((len(bands) + 1, 4))  # per band: pairs, same category, shared issues, differing issues
    if rows:
        norm = [" ".join(_WORDS.findall(r.text.lower())) for r in rows]
        text_id = np.unique(np.array(norm), return_inverse=True)[1]
        first_id = np.unique(np.array([t.split(" ", 1)[0] for t in norm]), return_inverse=True)[1]
        session = np.array([r.session for r in rows])
        x = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(norm)
        low = min(b[0] for b in bands) if bands else 1.0
        for start in range(0, len(rows), 2000):
            sims = (x[start:start + 2000] @ x.T).tocoo()
            i, j, s = sims.row + start, sims.col, sims.data
            keep = (i < j) & (session[i] != session[j]) & (first_id[i] == first_id[j])
            keep &= (text_id[i] == text_id[j]) | (s >= low)
            for a, b, sim in zip(i[keep], j[keep], s[keep], strict=True):
                if text_id[a] == text_id[b]:
                    k = 0
                else:
                    k = next((n + 1 for n, (lo, hi) in enumerate(bands) if lo <= sim < hi), -1)
                    if k < 0:
                        continue
                ra, rb = rows[a], rows[b]
                counts[k] += (1, ra.action_category == rb.action_category, len(set(ra.issues) & set(rb.issues)),
                              len(set(ra.issues) ^ set(rb.issues)))

    def agreement(c: NDArray[np.float64]) -> Agreement:
        return Agreement(int(c[0]), float(c[1] / c[0]) if c[0] else 0.0,
                         float(2 * c[2] / (2 * c[2] + c[3])) if c[2] + c[3] else 0.0)

    return agreement(counts[0]), [agreement(c) for c in counts[1:]]
