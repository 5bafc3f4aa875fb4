"""Baseline: OpenSanctions' matcher (nomenklatura `logic-v2`) on the evaluation set of screening_quality.py.

nomenklatura needs SQLAlchemy 2.1 and PyICU, which the project does not use, so this runs in its own virtual
environment, offline once installed:

    python3.11 -m venv /tmp/nkvenv && /tmp/nkvenv/bin/pip install nomenklatura followthemoney rapidfuzz
    .venv/bin/python bench/screening_quality.py --export /tmp/eval.json
    /tmp/nkvenv/bin/python bench/nomenklatura_baseline.py /tmp/eval.json [--limit 2000]

yente puts an Elasticsearch query in front of the matcher; here the candidates for each query are the 20
listed names closest by rapidfuzz token_sort_ratio to the query and to its ASCII transliteration (ICU, as
yente's own normalisation does, so 조용원 becomes "jo yong won"). logic-v2 then scores each candidate entity;
a hit at rank 1 is counted tie-aware, as in screening_quality.py, and a match at yente's default threshold 0.7.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from typing import Any

from followthemoney import EntityProxy
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringConfig
from normality import ascii_text
from rapidfuzz import fuzz, process, utils

THRESHOLD = 0.7
POOL = 20


def main(argv: list[str] | None = None) -> int:
    """Score every case (or a sample of `--limit` per set) and print recall@1 and false matches."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("export")
    parser.add_argument("--limit", type=int, default=0, help="cases per set (a seeded sample); 0 for all")
    args = parser.parse_args(argv)
    with open(args.export, encoding="utf-8") as fh:
        data = json.load(fh)
    algorithm = get_algorithm("logic-v2")
    assert algorithm is not None
    config = ScoringConfig.defaults()
    entities = {e["id"]: EntityProxy.from_dict({"id": e["id"].replace("|", "-"), "schema": e["schema"],
                                                "properties": {"name": e["names"]}}) for e in data["entities"]}
    names = [(utils.default_process(n), e["id"]) for e in data["entities"] for n in e["names"]]
    choices = [n for n, _ in names]
    by_set: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in data["cases"]:
        by_set[case["kind"]].append(case)
    started, pairs = time.perf_counter(), 0
    print(f"{'set':<15}{'n':>7}  logic-v2 (threshold {THRESHOLD})")
    for kind, cases in sorted(by_set.items()):
        if args.limit and len(cases) > args.limit:
            cases = random.Random(7).sample(cases, args.limit)
        hits = matched = false = 0
        for case in cases:
            schema = "LegalEntity" if kind.startswith("aliases") else "Person"  # alias sets hold entities too
            query = EntityProxy.from_dict({"id": f"q{pairs}", "schema": schema,  # ids must differ: logic-v2 caches
                                           "properties": {"name": [case["query"]]}})
            pool = _pool(case["query"], choices, names)
            scores = {eid: algorithm.compare(query, entities[eid], config).score for eid in pool}
            pairs += len(scores)
            best = max(scores.values(), default=0.0)
            top = {eid for eid, s in scores.items() if s == best and best > 0}
            expected = "|".join(case["expected"]) if case["expected"] else None
            if expected is None:
                false += best >= THRESHOLD
            else:
                hits += expected in top
                matched += expected in top and best >= THRESHOLD
        n = len(cases)
        cell = f"false/1000 {1000 * false / n:7.1f}" if cases[0]["expected"] is None else \
            f"R@1 {hits / n:.4f} match {matched / n:.4f}"
        print(f"{kind:<15}{n:>7}  {cell}")
    elapsed = time.perf_counter() - started
    print(f"\n{pairs} pairs scored in {elapsed:.1f}s: {pairs / elapsed:,.0f} pairs/s")
    return 0


def _pool(text: str, choices: list[str], names: list[tuple[str, str]]) -> set[str]:
    found: set[str] = set()
    for variant in {utils.default_process(text), utils.default_process(ascii_text(text) or text)}:
        for _, _, i in process.extract(variant, choices, scorer=fuzz.token_sort_ratio, limit=POOL, processor=None):
            found.add(names[i][1])
    return found


if __name__ == "__main__":
    sys.exit(main())
