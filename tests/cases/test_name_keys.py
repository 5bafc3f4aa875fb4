"""The search keys of names: every written form of a fictional name shares a key with its Hangul, and few rows
are stored per person."""

from __future__ import annotations

import pytest

from rightsdesk.cases.name_keys import name_keys, names_keys
from rightsdesk.cases.synth import synth_rows

FORMS = ["김영철", "Kim Yong Chol", "Gim Yeong-cheol", "KIM YONGCHOL", "Yong-chol Kim", "Kim Yŏng-ch'ŏl"]


@pytest.mark.parametrize("query", FORMS)
def test_every_form_finds_the_stored_person(query: str) -> None:
    stored = names_keys(["김영철", "Kim Yong Chol"])
    assert name_keys(query) & stored


@pytest.mark.parametrize("other", ["김영수", "Kim Yong Su", "박영철", "Pak Yong Chol", "Kim Chol"])
def test_another_name_does_not(other: str) -> None:
    assert not name_keys(other) & names_keys(["김영철", "Kim Yong Chol"])


def test_a_person_with_a_hangul_name_stores_few_keys() -> None:
    stored = names_keys(["김영철", "Kim Yong Chol", "Gim Yeong-cheol"])
    assert len([k for k in stored if k.startswith("k:")]) == 1 and len(stored) == 4


def test_a_name_that_is_not_korean_is_found_by_its_spelling() -> None:
    assert name_keys("Maria dos Santos") & names_keys(["Santos Maria Dos"])
    assert not name_keys("Maria Santos") & names_keys(["Maria dos Santos"])


def test_the_fictional_names_find_their_hangul() -> None:
    for row in synth_rows(300, seed=11):
        stored = names_keys([row["victim_name_hangul"]])
        for form in ("victim_name_mr", "victim_name_rr", "victim_name_other"):
            if row[form]:
                assert name_keys(row[form]) & stored, (row["victim_name_hangul"], row[form])
