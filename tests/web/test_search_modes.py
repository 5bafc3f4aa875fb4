"""Search by words, by meaning or both on the workbench and in the API (`mode=`), on both engines: the same
rankings as `rightsdesk search`, every word match kept in hybrid, filters and facets applied within, and the
default (hybrid where the store holds vectors, else keyword) shown to the user."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.access import ANONYMOUS
from rightsdesk.pipeline import load_path as load
from rightsdesk.search.hybrid import PAGE_DEPTH, search_recommendations
from rightsdesk.search.index import update_index
from rightsdesk.search.vectors import update_vectors
from tests.web.conftest import load_samples, make_client

FIXTURES = Path(__file__).parent.parent / "fixtures"
DISAPPEARED = "people taken away whose fate is never disclosed to their families"


@pytest.fixture
def searchable(store: Any) -> Any:
    """617 recommendations with their full-text index and vectors."""
    load(store, "upr-info", FIXTURES / "upr_search_sample.csv")
    with store.engine.begin() as conn:
        update_index(conn)
        update_vectors(conn)
    return store


def _ids(client: Any, path: str, **params: Any) -> tuple[int, list[str]]:
    got = client.get(path, params={**params, "limit": 500})
    assert got.status_code == 200, got.text
    return got.json()["total"], [r["id"] for r in got.json()["items"]]


def test_each_mode_ranks_as_the_search_command(searchable: Any) -> None:
    client = make_client(searchable, raise_errors=True)
    api = "/api/v1/recommendations"
    assert _ids(client, api, q=DISAPPEARED) == (0, [])  # the API's default is keyword: the words find nothing
    total, semantic = _ids(client, api, q=DISAPPEARED, mode="semantic")
    with searchable.reading(ANONYMOUS) as session:
        expected = [r.id for r in search_recommendations(session, DISAPPEARED, mode="semantic", limit=10)]
        by_words = [r.id for r in search_recommendations(session, "death penalty", mode="hybrid", limit=5)]
    assert total == PAGE_DEPTH and semantic[:10] == expected
    assert _ids(client, api, q=DISAPPEARED, mode="hybrid") == (total, semantic)  # no word match to fuse
    keyword_total, keyword = _ids(client, api, q="death penalty", mode="keyword")
    hybrid_total, hybrid = _ids(client, api, q="death penalty", mode="hybrid")
    assert 0 < keyword_total < hybrid_total <= keyword_total + PAGE_DEPTH
    assert set(keyword) <= set(hybrid) and hybrid[:5] == by_words  # every word match kept, fused as the CLI does


def test_filters_and_facets_apply_within_the_mode(searchable: Any) -> None:
    client = make_client(searchable, raise_errors=True)
    state = client.get("/api/v1/recommendations/facets", params={"q": DISAPPEARED, "mode": "semantic"}).json()
    counts = {x["value"]: x["count"] for x in state["cycle"]}
    assert sum(counts.values()) == PAGE_DEPTH
    cycle = min(counts, key=lambda c: counts[c])
    total, _ = _ids(client, "/api/v1/recommendations", q=DISAPPEARED, mode="semantic", cycle=cycle)
    rows = client.get("/api/v1/recommendations", params={"q": DISAPPEARED, "mode": "semantic", "cycle": cycle,
                                                          "limit": 500}).json()["items"]
    assert all(r["cycle"] == cycle for r in rows)
    assert total >= counts[cycle]  # the nearest among this cycle's rows: at least those of the nearest overall
    hybrid = client.get("/api/v1/recommendations/facets", params={"q": "death penalty", "mode": "hybrid"}).json()
    assert sum(x["count"] for x in hybrid["cycle"]) == _ids(client, "/api/v1/recommendations",
                                                            q="death penalty", mode="hybrid")[0]


def test_the_pages_offer_the_modes_and_say_which_is_used(searchable: Any) -> None:
    client = make_client(searchable, raise_errors=True)
    page = client.get("/recommendations", params={"q": DISAPPEARED}).text
    assert "Searching by hybrid" in page and re.search(r'value="hybrid" checked', page)
    assert page.count('type="radio" name="mode"') == 3 and "<legend>Find recommendations by</legend>" in page
    assert "Nothing matches" not in page
    words = client.get("/recommendations", params={"q": DISAPPEARED, "mode": "keyword"}).text
    assert "Nothing matches" in words and re.search(r'value="keyword" checked', words)
    exported = client.get("/recommendations", params={"q": DISAPPEARED, "mode": "semantic", "format": "json"})
    assert len(exported.json()) == PAGE_DEPTH
    found = client.get("/search", params={"q": DISAPPEARED}).text
    assert "Searching by hybrid" in found and "mode=hybrid" in found
    assert re.search(r"UPR recommendations <small>[1-9]", found)
    api = client.get("/api/v1/search", params={"q": DISAPPEARED, "mode": "semantic"}).json()
    assert api["mode"] == "semantic" and api["groups"]["recommendations"]["total"] == PAGE_DEPTH
    bad = client.get("/api/v1/recommendations", params={"q": "x", "mode": "fuzzy"})
    assert bad.status_code == 400 and "mode must be one of keyword, semantic, hybrid" in bad.text


def test_without_vectors_the_default_is_keyword(store: Any) -> None:
    load_samples(store)
    client = make_client(store, raise_errors=True)
    page = client.get("/recommendations", params={"q": "torture"}).text
    assert "Searching by keyword: this store holds no vectors" in page
    assert re.search(r'value="keyword" checked', page)
    assert "Searching by" not in client.get("/recommendations").text  # no search, nothing to say
    quiet = make_client(store)
    refused = quiet.get("/api/v1/recommendations", params={"q": "torture", "mode": "semantic"})
    assert refused.status_code == 404 and "rightsdesk build" in refused.json()["error"]  # nothing held to search
    asked = quiet.get("/recommendations", params={"q": "torture", "mode": "hybrid"})
    assert asked.status_code == 400 and "rightsdesk build" in asked.text
