"""Tests for the Korean name model: parsing in either order, readings, scores and explanations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.matching.names import (
    compare_names,
    normalise,
    parse_name,
    segment,
    spelling_score,
)
from rightsdesk.matching.romanization import mccune_reischauer

THRESHOLD = 0.8

#: Variant pairs inside the UN 1718 list's own aliases (primary name, alias of the same record).
LIST_ALIAS_PAIRS = [
    ("JO YONG-WON", "Cho Yongwon"),  # KPi.043
    ("YUN HO-JIN", "Yun Ho-chin"),  # KPi.001
    ("RI JE-SON", "Ri Che-son"),  # KPi.002
    ("PAEK CHANG-HO", "Pak Chang-Ho"),  # KPi.006
    ("PAEK CHANG-HO", "Paek Ch'ang-Ho"),  # KPi.006
    ("CHANG MYONG-CHIN", "Jang Myong-Jin"),  # KPi.007
    ("RA KY'ONG-SU", "Ra Kyung-Su"),  # KPi.008
    ("MUN CHO'NG-CH'O'L", "Mun Chong-Chol"),  # KPi.012
    ("CHOE CHUN-SIK", "Ch’oe Ch’un Sik"),  # KPi.013
    ("HYON KWANG IL", "Hyon Gwang Il"),  # KPi.015
    ("JANG BOM SU", "Jang Pom Su"),  # KPi.016
    ("JON MYONG GUK", "Cho’n Myo’ng-kuk"),  # KPi.018
    ("KIM JUNG JONG", "Kim Chung Chong"),  # KPi.021
    ("KIM YONG CHOL", "Kim Young-Cheol"),  # KPi.024
    ("JO YONG CHOL", "Cho Yong Chol"),  # KPi.034
    ("CHO IL U", "Cho Il Woo"),  # KPi.040
    ("CHO YON CHUN", "Jo Yon Jun"),  # KPi.041
    ("MIN BYONG CHOL", "Min Pyo’ng-ch’o’l"),  # KPi.047
    ("PAEK SE BONG", "Paek Se Pong"),  # KPi.048
    ("PAK TO CHUN", "Pak Do Chun"),  # KPi.050
    ("RI JAE IL", "RI Chae-Il"),  # KPi.051
    ("HAN JANG SU", "Chang-Su Han"),  # KPi.055, family name last
    ("Pak Il Kyu", "Pak Il-Gyu"),  # KPi.062
    ("CH'OE SO’K MIN", "Choe Sok Min"),  # KPi.064
    ("CHU HYO’K", "Ju Hyok"),  # KPi.065
    ("RI PYONG CHUL", "Ri Pyong Chol"),  # KPi.076
    ("RI U’N SO’NG", "Ri Eun Song"),  # KPi.078
]


@pytest.mark.parametrize(("primary", "alias"), LIST_ALIAS_PAIRS)
def test_list_alias_pairs_match(primary: str, alias: str) -> None:
    result = compare_names(primary, alias)
    assert result.method == "korean"
    assert result.score >= 0.94, result


@pytest.mark.parametrize("variant", ["Jo Yong-won", "CHO YONG WON", "Yongwon Jo", "조용원", "Jo Yongwon",
                                     "Cho Yong-Won", "jo  yong - won"])
def test_forms_of_jo_yong_won(variant: str) -> None:
    assert compare_names("JO YONG-WON", variant).score >= 0.94


@pytest.mark.parametrize(("left", "right"), [("Kim Jong-un", "Kim Jong-il"), ("Jo Yong-won", "Jo Yong-nam"),
                                             ("Kim Yong Chol", "Pak Yong Chol"), ("Ri Jae Il", "Ri Jae Son")])
def test_hard_negatives_stay_below_threshold(left: str, right: str) -> None:
    assert compare_names(left, right).score < THRESHOLD


@pytest.mark.parametrize("family", ["Ri", "Lee", "Yi", "Rhee", "Rhi", "리", "이"])
def test_ri_lee_yi_rhee(family: str) -> None:
    name = f"{family}재일" if family in {"리", "이"} else f"{family} Jae-il"
    assert compare_names("RI JAE IL", name).score >= 0.94


def test_hangul_query_against_romanized() -> None:
    result = compare_names("최휘", "CHOE HWI")
    assert result.score >= 0.94
    assert "최" in result.explanation and "휘" in result.explanation


def test_explanation_names_what_matched_and_what_did_not() -> None:
    text = compare_names("Kim Jong-un", "Kim Jong-il").explanation
    assert "family kim = kim" in text and "un ≠ il" in text


def test_segment_unhyphenated_given_names() -> None:
    assert ("yong", "won") in segment("yongwon")
    assert segment("xqz") == ()


def test_non_korean_names_fall_back_to_spelling() -> None:
    result = compare_names("Usama bin Ladin", "Osama bin Laden")
    assert result.method == "spelling"
    assert result.score > compare_names("Usama bin Ladin", "Sa'ad bin Laden").score
    assert not parse_name("KOREA MINING DEVELOPMENT TRADING CORPORATION").is_korean


def test_normalise_folds_breves_apostrophes_case() -> None:
    assert normalise("Ch’ŏe Sŏk-MIN") == "choe sok-min"


names_alphabet = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -’'ŏŭ가나다조용원", max_size=20)
hangul_syllable = st.integers(min_value=0xAC00, max_value=0xD7A3).map(chr)


@given(names_alphabet, names_alphabet)
def test_score_is_bounded_and_symmetric(left: str, right: str) -> None:
    a, b = compare_names(left, right).score, compare_names(right, left).score
    assert 0.0 <= a <= 1.0
    assert a == pytest.approx(b)


@given(st.sampled_from(["김", "박", "최", "조", "리", "정", "강"]), st.lists(hangul_syllable, min_size=1, max_size=2))
def test_hangul_matches_its_own_mccune_reischauer(family: str, given_name: list[str]) -> None:
    hangul = family + "".join(given_name)
    roman = f"{mccune_reischauer(family)} {'-'.join(mccune_reischauer(s) for s in given_name)}"
    if parse_name(roman).is_korean:  # syllables outside the name table cannot be read back
        assert compare_names(hangul, roman).score >= 0.94


@given(st.floats(min_value=0.0, max_value=1.0))
def test_spelling_score_is_monotone_and_bounded(ratio: float) -> None:
    assert 0.0 <= spelling_score(ratio) <= 1.0
    assert spelling_score(ratio) <= spelling_score(min(1.0, ratio + 0.1))
