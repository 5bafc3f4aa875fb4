"""Tests for screening: ranking, threshold, features, explanations, input errors, and the acceptance cases."""

from __future__ import annotations

import pytest

from rightsdesk.errors import InputError
from rightsdesk.screening import THRESHOLD, ScreeningIndex, ScreeningQuery, screen


def top(index: ScreeningIndex, name: str, **kwargs: object) -> dict[str, object]:
    results = screen(index, ScreeningQuery.build(name, **kwargs))["results"]  # type: ignore[arg-type]
    assert results, f"no result for {name!r}"
    return results[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", ["Cho Yong Won", "Jo Yong-won", "조용원", "Yongwon Jo", "CHO YONG-WON"])
def test_forms_of_a_name_rank_the_record_first(small_index: ScreeningIndex, name: str) -> None:
    result = top(small_index, name)
    assert result["reference_number"] == "KPi.043" and result["match"] is True


def test_result_shape(small_index: ScreeningIndex) -> None:
    out = screen(small_index, ScreeningQuery.build("Cho Yong Won"))
    assert out["query"]["name"] == "Cho Yong Won"
    result = out["results"][0]
    assert set(result) >= {"list", "reference_number", "name", "score", "match", "explanation"}
    assert result["explanation"][0]["feature"] == "name" and "yong" in result["explanation"][0]["detail"]
    scores = [r["score"] for r in out["results"]]
    assert scores == sorted(scores, reverse=True)


def test_hard_negative_below_threshold_unless_dob_agrees(small_index: ScreeningIndex) -> None:
    plain = [r for r in screen(small_index, ScreeningQuery.build("Jo Yong-won"))["results"]
             if r["reference_number"] == "KPi.900"]
    assert plain and plain[0]["score"] < THRESHOLD
    with_dob = [r for r in screen(small_index, ScreeningQuery.build("Jo Yong-won", dob="1960-01-01"))["results"]
                if r["reference_number"] == "KPi.900"]
    assert with_dob[0]["match"] is True
    assert any(f["feature"] == "dob_matches" for f in with_dob[0]["explanation"])


def test_kim_jong_un_is_not_kim_jong_il(small_index: ScreeningIndex) -> None:
    results = screen(small_index, ScreeningQuery.build("Kim Jong-un"))["results"]
    assert all(not r["match"] for r in results)


def test_dob_mismatch_lowers_the_score(small_index: ScreeningIndex) -> None:
    agree = top(small_index, "Kim Yong Chol", dob="1962-02-18")["score"]
    differ = top(small_index, "Kim Yong Chol", dob="1990-05-05")["score"]
    assert differ < THRESHOLD <= agree


def test_identifier_finds_the_record_despite_another_name(small_index: ScreeningIndex) -> None:
    result = top(small_index, "Some Other Name", identifiers=["108 210 124"])
    assert result["reference_number"] == "KPi.043" and result["match"] is True


def test_vessel_by_imo_and_schema_filter(small_index: ScreeningIndex) -> None:
    assert top(small_index, "Chonmasan", schema="vessel", identifiers=["IMO 8660313"])["reference_number"] == "20001"
    people = screen(small_index, ScreeningQuery.build("Chon Ma San", schema="person"))["results"]
    assert all(r["schema"] == "individual" for r in people)


def test_lists_filter(small_index: ScreeningIndex) -> None:
    results = screen(small_index, ScreeningQuery.build("Kim Yong Chol", lists=["un"]))["results"]
    assert all(r["list"] == "un" for r in results)


@pytest.mark.parametrize(("kwargs", "message"), [({"name": "  "}, "empty name"),
                                                 ({"name": "Kim", "dob": "24/10/1957"}, "malformed date"),
                                                 ({"name": "Kim", "schema": "planet"}, "unknown schema")])
def test_bad_input(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        ScreeningQuery.build(**kwargs)  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "ref"), [("Cho Yong Won", "KPi.043"), ("최휘", "KPi.042"),
                                           ("Ri Jae Il", "KPi.051"), ("Lee Jae-il", "KPi.051")])
def test_acceptance_on_the_real_lists(real_index: ScreeningIndex, name: str, ref: str) -> None:
    results = screen(real_index, ScreeningQuery.build(name))["results"]
    best = results[0]["score"]
    tied = {r["reference_number"] for r in results if r["score"] == best}
    assert ref in tied and results[0]["match"] is True
    if name == "Cho Yong Won":
        assert results[0]["reference_number"] == "KPi.043"
