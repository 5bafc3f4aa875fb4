"""POST /api/v1/screen and the yente-compatible /api/v1/match, on both engines, over the fixture lists."""

from __future__ import annotations

from typing import Any


def test_screen_ranks_the_listed_person_first(client: Any) -> None:
    r = client.post("/api/v1/screen", json={"queries": [{"name": "Cho Yong Won"}, {"name": "최휘"},
                                                        {"name": "Lee Jae-il", "dob": "1934"}]})
    assert r.status_code == 200
    first, second, third = r.json()["responses"]
    assert first["results"][0]["reference_number"] == "KPi.043" and first["results"][0]["match"]
    assert first["results"][0]["explanation"]
    assert second["results"][0]["reference_number"] == "KPi.042"
    assert third["results"][0]["reference_number"] == "KPi.051"
    assert first["query"]["name"] == "Cho Yong Won"


def test_screen_rejects_bad_bodies_with_json_errors(client: Any) -> None:
    for body, fragment in (({"queries": []}, "non-empty list"), ({"queries": [{"name": ""}]}, "empty name"),
                           ({"queries": [{"name": "Kim", "dob": "1960-13"}]}, "queries[0]"),
                           ({"queries": [{"name": "Kim", "colour": "red"}]}, "unknown field"),
                           ({"queries": [{"name": "Kim"}], "limit": 0}, "'limit'")):
        r = client.post("/api/v1/screen", json=body)
        assert r.status_code == 400, body
        assert fragment in r.json()["error"] and r.json()["status"] == 400
    r = client.post("/api/v1/screen", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not JSON" in r.json()["error"]


def test_match_speaks_yentes_shape(client: Any) -> None:
    body = {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Jo Yong-won"],
                                                                    "birthDate": ["1957-10-24"]}}}}
    r = client.post("/api/v1/match?limit=3", json=body)
    assert r.status_code == 200
    response = r.json()["responses"]["q1"]
    top = response["results"][0]
    assert top["schema"] == "Person" and top["match"] is True and 0 <= top["score"] <= 1
    assert "KPi.043" in top["id"] or "KPi.043" in str(top["properties"])
    assert client.post("/api/v1/match", json={"queries": {}}).status_code == 400
    assert client.post("/api/v1/match?limit=x", json=body).status_code == 400


def test_openapi_documents_the_post_endpoints(client: Any) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/screen"] and "post" in paths["/api/v1/match"]
