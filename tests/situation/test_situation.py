"""The situation data: timeline, resolutions, recorded Council votes, COI tracker, calendar, overview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.access import ANONYMOUS
from rightsdesk.errors import InputError
from rightsdesk.mechanisms.rules import general_assembly_outcome
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.vocab import Vote
from rightsdesk.situation.calendar import calendar
from rightsdesk.situation.council import predict_position, predict_positions, reproduce, what_if
from rightsdesk.situation.overview import situation
from rightsdesk.situation.records import coi_recommendations, recorded_council_votes, resolutions
from rightsdesk.situation.timeline import listed_by, listing_resolution, timeline

TODAY = dt.date(2026, 11, 27)
SC_LIST = Path(__file__).parents[2] / "src/rightsdesk/data/un-sc-list/un_sc_consolidated_list_2026-02-27.xml.gz"


def test_timeline_has_sixty_dated_cited_events() -> None:
    events = timeline("PRK")
    assert len(events) >= 60
    assert all(e.date and e.citation for e in events)
    assert events == sorted(events, key=lambda e: (e.date.earliest, e.date.latest, e.mechanism))


def test_timeline_filters() -> None:
    sc = timeline("PRK", mechanism="SC")
    assert all(e.mechanism in ("SC", "SC-1718", "SC-1718-POE") for e in sc)  # the Council and the bodies under it
    assert any(e.mechanism == "SC-1718-POE" and e.kind == "veto" for e in sc)
    assert all(e.mechanism == "SC-1718-POE" for e in timeline("PRK", mechanism="SC-1718-POE"))
    assert all(e.date.earliest >= dt.date(2024, 11, 1) for e in timeline("PRK", since=PartialDate(2024, 11)))
    assert {e.symbol for e in timeline("PRK", mechanism="SC")} >= {"S/PV.7353", "S/PV.8130"}
    assert all(e.date.year >= 2023 for e in timeline("PRK", since=PartialDate(2023)))
    assert all("KOR" in e.actors for e in timeline("KOR"))
    with pytest.raises(InputError):
        timeline("PRK", mechanism="nope")
    with pytest.raises(InputError):
        timeline("XYZ")


def test_designations_link_to_the_resolutions_that_listed_them() -> None:
    events = {e.symbol: e for e in timeline("PRK")}
    assert "designation:un:KPi.043" in events["S/RES/2356 (2017)"].links
    assert {"designation:un:KPe.052", "designation:un:KPe.053"} <= set(events["S/RES/2375 (2017)"].links)
    assert events["A/HRC/27/10"].links == ("upr:PRK:19",)


@pytest.mark.skipif(not SC_LIST.exists(), reason="bundled consolidated list not present")
def test_designation_links_agree_with_the_listing_dates() -> None:
    from rightsdesk.ingest import un_sc_list

    listed = {d.reference_number: d.listed_on for d in un_sc_list.parse(SC_LIST)}
    for symbol, refs in listed_by().items():
        for ref in refs:
            assert listed[ref] is not None and listing_resolution(listed[ref]) == symbol, ref
    linked = {ref for refs in listed_by().values() for ref in refs}
    assert linked == {ref for ref, on in listed.items() if on and listing_resolution(on)}  # every one of them


@pytest.mark.parametrize("vote", recorded_council_votes(), ids=lambda v: v.label)
def test_recorded_votes_are_reproduced(vote) -> None:  # type: ignore[no-untyped-def]
    outcome = reproduce(vote)
    assert (outcome.yes, outcome.no, outcome.abstain) == (vote.yes, vote.no, vote.abstain)
    assert outcome.adopted == vote.adopted
    assert outcome.vetoed_by == (() if vote.adopted else ("RUS",))


def test_the_2024_panel_of_experts_veto() -> None:
    veto = next(v for v in recorded_council_votes() if v.kind == "substantive")
    outcome = reproduce(veto)
    assert not outcome.adopted and outcome.vetoed_by == ("RUS",) and outcome.yes == 13
    assert "Vetoed by RUS" in outcome.reasoning and "CHN abstained; an abstention is not a veto" in outcome.reasoning
    assert veto.meeting is None and "record not entered" in veto.label


def test_a_recorded_vote_as_a_substantive_draft_would_be_vetoed() -> None:
    vote = recorded_council_votes()[0]
    assert vote.positions is not None
    outcome = what_if(2014, "substantive", *[[c for c, v in vote.positions.items() if v == want]
                                             for want in (Vote.YES, Vote.NO, Vote.ABSTAIN)])
    assert not outcome.adopted and outcome.vetoed_by == ("CHN", "RUS")


def test_prediction_from_past_votes() -> None:
    assert predict_position([Vote.NO, Vote.NO, Vote.YES]) is Vote.NO
    assert predict_position([Vote.YES, Vote.NO]) is Vote.ABSTAIN
    assert predict_position([]) is None
    assert predict_positions(["AAA", "BBB"], {"AAA": [Vote.YES]}) == {"AAA": Vote.YES}


def test_what_if_with_prediction_names_the_veto() -> None:
    outcome = what_if(2024, "substantive", no=["CHN"], predict=True)
    assert "CHN" in outcome.vetoed_by and "Predicted" in outcome.reasoning
    assert what_if(2024, "procedural", predict=True).adopted


def test_resolutions_cover_every_year_and_ga_totals_come_from_the_roll_calls() -> None:
    by_body = {b: [r for r in resolutions() if r.body == b] for b in ("CHR", "HRC", "GA")}
    assert [r.date.year for r in by_body["CHR"]] == [2003, 2004, 2005]
    assert {r.date.year for r in by_body["GA"]} >= set(range(2005, 2024))
    assert {r.date.year for r in by_body["HRC"]} >= set(range(2008, 2025))
    voted = {r.symbol: r for r in by_body["GA"] if r.yes is not None}
    assert (voted["A/RES/69/188"].yes, voted["A/RES/69/188"].no, voted["A/RES/69/188"].abstain) == (116, 20, 53)
    assert all(general_assembly_outcome(r.yes, r.no or 0, r.abstain or 0).adopted for r in voted.values()
               if r.yes is not None)
    assert {s for r in resolutions() for s in r.cosponsors_joined} == {"KOR"}
    assert all(r.unknown for r in resolutions() if r.symbol is None)


def test_coi_tracker() -> None:
    recs = {r.id: r for r in coi_recommendations()}
    assert recs["coi-hrc-field-structure"].status == "implemented"
    assert recs["coi-sc-icc"].status == "not-acted-on"
    assert all(r.evidence and r.citation for r in recs.values())


def test_calendar_places_the_next_dprk_upr_in_2029() -> None:
    entries = {e.kind: e for e in calendar("PRK", TODAY)}
    upr = entries["upr-review"]
    assert upr.earliest and upr.latest and upr.earliest.year == upr.latest.year == 2029
    assert entries["sr-report-ga"].expected == "2027-10"
    assert all(e.status in ("expected, not announced", "unknown") for e in entries.values()
               if e.kind != "third-committee-resolution")
    assert "this month" in entries["third-committee-resolution"].status  # November 2026, under way


def test_calendar_for_a_state_without_a_review_entered() -> None:
    entries = calendar("FRA", TODAY)
    assert [(e.kind, e.expected, e.status) for e in entries] == [
        ("upr-review", None, "unknown"), ("treaty-body-report", None, "unknown")]
    assert "ratifications are not entered" in entries[1].rule


@pytest.mark.parametrize(("today", "kind", "expected"), [
    (dt.date(2026, 11, 28), "ga-plenary-resolution", "2026-12"),
    (dt.date(2027, 3, 1), "sr-report-hrc", "2027-03"),  # the session under way is the next, not next year's
    (dt.date(2027, 4, 20), "mandate-renewal", "2027-03/2027-04"),
    (dt.date(2027, 5, 1), "mandate-renewal", "2028-03/2028-04"),
    (dt.date(2027, 12, 31), "ga-plenary-resolution", "2027-12"),
])
def test_calendar_counts_the_month_under_way(today: dt.date, kind: str, expected: str) -> None:
    entry = next(e for e in calendar("PRK", today) if e.kind == kind)
    assert entry.expected == expected
    month = PartialDate(today.year, today.month)
    assert entry.earliest and entry.latest
    assert ("this month" in entry.status) == (entry.earliest <= month <= entry.latest)


def test_calendar_for_a_state_outside_the_un_has_no_upr() -> None:
    upr = next(e for e in calendar("VAT", TODAY) if e.kind == "upr-review")
    assert upr.status == "not applicable" and upr.expected is None


@pytest.mark.parametrize("state", ["PRK", "KOR", "CHN", "JPN"])
def test_situation_overview_works_without_a_store(state: str) -> None:
    found = situation(state, today=TODAY)
    assert found.country == state and found.next_dates and found.counts is None
    data = found.to_dict()
    assert data["country"] == state and data["next_dates"] and "counts" not in data and "counts_note" not in data


@pytest.mark.skipif(not SC_LIST.exists(), reason="bundled consolidated list not present")
def test_situation_counts_designations_from_the_store(tmp_path: Path) -> None:
    from rightsdesk.pipeline import load_path as load
    from rightsdesk.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'r.db'}")
    load(store, "un-sc-list", SC_LIST)
    with store.reading(ANONYMOUS) as session:
        counts = situation("PRK", session, today=TODAY).to_dict()["counts"]
        assert isinstance(counts, dict) and counts["designations"]["un"] >= 50
        kor = situation("KOR", session, today=TODAY)
        assert kor.counts is not None and kor.counts.held.received_by_cycle == {}
        kor_counts: Any = kor.to_dict()["counts"]
        assert kor_counts["upr_recommendations_by_cycle"] == {}


@pytest.mark.slow
@pytest.mark.parametrize("state", ["PRK", "KOR", "JPN"])
def test_one_count_of_what_the_store_holds_about_a_state(built: Any, state: str) -> None:
    """`overview`, `situation` and the designations list count with one definition, so they agree (the PRK
    dashboard once said 388 designations tied to it while its link listed 158; KOR 0 roll calls against 2)."""
    from rightsdesk.search import browse
    from rightsdesk.search.query import SearchQuery
    from rightsdesk.situation.overview import holdings

    with built.reading(ANONYMOUS) as session:
        counts: Any = situation(state, session, today=TODAY).to_dict()["counts"]
        held = holdings(session, state).to_dict()
        listed = browse.designations_all(session, {"country": state}, SearchQuery.parse(""))
    assert counts["roll_calls_naming_state"] == held["roll_calls_naming_state"]
    assert counts["designations"] == held["designations"]
    tied = held["designations_tied_by"]
    assert len(listed) == tied["total"] == sum(held["designations"].values())
    assert max(tied["by_nationality"], tied["by_address"]) <= tied["total"] <= tied["by_nationality"] + tied["by_address"]
    assert len(held["resolutions_on_the_state"]) <= held["roll_calls_naming_state"]
