"""Tests for the romanization tables: Hangul arithmetic, spellings and the initial-sound rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.matching.romanization import (
    FAMILY_READINGS,
    READINGS,
    canonical,
    compose,
    decompose,
    mccune_reischauer,
    spellings,
)

hangul = st.integers(min_value=0xAC00, max_value=0xD7A3).map(chr)


@given(hangul)
def test_decompose_compose_round_trip(syllable: str) -> None:
    assert compose(*decompose(syllable)) == syllable


@given(hangul)
def test_canonical_is_idempotent(syllable: str) -> None:
    assert canonical(canonical(syllable)) == canonical(syllable)


def test_initial_sound_rule_folds_dprk_and_south_forms() -> None:
    assert canonical("리") == canonical("이") == "이"
    assert canonical("류") == "유"
    assert canonical("로") == canonical("노") == "노"
    assert canonical("김") == "김"


def test_mccune_reischauer_as_the_dprk_writes_it() -> None:
    assert [mccune_reischauer(s) for s in "조용원"] == ["cho", "yong", "won"]
    assert mccune_reischauer("철") == "chol"


def test_spellings_include_revised_and_customary() -> None:
    assert {"chol", "cheol", "chul"} <= set(spellings("철"))
    assert {"yong", "yeong", "young"} <= set(spellings("영"))


def test_readings_map_spellings_back_to_hangul() -> None:
    assert {"영", "용"} <= READINGS["yong"]
    assert "철" in READINGS["chul"] and "철" in READINGS["cheol"]
    assert "은" in READINGS["un"] and "일" not in READINGS["un"]


def test_family_spellings() -> None:
    for spelling in ("ri", "lee", "yi", "rhee", "rhi"):
        assert "이" in FAMILY_READINGS[spelling], spelling
    for spelling in ("choe", "choi", "chwe"):
        assert "최" in FAMILY_READINGS[spelling], spelling
    for spelling in ("pak", "park", "bak"):
        assert "박" in FAMILY_READINGS[spelling], spelling
    for spelling in ("jong", "jeong", "chung", "chong"):
        assert "정" in FAMILY_READINGS[spelling], spelling
