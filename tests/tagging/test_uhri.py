"""The UHRI taxonomy as data, the keyword index, and the zero-shot tagger of themes, affected persons and SDGs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.errors import InputError
from rightsdesk.tagging.gold import crosswalk_truth, read_gold
from rightsdesk.tagging.keywords import KeywordIndex, expand, words
from rightsdesk.tagging.taxonomy import PERSONS, SCHEMES, SDG, THEME, ohchr_spellings, taxonomy
from rightsdesk.tagging.uhri import UhriTagger


def test_every_ohchr_spelling_names_exactly_one_label_and_every_label_is_used() -> None:
    tax = taxonomy()
    for scheme in SCHEMES:
        spellings = ohchr_spellings(scheme)
        used = {tax.canonical(scheme, name) for name in spellings}
        labels = {lab.label for lab in tax.labels(scheme)}
        assert used <= labels
        assert labels - used == ({"9 - INDUSTRY, INNOVATION AND INFRASTRUCTURE", "14 - LIFE BELOW WATER",
                                  "15 - LIFE ON LAND"} if scheme == SDG else set())


def test_spelling_variants_are_one_label() -> None:
    tax = taxonomy()
    assert tax.canonical(THEME, "Budget &resources (for human rights implementation)") == \
        tax.canonical(THEME, "Budget & resources (for human rights implementation)")
    assert tax.canonical(THEME, "Sexual & other forms of gender-based violence") == "Sexual & gender-based violence"
    assert tax.canonical(PERSONS, "youth") == "Youth & juveniles"
    assert tax.canonical(PERSONS, "media") == tax.canonical(PERSONS, "Media") == "Media"
    with pytest.raises(InputError, match="not a known uhri-theme label"):
        tax.canonical(THEME, "Space exploration")


def test_the_17_sdgs_with_their_official_titles() -> None:
    sdgs = taxonomy().sdgs
    assert [s.number for s in sdgs] == list(range(1, 18))
    assert sdgs[13].title == "Life below water" and sdgs[16].title == "Partnerships for the goals"
    assert taxonomy().canonical(SDG, "SDG 5") == taxonomy().canonical(SDG, "gender equality") == "5 - GENDER EQUALITY"


def test_crosswalk_covers_every_upr_info_issue() -> None:
    from rightsdesk.tagging.corpus import bundled_corpus

    issues = {i for r in bundled_corpus() for i in r.issues}
    linked = {link.upr_issue for link in taxonomy().crosswalk}
    assert len(issues) == 54
    assert issues - linked == {"General", "Other"}  # the two issues that name no theme
    assert all(0 < link.weight <= 1 for link in taxonomy().crosswalk)


def test_keyword_index_stems_any_word_and_spelling() -> None:
    index = KeywordIndex([("traffick*", "t"), ("withdraw* * reservation*", "r"), ("organi?ation", "o"),
                          ("ill-treatment", "i")])
    found = index.find("Withdraw its reservations; combat trafficking and ill treatment; the organization")
    assert found == {"r": ["withdraw its reservations"], "t": ["trafficking"], "i": ["ill treatment"],
                     "o": ["organization"]}
    assert index.find("withdraw reservations") == {}  # the lone * needs a word
    assert expand("organi?ation") == ["organisation", "organization"]


@given(st.text(max_size=200))
def test_keyword_index_never_fails_and_finds_only_what_is_there(text: str) -> None:
    found = KeywordIndex([("torture", "t"), ("death penalt*", "d")]).find(text)
    for hits in found.values():
        assert all(h in " ".join(words(text)) for h in hits)


def test_zero_shot_from_the_labels_words_with_evidence() -> None:
    tags = UhriTagger().tag(["Reveal the fate and whereabouts of the persons abducted by its agents",
                             "Ensure access to safe drinking water and sanitation in rural areas"], evidence=True)
    disappeared, water = tags
    assert disappeared.themes[0].label == "Enforced disappearances"
    assert "whereabouts" in disappeared.themes[0].evidence.words  # type: ignore[union-attr]
    assert "Disappeared persons" in {p.label for p in disappeared.affected_persons}
    assert water.themes[0].label == "Human Rights & drinking water & sanitation"
    assert "persons living in rural areas" in {p.label for p in water.affected_persons}
    assert water.sdgs[0].label == "6 - CLEAN WATER AND SANITATION"


def test_crosswalk_from_predicted_issues_and_requires() -> None:
    tagger = UhriTagger()
    text = "Take measures to that end"  # no keyword: only the predicted issue speaks
    assert tagger.tag([text], [{"Death penalty": 0.95}])[0].themes[0].label == "Right to life"
    weak = tagger.tag([text], [{"Death penalty": 0.3}])[0]
    assert [t.label for t in weak.themes] == ["Right to life"] and weak.themes[0].score == pytest.approx(0.3)
    # a disability sub-theme's words count only beside a word for disability
    plain = {t.label for t in tagger.tag(["Improve accessibility of public transport"])[0].themes}
    assert "Persons with disabilities: accessibility, mobility" not in plain
    both = {t.label for t in tagger.tag(["Improve accessibility for persons with disabilities"])[0].themes}
    assert "Persons with disabilities: accessibility, mobility" in both


def test_scores_are_between_zero_and_one_and_ordered() -> None:
    tags = UhriTagger().tag(["Ratify the Convention on the Rights of Persons with Disabilities, ensure "
                             "inclusive education and protect women and girls with disabilities from violence"],
                            [{"Disabilities": 0.99, "International instruments": 0.9, "Women's rights": 0.6}])[0]
    for scheme in SCHEMES:
        scores = [s.score for s in tags.of(scheme)]
        assert all(0.5 <= s <= 1 for s in scores) and scores == sorted(scores, reverse=True)
    assert {"Persons with disabilities", "Women & girls"} <= {p.label for p in tags.affected_persons}


def test_an_ohchr_labelled_file_is_read_with_variants_merged(tmp_path: Path) -> None:
    path = tmp_path / "gold.csv"
    path.write_text('text,themes,sdgs\n"Abolish the death penalty",Right to life,16\n'
                    '"Fight violence against women","Sexual & other forms of gender-based violence|'
                    'Violence against women",SDG 5\n', encoding="utf-8")
    gold = read_gold(path)
    assert gold[1].labels[THEME] == {"Sexual & gender-based violence", "Violence against women"}
    assert gold[0].labels[SDG] == {"16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"} and PERSONS not in gold[0].labels


@pytest.mark.parametrize(("content", "message"), [
    ("text,themes\n\"A text\",Space travel\n", "line 2: column themes: 'Space travel' is not a known"),
    ("text,themes\n,Right to life\n", "line 2: the text is empty"),
    ("words,labels\nx,y\n", "line 1: needs a `text` column"),
])
def test_a_bad_labelled_file_names_its_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gold.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_gold(path)


def test_the_proxy_truth_follows_full_links_only() -> None:
    assert crosswalk_truth(["Death penalty", "Justice"], THEME) == {"Right to life",
                                                                    "Administration of justice & fair trial"}
    assert crosswalk_truth(["General"], THEME) == frozenset()
