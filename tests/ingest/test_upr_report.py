"""The UPR Working Group report ingestor, on the DPRK's cycle 1 and cycle 2 reports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.errors import IngestError
from rightsdesk.ingest import upr_report
from rightsdesk.model.vocab import UprResponse

REPORTS = Path(__file__).parents[2] / "src/rightsdesk/data/upr_reports"
CYCLE1 = REPORTS / "A-HRC-13-13_DPRK_UPR_WG_report_cycle1_2010.txt"
CYCLE2 = REPORTS / "A-HRC-27-10_DPRK_UPR_WG_report_cycle2_2014.txt"
UPR_INFO = Path(__file__).parents[2] / "src/rightsdesk/data/upr-info/upr_recommendations_sessions01-20.csv.gz"


def test_cycle2_paragraphs_states_and_responses() -> None:
    recs = list(upr_report.parse(CYCLE2))
    assert {r.to_state for r in recs} == {"PRK"} and {(r.session, r.cycle) for r in recs} == {(19, 2)}
    by_para = {r.paragraph: r for r in recs}
    assert by_para["124.15"].from_state == "FRA" and by_para["124.15"].text.startswith("Ratify CRPD")
    assert by_para["124.2"].from_state == "BOL"
    assert by_para["124.15"].response is None and by_para["124.15"].response_original == "to be examined"
    assert by_para["125.2"].response is UprResponse.NOTED
    counts = Counter(p.split(".")[0] for p in by_para)
    assert counts == {"124": 185, "125": 83}
    assert [f"125.{i}" for i in range(1, 84)] == [p for p in by_para if p.startswith("125.")]


def test_cycle1_items_on_their_own_lines() -> None:
    recs = list(upr_report.parse(CYCLE1))
    assert len(recs) == 167 and {r.session for r in recs} == {6}
    assert Counter(r.response_original for r in recs) == {"to be examined": 117, "noted": 50}
    assert recs[0].paragraph == "90.1" and recs[0].from_state == "CHL"


def test_several_recommending_states(tmp_path: Path) -> None:
    text = CYCLE2.read_text(encoding="utf-8").replace("(Kazakhstan);", "(Japan, France);", 1)
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    first = [r for r in upr_report.parse(path) if r.paragraph == "124.1"]
    assert [r.from_state for r in first] == ["JPN", "FRA"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("(Kazakhstan);", "(Atlantis);", "unknown country"),
    ("(Kazakhstan);", ";", "names no recommending state"),
    ("II. Conclusions and/or recommendations.. ", "Conclusions", "no 'II. Conclusions"),
])
def test_malformed_reports_name_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(CYCLE2.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(IngestError, match=message) as exc:
        list(upr_report.parse(path))
    assert "bad.txt" in str(exc.value)


def test_cycle2_matches_upr_info() -> None:
    from rightsdesk.ingest import upr_info

    info = [r for r in upr_info.parse(UPR_INFO) if r.session == 19 and r.to_state == "PRK"]
    report = upr_report.match_upr_info(list(upr_report.parse(CYCLE2)), info)
    assert report.total == 269 and report.rate >= 0.95


@pytest.mark.parametrize(("word", "number"), [("sixth", 6), ("nineteenth", 19), ("twentieth", 20),
                                              ("thirty-third", 33), ("forty-seventh", 47), ("session", None)])
def test_session_ordinals(word: str, number: int | None) -> None:
    assert upr_report.ordinal(word) == number


def test_a_later_cycle_report_gets_its_session_and_cycle(tmp_path: Path) -> None:
    path = tmp_path / "cycle4.txt"
    path.write_text(CYCLE2.read_text(encoding="utf-8").replace("nineteenth session", "forty-seventh session", 1),
                    encoding="utf-8")
    recs = list(upr_report.parse(path))
    assert {(r.session, r.cycle) for r in recs} == {(47, 4)}


def test_loads_into_the_store_with_paragraphs(store: Any) -> None:
    from sqlalchemy import func, select

    from rightsdesk.pipeline import load_path as load
    from rightsdesk.store import schema

    load(store, "upr-report", CYCLE2)
    load(store, "upr-report", CYCLE2)  # loading twice changes nothing
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.upr_recommendation)).scalar() == 268
        assert conn.execute(select(schema.upr_recommendation.c.from_state)
                            .where(schema.upr_recommendation.c.paragraph == "124.15")).scalar() == "FRA"
