"""Scoring a tagger against official labels: F1 per label (micro and macro overall), accuracy, calibration.

Pure functions over label sets; no model and no store here, so the bench can score any tagger the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


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
