"""The JSON API over the fixture files, on both engines: filters, pagination, errors, headers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import make_client


def test_recommendations_filter_and_search(client: Any) -> None:
    body = client.get("/api/v1/recommendations?to=PRK&cycle=1&response=noted&q=torture").json()
    assert body["total"] >= 1 and body["next_cursor"] is None
    assert all(r["to"] == "PRK" and r["response"] == "noted" for r in body["items"])


def test_cursor_pagination_reads_every_row_once(client: Any) -> None:
    ids: list[str] = []
    url = "/api/v1/recommendations?limit=4"
    while url:
        body = client.get(url).json()
        ids += [r["id"] for r in body["items"]]
        url = body["next_cursor"] and f"/api/v1/recommendations?limit=4&cursor={body['next_cursor']}"
    assert len(ids) == len(set(ids)) == 30


def test_one_recommendation_round_trips(client: Any) -> None:
    first = client.get("/api/v1/recommendations?limit=1").json()["items"][0]
    one = client.get(f"/api/v1/recommendations/{first['id']}").json()
    assert one["text"] == first["text"] and one["source"]["sha256"]


def test_roll_call_by_symbol(client: Any) -> None:
    body = client.get("/api/v1/votes/A/RES/69/188").json()
    assert (body["yes"], body["no"], body["abstain"]) == (116, 20, 53) and len(body["votes"]) >= 189


def test_designations_by_regime_and_detail(client: Any) -> None:
    items = client.get("/api/v1/designations?regime=DPRK").json()["items"]
    assert {"KPi.043", "KPe.001"} <= {d["reference_number"] for d in items}
    detail = client.get("/api/v1/designations/KPi.043").json()
    assert detail["names"] and detail["source"]["file"] and "path" not in detail["source"]  # never a server path


@pytest.mark.parametrize("path", ["/api/v1/stats", "/api/v1/countries/PRK", "/api/v1/timeline?since=2014",
                                  "/api/v1/mechanisms", "/api/v1/mechanisms/SC", "/api/v1/council/2024",
                                  "/api/v1/hrc/2008", "/api/v1/hrc/2022?on=2022-04-20", "/api/v1/coalition/PRK?sort=group", "/api/v1/search?q=korea",
                                  "/api/v1/recommendations/facets?to=PRK"])
def test_other_endpoints_answer_json(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json") and r.json()


@pytest.mark.parametrize(("path", "status"), [
    ("/api/v1/recommendations?cycle=two", 400), ("/api/v1/recommendations?response=maybe", 400),
    ("/api/v1/recommendations?limit=0", 400), ("/api/v1/recommendations?cursor=nope", 400),
    # 400: the request breaks what the OpenAPI document states; 404: it keeps to the document but names nothing
    # held (a country no table knows, a day outside the year): issue 15, 7
    ("/api/v1/timeline?since=yesterday", 400), ("/api/v1/countries/XYZ", 404), ("/api/v1/council/1945", 400),
    ("/api/v1/hrc/2005", 400), ("/api/v1/hrc/2022?on=2021-01-01", 404), ("/api/v1/hrc/2022?on=2022-02", 400),
    ("/api/v1/timeline?since=2014-02-30", 400), ("/api/v1/recommendations?cycle=%2B1", 400),
    ("/api/v1/recommendations?cursor=o01", 400), ("/api/v1/coalition/KOR", 404),
    ("/api/v1/votes/A/RES/1/1", 404), ("/api/v1/designations/NOPE", 404), ("/api/v1/mechanisms/NOPE", 404),
    ("/api/v1/recommendations/nope", 404), ("/api/v1/no-such-thing", 404), ("/api/v1/search", 400),
])
def test_errors_are_json_with_a_status(client: Any, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.json() == {"error": r.json()["error"], "status": status} and r.json()["error"]


def test_hrc_on_a_day_during_a_vacancy(client: Any) -> None:
    data = client.get("/api/v1/hrc/2022?on=2022-04-20").json()
    members = {m["country"]: m for m in data["members"]}
    assert len(members) == 46 and "RUS" not in members and "CZE" not in members
    assert members["KOR"]["regional_group"] == "Asia-Pacific"


def test_wrong_method_is_405_json(client: Any) -> None:
    r = client.post("/api/v1/stats")
    assert r.status_code == 405 and r.json()["status"] == 405


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("TRACE", "/api/v1/stats", "GET, HEAD"), ("DELETE", "/api/v1/screen", "POST"), ("PUT", "/", "GET, HEAD"),
    ("OPTIONS", "/static/style.css", "GET, HEAD")])
def test_an_undeclared_method_is_405_with_its_allow_header(client: Any, method: str, path: str, allow: str) -> None:
    r = client.request(method, path)
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) == set(allow.split(", "))


def test_html_errors_are_pages_without_a_trace(client: Any) -> None:
    r = client.get("/designations/NOPE")
    assert r.status_code == 404 and "Not found" in r.text and "Traceback" not in r.text


def test_a_broken_store_gives_503_without_details(loaded: Any) -> None:
    client = make_client(loaded)
    with loaded.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE search_doc")
    for path in ("/api/v1/recommendations?q=torture", "/recommendations?q=torture"):
        r = client.get(path)
        assert r.status_code == 503
        assert "search_doc" not in r.text and "Traceback" not in r.text and loaded.url not in r.text
        assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/v1/recommendations?q=torture").json()["status"] == 503


@pytest.mark.parametrize("path", ["/country/PRK", "/api/v1/stats", "/static/style.css", "/nope"])
def test_security_headers_on_every_response(client: Any, path: str) -> None:
    h = client.get(path).headers
    assert "default-src 'self'" in h["content-security-policy"]
    assert "frame-ancestors 'none'" in h["content-security-policy"]
    assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"] == "same-origin"


def test_country_filters_take_any_spelling_and_refuse_unknown_ones(client: Any) -> None:
    upper = client.get("/api/v1/recommendations?to=PRK").json()
    assert client.get("/api/v1/recommendations?to=prk").json() == upper
    assert client.get("/api/v1/recommendations?to=North%20Korea").json() == upper
    for path in ("/api/v1/recommendations?to=XX", "/api/v1/designations?country=ZZ"):
        r = client.get(path)  # a spelling no table knows names no state: 404 (the document allows any text)
        assert r.status_code == 404 and "unknown country" in r.json()["error"]


def test_match_refuses_too_many_queries_and_unknown_datasets(client: Any) -> None:
    many = {"queries": {f"q{i}": {"schema": "Person", "properties": {"name": ["Kim"]}} for i in range(1001)}}
    r = client.post("/api/v1/match", json=many)
    assert r.status_code == 400 and "at most 1000" in r.json()["error"]
    assert client.post("/api/v1/match/nope", json={"queries": {"q": {"properties": {"name": ["Kim"]}}}}).status_code == 404
    bad = client.post("/api/v1/match", json={"queries": {"q1": {"properties": {"name": [None]}}}}).json()
    assert bad["error"].count("query 'q1'") == 1
    parts = {"queries": {"q": {"schema": "Person", "properties": {"firstName": ["Yong Won"], "lastName": ["Jo"]}}}}
    found = client.post("/api/v1/match/un", json=parts).json()["responses"]["q"]["results"]
    assert found and found[0]["id"] == "un-KPi.043"


@pytest.mark.parametrize("q", ["Choi Hwi", "최휘", "Chwe Hwi"])
def test_designation_search_reads_romanizations(client: Any, q: str) -> None:
    found = client.get("/api/v1/search", params={"q": q}).json()["groups"]["designations"]["items"]
    assert "KPi.042" in {d["reference_number"] for d in found}


def test_remembered_answers_follow_a_load(store: Any) -> None:
    """Answers remembered per content version (`web.memo`) change at once when a load changes the store, in a
    running server: no answer from before the load is served after it (issue 15, 6b)."""
    from rightsdesk.pipeline import load_path as load
    from tests.store.test_load import FIXTURES

    load(store, "upr-info", FIXTURES / "upr_sample.csv")
    with make_client(store, raise_errors=True) as c:
        before = c.get("/api/v1/stats").json()
        assert c.get("/api/v1/stats").json() == before and before["roll_calls"] == 0
        load(store, "unvotes", FIXTURES / "unvotes")
        assert c.get("/api/v1/stats").json()["roll_calls"] == 5
