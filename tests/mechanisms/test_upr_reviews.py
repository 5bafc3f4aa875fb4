"""The UPR reviews entered (`mechanisms/upr_reviews.py`): each Working Group report symbol has its source, and a
review whose symbol no source confirms says so in the citation line instead of guessing one (issue 11)."""

from __future__ import annotations

from rightsdesk.mechanisms.upr_reviews import citation, reviews_of, upr_reviews, working_group_report


def test_every_report_symbol_entered_names_where_it_was_found() -> None:
    for review in upr_reviews():
        assert review.source, review  # a symbol, or its absence, is never unexplained
        if review.report:
            assert review.report.startswith("A/HRC/") and not review.unconfirmed


def test_the_fourth_dprk_review_has_no_guessed_symbol_and_says_it_is_not_confirmed() -> None:
    fourth = next(r for r in reviews_of("PRK") if r.cycle == 4)
    assert (fourth.session, fourth.report, fourth.unconfirmed) == (47, None, True)
    assert "not confirmed" in fourth.source and "25 March 2025" in fourth.source  # what is known instead
    assert working_group_report("PRK", 47) is None and working_group_report("PRK", 33) == "A/HRC/42/10"
    line = citation(to="PRK", from_="FRA", from_original="France", cycle=4, session=47, paragraph=None,
                    report=None, response=None)
    assert "cycle 4 (Working Group session 47); report symbol not confirmed;" in line
    other = citation(to="PRK", from_="FRA", from_original="France", cycle=5, session=60, paragraph=None,
                     report=None, response=None)
    assert "report symbol not entered" in other  # a review not entered at all is not called unconfirmed
