"""How good a linkage is, against ground truth: pairwise precision, recall and F1 of the clusters, and the
blocking recall (the share of true pairs that blocking lets the model see at all).

Pairs are counted from the contingency of predicted clusters and true people, never enumerated, so a run over
hundreds of thousands of records is scored in a moment. Pure functions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PairScores:
    """Pairwise precision, recall and F1, with the counts they come from."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_scores(clusters: Mapping[str, str], truth: Mapping[str, int]) -> PairScores:
    """Score clusters (record -> cluster) against truth (record -> person) over the records both know."""
    records = [r for r in clusters if r in truth]
    predicted = sum(_pairs(n) for n in Counter(clusters[r] for r in records).values())
    true = sum(_pairs(n) for n in Counter(truth[r] for r in records).values())
    correct = sum(_pairs(n) for n in Counter((clusters[r], truth[r]) for r in records).values())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, true, predicted, correct)


def blocking_recall(rows: Iterable[Mapping[str, Any]], truth: Mapping[str, int], *, across_lists_only: bool) -> float:
    """The share of true pairs that share a blocking key (`block_keys`), i.e. that the model compares."""
    by_person: dict[int, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for r in rows:
        if r["unique_id"] in truth:
            by_person[truth[r["unique_id"]]].append((r["source_dataset"], frozenset(r["block_keys"])))
    total = found = 0
    for records in by_person.values():
        for i, (list_a, keys_a) in enumerate(records):
            for list_b, keys_b in records[i + 1:]:
                if across_lists_only and list_a == list_b:
                    continue
                total += 1
                found += bool(keys_a & keys_b)
    return found / total if total else 1.0
