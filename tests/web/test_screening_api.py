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


def test_yente_accepts_a_bare_string_and_refuses_other_types(client: Any) -> None:
    body = {"queries": {"q1": {"schema": "Person", "properties": {"name": "Cho Yong Won"}}}}
    r = client.post("/api/v1/match", json=body)
    assert r.status_code == 200 and r.json()["responses"]["q1"]["results"]
    for bad in ({"name": [1]}, {"name": ["Kim"], "birthDate": [5]}, "x"):
        r = client.post("/api/v1/match", json={"queries": {"q1": {"schema": "Person", "properties": bad}}})
        assert r.status_code == 400, bad
    assert client.post("/api/v1/match", json={"queries": {"q1": {"schema": 5, "properties": {}}}}).status_code == 400


def test_screen_values_that_would_silently_miss_are_refused(client: Any) -> None:
    ok = client.post("/api/v1/screen", json={"queries": [{"name": "Cho Yong Won", "lists": "un"}]})
    assert ok.status_code == 200 and ok.json()["responses"][0]["results"][0]["reference_number"] == "KPi.043"
    for query in ({"name": "Kim", "lists": ["xx"]}, {"name": "Kim", "lists": [5]}, {"name": "Kim", "aliases": 3},
                  {"name": 5}, {"name": "!!!"}, {"name": "Kim", "identifiers": [1]}):
        r = client.post("/api/v1/screen", json={"queries": [query]})
        assert r.status_code == 400, query
        assert "object has no attribute" not in r.json()["error"]


def test_exclusions_alone_never_break_search(client: Any) -> None:
    q = "+".join(f"-a{i}" for i in range(1, 17)) + "+torture"
    for path in (f"/api/v1/recommendations?q={q}", f"/api/v1/search?q={q}", f"/recommendations?q={q}",
                 "/api/v1/designations?q=-kim", "/api/v1/votes?q=-korea+-japan"):
        assert client.get(path).status_code == 200, path


def test_a_running_server_screens_against_the_list_loaded_since(loaded: Any) -> None:
    from rightsdesk.pipeline import load_path as load
    from tests.store.test_relations import LINKED
    from tests.web.conftest import make_client

    def top(client: Any, name: str) -> Any:
        results = client.post("/api/v1/screen", json={"queries": [{"name": name, "lists": ["ofac-sdn"]}]}).json()
        return next((r for r in results["responses"][0]["results"] if r["score"] >= 0.99), None)

    with make_client(loaded, raise_errors=True) as client:
        assert top(client, "Jo Yong Won") is not None and top(client, "Hwang Su Man") is None
        load(loaded, "ofac-sdn", LINKED, allow_shrink=True)  # JO Yong-Won delisted, HWANG Su Man listed
        assert top(client, "Jo Yong Won") is None
        assert top(client, "Hwang Su Man") is not None


def test_bodies_are_bounded_and_odd_json_is_a_400(client: Any) -> None:
    from rightsdesk.web.screening_api import MAX_BODY_BYTES

    big = client.post("/api/v1/screen", content=b'{"queries": [' + b" " * (MAX_BODY_BYTES + 10) + b"]}")
    assert big.status_code == 413 and "at most" in big.json()["error"]
    deep = client.post("/api/v1/screen", content="[" * 100_000)
    assert deep.status_code == 400 and "nested too deeply" in deep.json()["error"]
    digits = client.post("/api/v1/screen", content='{"queries": [{"name": "x"}], "limit": ' + "9" * 5000 + "}")
    assert digits.status_code == 400
    match = client.post("/api/v1/match", content="[" * 100_000)
    assert match.status_code == 400


def test_the_server_answers_while_a_large_batch_screens(shared_store: Any) -> None:
    """A real server (uvicorn, one worker): a batch of MAX_QUERIES screens while other requests are answered."""
    import socket
    import threading
    import time

    import httpx
    import uvicorn

    from rightsdesk.screening.yente import MAX_QUERIES
    from rightsdesk.web import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(shared_store), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        httpx.post(f"{base}/api/v1/screen", json={"queries": [{"name": "warm up"}]}, timeout=60)
        batch: dict[str, float] = {}

        def screen_batch() -> None:
            start = time.perf_counter()
            queries = [{"name": "Kim Yong Chol", "aliases": ["Ri Chol Su", "Jo Yong Won", "Pak Song Nam", "Choe Ryong Hae",
                                                              "Kim Jong Sik", "Ri Pyong Chol", "O Su Yong"],
                        "dob": "1960"} for _ in range(MAX_QUERIES)]
            httpx.post(f"{base}/api/v1/screen", json={"queries": queries}, timeout=120).raise_for_status()
            batch["s"] = time.perf_counter() - start

        worker = threading.Thread(target=screen_batch)
        worker.start()
        time.sleep(0.05)
        answered = []
        while worker.is_alive() and len(answered) < 5:
            start = time.perf_counter()
            assert httpx.get(f"{base}/api/v1/stats", timeout=60).status_code == 200
            answered.append(time.perf_counter() - start)
        worker.join()
        # Answers came back while the batch was still running (a blocked event loop answers none until it ends).
        assert len(answered) >= 2, (answered, batch)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_bodies_keep_to_what_the_openapi_document_states(client: Any) -> None:
    """Issue 15, 7: what the document allows is answered, what it forbids is a 400."""
    ok = client.post("/api/v1/screen", json={"queries": [{"name": "Cho Yong Won", "nationality": ["Atlantis", "PRK"],
                                                          "lists": None, "aliases": None}]})
    assert ok.status_code == 200
    answer = ok.json()["responses"][0]
    assert answer["results"][0]["reference_number"] == "KPi.043"
    assert answer["warnings"] == ["nationality 'Atlantis' names no country known here; not used"]
    for body in ({"queries": [{"name": "Kim"}], "limit": 5.5}, {"queries": [{"name": "Kim", "aliases": 0}]},
                 {"queries": [{"name": "", "aliases": ["Kim"]}]}, {"queries": [{"name": "Kim", "schema": "Person"}]},
                 {"queries": [{"name": "Kim", "dob": "1960-02-30"}]}):
        assert client.post("/api/v1/screen", json=body).status_code == 400, body
    mixed = {"queries": {"a": {"schema": "Person", "properties": {"name": ["Jo Yong-won"], "country": ["zz"]}},
                         "b": {"properties": {"name": ["!!"]}}}}
    r = client.post("/api/v1/match?limit=2", json=mixed)
    assert r.status_code == 200, r.text
    responses = r.json()["responses"]
    assert responses["a"]["results"] and responses["b"]["status"] == 400 and responses["b"]["results"] == []
    assert client.post("/api/v1/match?limit=2.5", json=mixed).status_code == 400
    assert client.post("/api/v1/match", json={"queries": {"a": {"schema": "person",
                                                                "properties": {"name": "Kim"}}}}).status_code == 400
