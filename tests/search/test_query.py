"""SearchQuery: what users type becomes safe terms; no input can make either engine reject the query."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.search.query import SearchQuery


@pytest.mark.parametrize(("text", "fts5"), [
    ("torture", '"torture"'),
    ("tort*", '"tort"*'),
    ('"forced labour"', '("forced labour" OR "forced labor")'),
    ("-death penalty", '"penalty" NOT "death"'),
    ("non-refoulement", '"non refoulement"'),
    ('"unbalanced', '"unbalanced"'),
    ("a AND b OR NEAR", '"a" AND "b"'),
])
def test_terms_render_as_quoted_fts5(text: str, fts5: str) -> None:
    assert SearchQuery.parse(text).fts5() == fts5


@pytest.mark.parametrize("text", ["", "((", "*", '"', "NEAR AND", "   ", "😀"])
def test_text_without_a_word_is_empty(text: str) -> None:
    assert SearchQuery.parse(text).empty


@pytest.mark.parametrize("text", ["*", "😀", "((", "NEAR"])
def test_text_without_a_word_says_so(text: str) -> None:
    """Issue 11: '*' or an emoji answered "41,066 found" with no word of why."""
    assert any("no word to search for" in n for n in SearchQuery.parse(text).notices)


def test_exclusions_alone_are_a_query() -> None:
    """Issue 11: `-torture` returned everything; now it is a query of what holds no "torture"."""
    q = SearchQuery.parse("-torture")
    assert not q.empty and q.only_excluded and q.fts5() == '"torture"' and q.tsquery() == "!('torture')"


def test_or_joins_two_terms() -> None:
    """Issue 11: `OR` was read as a word (and dropped); now `a OR b` is either."""
    q = SearchQuery.parse("torture OR detention camps")
    assert q.fts5() == '("torture" OR "detention") AND "camps"'
    assert q.tsquery() == "(('torture') | ('detention')) & ('camps')"
    assert SearchQuery.parse("NOT death penalty").fts5() == '"penalty" NOT "death"'


@pytest.mark.parametrize(("typed", "other"), [("labor", "labour"), ("labour", "labor"), ("organize", "organise"),
                                               ("defense", "defence"), ("criminalisation", "criminalization")])
def test_british_and_american_spellings_find_each_other(typed: str, other: str) -> None:
    q = SearchQuery.parse(f"forced {typed}")
    assert f'"{other}"' in q.fts5() and f"'{other}'" in q.tsquery()
    assert any(other in n for n in q.notices)


@pytest.mark.parametrize("word", ["exercise", "surprised", "hour", "colorado", "size", "rights"])
def test_words_with_one_spelling_are_left_alone(word: str) -> None:
    assert SearchQuery.parse(word).fts5() == f'"{word}"'


def test_a_long_pasted_recommendation_is_searched_by_its_first_terms() -> None:
    """Issue 11: a query over 500 characters was a bare error page; 73 recommendations are longer than that."""
    q = SearchQuery.parse("word " * 200 + "end")
    assert len(q.terms) == 16 and any("first 16" in n for n in q.notices)


def test_tsquery_joins_phrases_and_prefixes() -> None:
    assert SearchQuery.parse('"forced labour" detent* -death').tsquery() == \
        "(('forced' <-> 'labour') | ('forced' <-> 'labor')) & ('detent':*) & !('death')"


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('Abolish torture and forced labour in detention camps')")
    return conn


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_no_text_breaks_an_fts5_match(fts: sqlite3.Connection, text: str) -> None:
    query = SearchQuery.parse(text)
    if not query.empty:
        fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query.fts5(),)).fetchone()


def test_stemming_phrases_and_prefixes_find_the_row(fts: sqlite3.Connection) -> None:
    for text in ("tortured", '"forced labour"', "detent*", 'camp -"death penalty"'):
        assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (SearchQuery.parse(text).fts5(),)).fetchone() == (1,)
    assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (SearchQuery.parse("torture -labour").fts5(),)).fetchone() == (0,)
    assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (SearchQuery.parse("forced labor").fts5(),)).fetchone() == (1,)


def test_romanized_terms_take_the_other_spellings_of_a_syllable() -> None:
    q = SearchQuery.parse('Choi "Jae Il" -bank 조').romanized()
    assert q.terms[0].words == ("choi",) and {"choe", "chwe"} <= set(q.terms[0].alternatives)
    assert q.terms[1].words == ("jae", "il") and not q.terms[1].alternatives  # a phrase stays as typed
    assert {"jo", "cho"} <= {q.terms[2].words[0], *q.terms[2].alternatives}
    assert q.terms[-1].negated and q.terms[-1].words == ("bank",)
    assert '("choi" OR "choe"' in q.fts5() and "('choi' | 'choe'" in q.tsquery()
