"""Faceted browsing and full-text search over the fixture files, on both engines."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsdesk.access import ANONYMOUS
from rightsdesk.errors import InputError
from rightsdesk.search import SearchQuery, browse, ensure_index, split_marked
from rightsdesk.search.everything import search_all
from rightsdesk.search.index import MARK_END, MARK_START, highlights
from rightsdesk.stats.coalition import coalition
from rightsdesk.store import ReadSession
from tests.web.conftest import load_samples


@pytest.fixture
def session(store: Any) -> Any:
    """A read of the indexed fixture files by an anonymous visitor (the browsing data is public)."""
    load_samples(store)
    with store.engine.begin() as c:
        assert ensure_index(c) is True
        assert ensure_index(c) is False  # up to date: nothing to do
    with store.reading(ANONYMOUS) as read:
        yield read


def test_search_stems_and_ranks(session: ReadSession) -> None:
    page = browse.recommendation_page(session, {}, SearchQuery.parse("tortured"))
    assert page.total == 3 and all("ortur" in r["text"] for r in page.items)


def test_search_with_filters_and_facets(session: ReadSession) -> None:
    filters = {"to": "PRK", "response": "noted"}
    page = browse.recommendation_page(session, filters, SearchQuery.parse("torture"))
    assert page.total >= 1 and all(r["to"] == "PRK" and r["response"] == "noted" for r in page.items)
    facets = browse.recommendation_facets(session, {"to": "PRK"}, SearchQuery.parse(""))
    assert dict(facets["response"]) == {"noted": 10}
    assert sum(n for _, n in facets["group"]) == 10


def test_a_facet_counts_under_the_other_filters_only(session: ReadSession) -> None:
    facets = browse.recommendation_facets(session, {"response": "noted"}, SearchQuery.parse(""))
    assert len(facets["response"]) == 2  # the other response is still offered


def test_cursor_walks_every_row_once(session: ReadSession) -> None:
    seen, cursor = [], None
    while True:
        page = browse.recommendation_page(session, {}, SearchQuery.parse(""), cursor, limit=7)
        seen += [r["id"] for r in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == page.total == 30


@pytest.mark.parametrize("cursor", ["zz", "bzot", "!!", "eDox"])
def test_a_foreign_cursor_is_an_input_error(session: ReadSession, cursor: str) -> None:
    with pytest.raises(InputError, match="cursor"):
        browse.recommendation_page(session, {}, SearchQuery.parse(""), cursor)


def test_votes_and_designations_are_searchable(session: ReadSession) -> None:
    assert {v["symbol"] for v in browse.vote_page(session, SearchQuery.parse("korea")).items} >= {"A/RES/69/188"}
    names = browse.designation_page(session, {}, SearchQuery.parse("kim")).items
    assert names and all("KIM" in d["name"].upper() or d["list"] for d in names)


def test_highlights_mark_the_matched_words(session: ReadSession) -> None:
    q = SearchQuery.parse("torture")
    refs = [r["id"] for r in browse.recommendation_page(session, {}, q).items]
    marked = highlights(session, q, "recommendation", refs)
    assert len(marked) == len(refs)
    for text in marked.values():
        assert MARK_START in text and MARK_END in text
        assert any(hit and "ortur" in seg.lower() for seg, hit in split_marked(text))


def test_search_all_groups_every_kind(session: ReadSession) -> None:
    found = search_all(session, SearchQuery.parse("korea"))
    assert set(found["groups"]) == {"recommendations", "votes", "designations", "mechanisms", "events"}
    assert found["groups"]["votes"]["total"] >= 3


def test_coalition_counts_each_states_votes(session: ReadSession) -> None:
    data = coalition(session, "PRK", "group").to_dict()
    assert [r["symbol"] for r in data["resolutions"]] == ["A/RES/60/173", "A/RES/69/188", "A/RES/70/172"]
    prk = next(s for s in data["states"] if s["country"] == "PRK")
    assert prk["no"] == 3 and prk["yes_share"] == 0.0
    with pytest.raises(InputError):
        coalition(session, "KOR")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=60))
def test_no_text_breaks_a_search_on_either_engine(session: ReadSession, text: str) -> None:
    query = SearchQuery.parse(text)
    browse.recommendation_page(session, {"to": "PRK"}, query, limit=5)
    browse.designation_page(session, {}, query, limit=5)


def test_a_possessive_searches_alike_on_both_engines() -> None:
    from rightsdesk.search.query import SearchQuery

    assert SearchQuery.parse("women's rights").fts5() == SearchQuery.parse("women rights").fts5()
    assert SearchQuery.parse('"women’s rights"').tsquery() == SearchQuery.parse('"women rights"').tsquery()


def _counted(rows: list[dict[str, Any]], facet: str, groups: dict[str, Any]) -> dict[Any, int]:
    out: dict[Any, int] = {}
    for r in rows:
        values = {"from": [r["from"]], "category": [r["action_category"]], "issue": r["issues"],
                  "group": [groups.get(r["from"])]}.get(facet, [r.get(facet)])
        for v in values:
            if v is not None:
                out[v] = out.get(v, 0) + 1
    return out


@pytest.mark.parametrize(("filters", "text"), [
    ({}, ""), ({}, "torture"), ({"to": "PRK"}, "torture"), ({"response": "noted"}, "rights"),
    ({"group": "WEOG"}, ""), ({"from": "FRA", "cycle": 1}, "women"), ({"issue": "Torture and other CID treatment"}, ""),
    ({"category": 5}, "-torture"), ({}, "zzzzunheardof"),
])
def test_facet_counts_are_the_counts_under_every_other_filter(session: ReadSession, filters: dict[str, Any],
                                                              text: str) -> None:
    """Each facet's counts are those of the matching recommendations under every filter but its own, on both
    engines, however the counting is done."""
    from rightsdesk.store import schema

    groups = dict(session.conn.execute(schema.country.select().with_only_columns(
        schema.country.c.iso3, schema.country.c.regional_group)).tuples().all())
    query = SearchQuery.parse(text)
    facets = browse.recommendation_facets(session, filters, query)
    for facet in browse.REC_FACETS:
        others = {k: v for k, v in filters.items() if k != facet}
        expected = _counted(browse.recommendations_all(session, others, query), facet, groups)
        assert dict(facets[facet]) == expected, facet
