"""The voting, cycle and treaty-body rules, including their edge cases."""

from __future__ import annotations

import pytest

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.rules import (
    general_assembly_outcome,
    human_rights_council_outcome,
    next_upr_review,
    positions_from_lists,
    security_council_outcome,
    treaty_bodies_for,
    upr_cycle,
)
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.vocab import Vote

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED = ["DZA", "GUY", "KOR", "SLE", "SVN", "CHE", "ECU", "JPN", "MLT", "MOZ"]
MEMBERS = P5 + ELECTED


def council(yes: list[str], no: list[str] = (), abstain: list[str] = (), kind: str = "substantive"):  # type: ignore[assignment]
    return security_council_outcome(positions_from_lists(yes, no, abstain), MEMBERS, kind)  # type: ignore[arg-type]


def test_exactly_nine_yes_adopts_a_procedural_vote() -> None:
    outcome = council(ELECTED[:6] + ["FRA", "GBR", "USA"], kind="procedural")
    assert outcome.yes == 9 and outcome.adopted


def test_eight_yes_is_not_enough() -> None:
    outcome = council(ELECTED[:5] + ["FRA", "GBR", "USA"], kind="procedural")
    assert not outcome.adopted and "falls short" in outcome.reasoning


def test_permanent_no_on_a_procedural_vote_is_not_a_veto() -> None:
    outcome = council(ELECTED[:6] + ["FRA", "GBR", "USA"], ["CHN", "RUS"], kind="procedural")
    assert outcome.adopted and outcome.vetoed_by == ()
    assert "no veto applies" in outcome.reasoning


def test_permanent_no_vetoes_a_substantive_draft_and_is_named() -> None:
    outcome = council(ELECTED + ["FRA", "GBR", "USA"], ["CHN"])
    assert outcome.yes == 13 and not outcome.adopted
    assert outcome.vetoed_by == ("CHN",) and "Vetoed by CHN" in outcome.reasoning


def test_permanent_abstention_is_not_a_veto() -> None:
    outcome = council(ELECTED[:6] + ["FRA", "GBR", "USA"], abstain=["CHN", "RUS"])
    assert outcome.adopted and outcome.vetoed_by == ()
    assert "abstention is not a veto" in outcome.reasoning


def test_elected_member_no_is_not_a_veto() -> None:
    outcome = council(ELECTED[:6] + ["FRA", "GBR", "USA"], ["MOZ"])
    assert outcome.adopted


def test_members_not_named_are_absent() -> None:
    outcome = council(["USA"])
    assert len(outcome.absent) == 14 and not outcome.adopted


def test_a_state_named_twice_is_an_error() -> None:
    with pytest.raises(InputError, match="named twice"):
        positions_from_lists(["USA"], ["USA"])


def test_a_non_member_cannot_vote() -> None:
    with pytest.raises(InputError, match="not members"):
        council(["PRK"])


@pytest.mark.parametrize(("yes", "no", "adopted"), [(10, 9, True), (9, 9, False), (0, 0, False)])
def test_general_assembly_simple_majority(yes: int, no: int, adopted: bool) -> None:
    assert general_assembly_outcome(yes, no, 100).adopted is adopted


@pytest.mark.parametrize(("yes", "no", "adopted"), [(100, 50, True), (99, 50, False), (116, 20, True)])
def test_general_assembly_two_thirds_on_important_questions(yes: int, no: int, adopted: bool) -> None:
    outcome = general_assembly_outcome(yes, no, 53, important=True)
    assert outcome.adopted is adopted and "two-thirds" in outcome.rule


def test_abstentions_do_not_count_in_the_general_assembly() -> None:
    assert general_assembly_outcome(10, 9, 150).adopted


def test_human_rights_council_majority_of_votes_cast() -> None:
    assert human_rights_council_outcome(22, 7, 18).adopted
    assert not human_rights_council_outcome(15, 15, 17).adopted
    with pytest.raises(InputError):
        human_rights_council_outcome(30, 10, 10)


@pytest.mark.parametrize(("session", "cycle"), [(1, 1), (6, 1), (12, 1), (13, 2), (19, 2), (26, 2), (27, 3),
                                                 (33, 3), (40, 3), (41, 4), (47, 4), (54, 4), (55, 5), (61, 5)])
def test_upr_cycle_of_session(session: int, cycle: int) -> None:
    assert upr_cycle(session) == cycle


def test_next_upr_review_of_the_dprk_is_in_2029() -> None:
    review = next_upr_review("PRK", 47, PartialDate(2024, 11))
    assert review.session == 61 and review.cycle == 5
    assert review.earliest.year == review.latest.year == 2029
    assert "not announced" in review.reasoning


def test_past_reviews_follow_the_rule() -> None:
    # cycle 2 session 19 (May 2014) → cycle 3 session 33 (May 2019), as happened
    assert next_upr_review("PRK", 19, PartialDate(2014, 5)).session == 33


def test_treaty_bodies_follow_ratifications() -> None:
    reviews = treaty_bodies_for("XXX", {"ICCPR": (PartialDate(1981, 9, 14), "c"), "OP-CAT": (None, "c")})
    assert [r.body.code for r in reviews] == ["CCPR", "SPT"]
    assert "date unknown" in reviews[1].reasoning


def test_next_upr_review_from_a_year_only_date_widens_the_window() -> None:
    review = next_upr_review("XYZ", 20, PartialDate(2014))
    assert (review.earliest, review.latest) == (PartialDate(2018, 4), PartialDate(2019, 9))
    assert "month is not known" in review.reasoning


def test_council_outcome_reads_codes_in_any_case() -> None:
    outcome = security_council_outcome({"chn": Vote.NO, " usa": Vote.YES}, [m.lower() for m in MEMBERS],
                                       "substantive")
    assert outcome.vetoed_by == ("CHN",) and outcome.yes == 1 and len(outcome.absent) == 13
