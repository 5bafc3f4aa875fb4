"""How well search finds what a user means: nDCG@10 and recall@50 over the judged queries of
`eval_queries.yaml`, for full-text, vectors and both.

A recommendation is relevant to a query when its official UPR Info issues include the query's label; a
recommendation without official labels (session 20 today) was judged by nobody and is left out of every ranking
before scoring. Gains are binary; nDCG's ideal ranking puts min(10, relevant) relevant ones first. recall@50 is
the share of all relevant recommendations in the first 50 (small for a label with thousands); `capped recall@50`
divides by min(50, relevant) instead, so 1.0 means the first 50 are all relevant.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from rightsdesk.store import ReadSession
from rightsdesk.store.readers.search_docs import official_issues

GROUPS = ("paraphrase", "own_words", "korean")


@dataclass(frozen=True)
class EvalQuery:
    """One judged query: what the user typed and the official label that makes a recommendation relevant."""

    text: str
    label: str
    group: str  # "paraphrase" (avoids the label's words), "own_words" or "korean"


@dataclass(frozen=True)
class Score:
    """The scores of one ranking over one group of queries."""

    mode: str
    group: str
    queries: int
    ndcg10: float
    recall50: float
    capped_recall50: float
    no_result: int  # queries for which the ranking found nothing at all


def queries_path() -> Path:
    """The judged queries shipped with the package."""
    return Path(str(resources.files("rightsdesk.search").joinpath("eval_queries.yaml")))


def load_queries(path: Path | None = None) -> list[EvalQuery]:
    """The judged queries of `path` (default: the shipped set), group by group."""
    data = yaml.safe_load((path or queries_path()).read_text(encoding="utf-8"))
    return [EvalQuery(str(q["query"]), str(q["label"]), group) for group in GROUPS for q in data.get(group, [])]


def ndcg(relevance: Sequence[bool], relevant: int, k: int = 10) -> float:
    """nDCG@k of a ranking given as relevance flags, best first, with `relevant` relevant items in all."""
    if relevant == 0:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 2) for i, hit in enumerate(relevance[:k]) if hit)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, relevant)))
    return dcg / ideal


def recall(relevance: Sequence[bool], relevant: int, k: int = 50, *, capped: bool = False) -> float:
    """Share of the relevant items in the first k (of min(k, relevant) when `capped`)."""
    if relevant == 0:
        return 0.0
    return sum(relevance[:k]) / (min(k, relevant) if capped else relevant)


def judgements(session: ReadSession) -> dict[str, frozenset[str]]:
    """Each officially labelled recommendation's issues."""
    return official_issues(session)


def score(mode: str, queries: Sequence[EvalQuery], rank: Callable[[str], Sequence[str]],
          judged: Mapping[str, frozenset[str]]) -> list[Score]:
    """Score `rank` (query text -> ids, best first) on each group of `queries`."""
    totals: dict[str, int] = {}
    for labels in judged.values():
        for label in labels:
            totals[label] = totals.get(label, 0) + 1
    out = []
    for group in GROUPS:
        mine = [q for q in queries if q.group == group]
        if not mine:
            continue
        n, r, c, empty = [], [], [], 0
        for q in mine:
            ids = [ref for ref in rank(q.text) if ref in judged]
            empty += not ids
            flags = [q.label in judged[ref] for ref in ids]
            n.append(ndcg(flags, totals.get(q.label, 0)))
            r.append(recall(flags, totals.get(q.label, 0)))
            c.append(recall(flags, totals.get(q.label, 0), capped=True))
        out.append(Score(mode, group, len(mine), statistics.fmean(n), statistics.fmean(r), statistics.fmean(c), empty))
    return out


def evaluate(session: ReadSession, queries: Sequence[EvalQuery] | None = None,
             modes: Sequence[str] = ("keyword", "semantic", "hybrid"), depth: int = 200) -> list[Score]:
    """Score each search mode on the store's recommendations (built full-text and vector indexes needed)."""
    from rightsdesk.search.hybrid import rank_ids

    judged = judgements(session)
    chosen = list(queries) if queries is not None else load_queries()
    out = []
    for mode in modes:
        out += score(mode, chosen, lambda q, m=mode: [ref for ref, _ in rank_ids(session, q, m, depth)],  # type: ignore[misc]
                     judged)
    return out


def table(scores: Sequence[Score]) -> str:
    """The scores as a plain-text table, one row per group and mode."""
    lines = [f"{'queries':<11} {'mode':<9} {'n':>3} {'nDCG@10':>8} {'recall@50':>10} {'capped R@50':>12} {'no result':>10}"]
    for s in sorted(scores, key=lambda s: (GROUPS.index(s.group), s.mode)):
        lines.append(f"{s.group:<11} {s.mode:<9} {s.queries:>3} {s.ndcg10:>8.3f} {s.recall50:>10.4f} "
                     f"{s.capped_recall50:>12.3f} {s.no_result:>10}")
    return "\n".join(lines)
