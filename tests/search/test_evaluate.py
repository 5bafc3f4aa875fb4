"""The search evaluation: its metrics, its judged queries, and a run on a trimmed copy of the real data."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.access import ANONYMOUS
from rightsdesk.pipeline import load_path as load
from rightsdesk.search.evaluate import EvalQuery, evaluate, load_queries, ndcg, recall, score, table
from rightsdesk.search.index import update_index
from rightsdesk.search.vectors import update_vectors

SAMPLE = Path(__file__).parent.parent / "fixtures" / "upr_search_sample.csv"
# Words a label shares with any query without giving it away.
_GENERIC = {"and", "of", "the", "to", "other", "general", "rights", "right", "human", "by", "in", "s"}


def test_ndcg_and_recall_by_hand() -> None:
    assert ndcg([True, False, True], relevant=2, k=10) == pytest.approx((1 + 1 / 2) / (1 + 1 / 1.5849625))
    assert ndcg([False] * 10 + [True], relevant=1) == 0.0  # past the cut
    assert ndcg([True] * 10, relevant=50) == 1.0
    assert ndcg([], relevant=0) == 0.0
    assert recall([True, True, False], relevant=4, k=50) == 0.5
    assert recall([True, True, False], relevant=4, k=2, capped=True) == 1.0


def test_score_leaves_unjudged_recommendations_out() -> None:
    judged = {"a": frozenset({"Death penalty"}), "b": frozenset({"Torture and other CID treatment"})}
    queries = [EvalQuery("x", "Death penalty", "paraphrase")]
    (best,) = score("m", queries, lambda _: ["unlabelled", "a", "b"], judged)
    (worst,) = score("m", queries, lambda _: ["b", "a"], judged)
    (none,) = score("m", queries, lambda _: [], judged)
    assert best.ndcg10 == 1.0 and best.recall50 == 1.0 and best.no_result == 0
    assert 0 < worst.ndcg10 < 1 and none.ndcg10 == 0 and none.no_result == 1


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in _GENERIC and len(w) > 2}


def test_the_judged_queries() -> None:
    """At least 40 paraphrases that avoid their label's words, and labels that the real data carries."""
    queries = load_queries()
    paraphrases = [q for q in queries if q.group == "paraphrase"]
    assert len(paraphrases) >= 40 and any(q.group == "own_words" for q in queries)
    for q in paraphrases:
        assert not _stems(q.text) & _stems(q.label), q
    with SAMPLE.open(encoding="utf-8") as fp:
        labels = {i.strip() for row in csv.DictReader(fp) for i in row["issues"].split(",")}
    assert {q.label for q in queries} <= labels


@pytest.fixture
def searchable(store: Any) -> Any:
    load(store, "upr-info", SAMPLE)
    with store.engine.begin() as conn:
        update_index(conn)
        update_vectors(conn)
    return store


def test_the_evaluation_runs_and_its_numbers_are_sane(searchable: Any) -> None:
    with searchable.reading(ANONYMOUS) as session:
        scores = {(s.mode, s.group): s for s in evaluate(session)}
    assert len(scores) == 9
    for s in scores.values():
        assert 0 <= s.ndcg10 <= 1 and 0 <= s.recall50 <= 1 and 0 <= s.capped_recall50 <= 1
    assert scores["keyword", "paraphrase"].no_result > scores["keyword", "paraphrase"].queries / 2
    assert scores["semantic", "paraphrase"].ndcg10 > scores["keyword", "paraphrase"].ndcg10 + 0.3
    assert scores["hybrid", "own_words"].ndcg10 >= scores["keyword", "own_words"].ndcg10 - 0.02
    assert scores["keyword", "own_words"].no_result == 0
    assert scores["semantic", "korean"].ndcg10 > 0.3  # through the glossary; the model alone reads no Korean
    assert "nDCG@10" in table(list(scores.values()))
