"""Tests for batch screening: input order is kept, on one process and on two."""

from __future__ import annotations

from rightsdesk.screening import ScreeningIndex, ScreeningQuery
from rightsdesk.screening.batch import CHUNK, screen_many


def test_order_is_kept_on_two_processes(small_index: ScreeningIndex) -> None:
    names = ["Cho Yong Won", "최휘", "Ri Jae Il", "Nobody Atall"] * (CHUNK // 2)
    queries = [ScreeningQuery.build(n) for n in names]
    seen: list[int] = []
    results = screen_many(small_index, queries, workers=2, progress=seen.append)
    assert [r["query"]["name"] for r in results] == names
    assert sum(seen) == len(names)
    assert results[1]["results"][0]["reference_number"] == "KPi.042"
    assert results == screen_many(small_index, queries, workers=1)
