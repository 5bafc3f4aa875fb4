"""A Working Group report loaded over a review UPR Info holds reconciles with it: one row per recommendation, the
report's paragraph added to the matched row, responses kept, nothing duplicated; loading it twice changes
nothing (issue 11, defect 1). A review nobody holds is loaded as rows."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path
from typing import Any

from rightsdesk.access import ANONYMOUS
from rightsdesk.pipeline import load_path as load
from rightsdesk.store.readers.recommendations import recommendations

ROOT = Path(__file__).resolve().parents[2]
UPR_INFO = ROOT / "src/rightsdesk/data/upr-info/upr_recommendations_sessions01-20.csv.gz"
CYCLE1 = ROOT / "src/rightsdesk/data/upr_reports/A-HRC-13-13_DPRK_UPR_WG_report_cycle1_2010.txt"
CYCLE2 = ROOT / "src/rightsdesk/data/upr_reports/A-HRC-27-10_DPRK_UPR_WG_report_cycle2_2014.txt"


def _dprk_cycle2_of_upr_info(tmp: Path) -> Path:
    """UPR Info's rows of the DPRK's second review (session 19), in UPR Info's own file format."""
    with gzip.open(UPR_INFO, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = tmp / "upr_info_prk_19.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if r["session"] == "19" and r["to_state"] == "DPR Korea")
    return out


def _review(store: Any, cycle: int) -> list[dict[str, Any]]:
    with store.reading(ANONYMOUS) as session:
        return [r.to_dict() for r in recommendations(session, to="PRK", cycle=cycle)]


def test_a_report_over_a_held_review_adds_paragraphs_not_rows(store: Any, tmp_path: Path) -> None:
    load(store, "upr-info", _dprk_cycle2_of_upr_info(tmp_path))
    before = _review(store, 2)
    assert len(before) == 269 and not any(r["paragraph"] for r in before)
    report = load(store, "upr-report", CYCLE2)
    after = _review(store, 2)
    assert len(after) == 269 and [r["id"] for r in after] == [r["id"] for r in before]
    assert Counter(r["response"] for r in after) == Counter(r["response"] for r in before)
    assert Counter(r["response"] for r in after)["supported"] == 114
    assert sum(1 for r in after if r["paragraph"]) >= 0.95 * 269
    assert len({r["paragraph"] for r in after if r["paragraph"]}) == sum(1 for r in after if r["paragraph"])
    france = next(r for r in after if r["paragraph"] == "124.15")
    assert france["from"] == "FRA" and france["text"].startswith("Ratify")
    assert any("matched a report paragraph" in n for n in report.notes)
    assert load(store, "upr-report", CYCLE2).changed is False
    assert _review(store, 2) == after


def test_a_report_of_a_review_nobody_holds_is_loaded_as_rows(store: Any) -> None:
    report = load(store, "upr-report", CYCLE1)
    rows = _review(store, 1)
    assert report.counts["upr_recommendations"] == len(rows) > 100
    assert all(r["paragraph"] for r in rows)
