"""The record as corrected and filled by the audit of 2 December 2026 (shared/context/record-audit.md)."""

from __future__ import annotations

from rightsdesk.mechanisms.memberships import office_holders, ratifications
from rightsdesk.mechanisms.registry import mechanisms
from rightsdesk.model.vocab import Vote
from rightsdesk.situation.council import reproduce
from rightsdesk.situation.records import (
    coi_recommendations,
    essay_reference,
    hand_events,
    recorded_council_votes,
    resolutions,
)
from rightsdesk.situation.timeline import timeline


def _vote(day: str):  # type: ignore[no-untyped-def]
    return next(v for v in recorded_council_votes() if v.date.iso() == day)


def test_the_2016_procedural_vote_was_9_5_1_with_positions() -> None:
    vote = _vote("2016-12-09")
    assert (vote.yes, vote.no, vote.abstain) == (9, 5, 1) and vote.meeting == "S/PV.7830"
    assert vote.positions is not None
    assert {c for c, v in vote.positions.items() if v == Vote.NO} == {"AGO", "CHN", "EGY", "RUS", "VEN"}
    assert {c for c, v in vote.positions.items() if v == Vote.ABSTAIN} == {"SEN"}
    assert {c for c, v in vote.positions.items() if v == Vote.YES} == {
        "FRA", "JPN", "MYS", "NZL", "ESP", "UKR", "GBR", "USA", "URY"}
    assert vote.source and "AFP" in vote.source and "9 December 2016" in vote.source
    outcome = reproduce(vote)
    assert outcome.adopted and (outcome.yes, outcome.no, outcome.abstain) == (9, 5, 1)
    events = [e for e in timeline("PRK") if e.symbol == "S/PV.7830"]
    assert events and all("9-4-2" not in e.summary for e in events)
    assert any("9-5-1" in e.summary and "AFP" in e.citation for e in events)


def test_the_june_2024_procedural_vote() -> None:
    vote = _vote("2024-06-12")
    assert vote.kind == "procedural" and (vote.yes, vote.no, vote.abstain) == (12, 2, 1)
    assert vote.meeting is None and "meeting" in vote.unknown  # the symbol stays unknown until sourced
    assert vote.positions is not None
    assert {c for c, v in vote.positions.items() if v == Vote.NO} == {"CHN", "RUS"}
    assert {c for c, v in vote.positions.items() if v == Vote.ABSTAIN} == {"MOZ"}
    assert vote.source and "News1" in vote.source
    outcome = reproduce(vote)
    assert outcome.adopted and outcome.vetoed_by == ()  # no veto on a procedural vote, though CHN and RUS voted no
    june = [e for e in timeline("PRK", mechanism="SC") if e.date.iso() == "2024-06-12"]
    assert {e.kind for e in june} == {"meeting", "procedural-vote"}
    assert all(e.symbol is None and "News1" in e.citation and e.footnote is None for e in june)


def test_special_rapporteur_appointments_cite_the_june_july_sessions() -> None:
    by_name = {h.name: h for h in office_holders("special_rapporteurs_dprk")}
    assert "18 June 2010" in by_name["Marzuki Darusman"].citation and "14th session" in by_name["Marzuki Darusman"].citation
    assert "1 July 2016" in by_name["Tomás Ojea Quintana"].citation
    assert "32nd session" in by_name["Tomás Ojea Quintana"].citation
    assert "50th session" in by_name["Elizabeth Salmón"].citation and "8 July 2022" in by_name["Elizabeth Salmón"].citation
    for wrong in ("13th session", "31st session", "49th session"):
        assert all(wrong not in h.citation for h in by_name.values())
    assert [h.start.iso() for h in by_name.values()] == ["2004-07", "2010-08", "2016-08", "2022-08"]


def test_coi_tracker_counts_six_public_discussions() -> None:
    rec = next(r for r in coi_recommendations() if r.id == "coi-sc-agenda")
    assert "six public discussions" in rec.evidence and "five" not in rec.evidence
    assert "without a procedural vote" in rec.evidence and "12 June 2024" in rec.evidence
    assert "12-2-1" in rec.evidence and "News1" in rec.citation


def test_the_filled_blanks() -> None:
    ga79 = next(r for r in resolutions() if r.body == "GA" and r.session == 79)
    assert ga79.date.iso() == "2024-12-17" and ga79.without_vote is True
    assert ga79.symbol is None and ga79.unknown == ("symbol",) and ga79.source  # never an invented symbol
    hrc58 = next(r for r in resolutions() if r.body == "HRC" and r.session == 58)
    assert hrc58.date.iso() == "2025-04-03" and hrc58.without_vote is True and hrc58.symbol is None
    assert hrc58.cosponsors == 54 and "KOR" in hrc58.cosponsors_include and hrc58.source
    assert hrc58.as_dict()["adopted"] == "without a vote"
    ced = (ratifications("KOR") or {})["ICPPED"]
    assert ced.date is not None and ced.date.iso() == "2023-01-04"
    assert mechanisms()["OHCHR-SEOUL"].established == "2015-06-23"
    assert any(e.date.iso() == "2015-06-23" and e.mechanism == "OHCHR-SEOUL" for e in hand_events())
    veto = [e for e in hand_events() if e.kind == "veto"]
    assert [e.date.iso() for e in veto] == ["2024-03-28"]
    filled = {e.date.iso(): e for e in timeline("PRK") if e.kind == "resolution" and e.symbol is None}
    assert {"2024-12-17", "2025-04-03"} <= set(filled) and all(e.source for e in filled.values())


def test_every_press_sourced_fact_names_publication_and_date() -> None:
    for v in recorded_council_votes():
        assert v.source is None or any(ch.isdigit() for ch in v.source), v.label
    for e in hand_events():
        assert e.source is None or e.source.strip(), e.summary


def test_the_essay_is_named() -> None:
    ref = essay_reference()
    assert "The UN and North Korean Human Rights" in ref and "2024" in ref and "essay fn" in ref
