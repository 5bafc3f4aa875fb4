"""The response cache (`web/cache.py`): ETags and 304s, answers that follow loads and edits, and what is never kept."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from rightsdesk.web.cache import ResponseCache
from rightsdesk.web.responses import SecurityHeaders, security_headers
from tests.web.conftest import make_client

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


def _has_security_headers(r: Any) -> bool:
    return all(r.headers.get(k) == v for k, v in security_headers().items())


def test_public_answers_carry_an_etag_and_a_matching_request_gets_a_304(client: Any) -> None:
    for path in ("/api/v1/recommendations?to=PRK&limit=5", "/recommendations?q=torture", "/country/PRK"):
        first, again = client.get(path), client.get(path)
        assert first.status_code == again.status_code == 200, path
        etag = first.headers["etag"]
        assert etag.startswith('"') and again.headers["etag"] == etag and again.content == first.content
        same = client.get(path, headers={"If-None-Match": etag})
        assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag, path
        assert _has_security_headers(same), path
        other = client.get(path, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.content == first.content
        assert client.get(path, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304


def test_errors_and_private_requests_carry_no_etag_and_every_answer_the_security_headers(client: Any) -> None:
    missing = client.get("/api/v1/designations/NOPE.000?list=un")
    assert missing.status_code == 404 and "etag" not in missing.headers and _has_security_headers(missing)
    assert client.get("/api/v1/designations/NOPE.000?list=un").status_code == 404
    bad = client.get("/api/v1/recommendations?limit=0")
    assert bad.status_code == 400 and "etag" not in bad.headers and _has_security_headers(bad)
    signed = client.get("/api/v1/stats", headers={"Cookie": "rd_session=anything"})
    assert signed.status_code == 200 and "etag" not in signed.headers and _has_security_headers(signed)
    for path in ("/login", "/cases", "/cases/1", "/lists", "/account/totp", "/sql", "/screen", "/static/app.css",
                 "/coin", "/searches", "/recommendationsx"):
        assert not ResponseCache.cacheable({"type": "http", "method": "GET", "path": path, "headers": []}), path
    cached = client.get("/api/v1/stats")
    assert "etag" in cached.headers and _has_security_headers(cached)


def test_a_load_changes_the_answer_of_a_running_app(store: Any) -> None:
    from rightsdesk.pipeline import load_path as load
    from tests.store.test_load import FIXTURES

    load(store, "upr-info", FIXTURES / "upr_sample.csv")
    with make_client(store, raise_errors=True) as c:
        before = c.get("/api/v1/stats")
        assert before.json()["roll_calls"] == 0 and c.get("/api/v1/stats").headers["etag"] == before.headers["etag"]
        page = c.get("/votes")
        load(store, "unvotes", FIXTURES / "unvotes")
        after = c.get("/api/v1/stats")
        assert after.json()["roll_calls"] == 5 and after.headers["etag"] != before.headers["etag"]
        assert c.get("/api/v1/stats", headers={"If-None-Match": before.headers["etag"]}).status_code == 200
        assert c.get("/votes").text != page.text


def test_a_label_and_a_link_decision_change_the_answer_without_a_load(loaded: Any) -> None:
    from rightsdesk.store.labels import write_person_label
    from rightsdesk.store.links import decide, list_links, save_proposals

    with make_client(loaded, raise_errors=True) as c:
        facets = "/api/v1/recommendations/facets"
        rec = c.get("/api/v1/recommendations?limit=1").json()["items"][0]["id"]
        assert not any(f["value"] == "Torture" for f in c.get(facets).json()["theme"])
        with loaded.writing() as conn:
            write_person_label(conn, rec, "uhri-theme", "Torture", "reviewer")
        assert {"value": "Torture", "count": 1} in c.get(facets).json()["theme"]
        un, sdn = (c.get(f"/api/v1/designations?list={name}&limit=1").json()["items"][0]["reference_number"]
                   for name in ("un", "ofac-sdn"))
        with loaded.writing() as conn:
            save_proposals(conn, [{"left_list": "un", "left_ref": un, "right_list": "ofac-sdn", "right_ref": sdn,
                                   "score": 0.9, "evidence": {}}])
        path = f"/api/v1/profiles/{un}?list=un"
        before = c.get(path)
        with loaded.engine.connect() as conn:
            link = next(r for r in list_links(conn) if r["left_ref"] == un)
        with loaded.writing() as conn:
            decide(conn, link["id"], "accepted", "reviewer")
        after = c.get(path)
        assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
        assert "accepted" in after.text and "accepted" not in before.text


def _counting_app(store: Any, **options: Any) -> tuple[TestClient, dict[str, int]]:
    """A small app behind the cache and the security headers, counting how often each handler ran."""
    calls: dict[str, int] = {}

    def counted(name: str, make: Any) -> Any:
        def endpoint(request: Request) -> Response:
            calls[name] = calls.get(name, 0) + 1
            return make(request)  # type: ignore[no-any-return]
        return endpoint

    def with_cookie(request: Request) -> Response:
        r = PlainTextResponse("hello")
        r.set_cookie("pre", "x")
        return r

    def stream(request: Request) -> Response:
        return StreamingResponse(iter([b"a", b"b"]), media_type="text/plain")

    routes = [Route("/api/v1/plain", counted("plain", lambda r: JSONResponse({"n": r.query_params.get("n")}))),
              Route("/api/v1/big", counted("big", lambda r: PlainTextResponse("x" * int(r.query_params["n"])))),
              Route("/api/v1/cookie", counted("cookie", with_cookie)),
              Route("/api/v1/nostore", counted("nostore", lambda r: PlainTextResponse(
                  "mine", headers={"Cache-Control": "no-store"}))),
              Route("/api/v1/missing", counted("missing", lambda r: PlainTextResponse("no", status_code=404))),
              Route("/api/v1/stream", counted("stream", stream)),
              Route("/cases/1", counted("case", lambda r: PlainTextResponse("secret")))]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders),
                                               Middleware(ResponseCache, store=store, **options)])
    return TestClient(app), calls


def test_only_public_successes_are_kept(loaded: Any) -> None:
    c, calls = _counting_app(loaded)
    for _ in range(3):
        for path in ("/api/v1/plain?n=1", "/api/v1/nostore", "/api/v1/missing", "/cases/1", "/api/v1/stream",
                     "/api/v1/cookie"):
            r = c.get(path)
            assert _has_security_headers(r), path
        c.cookies.clear()
        assert c.get("/api/v1/stream").text == "ab"
    assert calls == {"plain": 1, "cookie": 3, "nostore": 3, "missing": 3, "case": 3, "stream": 6}
    c.get("/api/v1/plain?n=2")  # another query, another entry
    assert calls["plain"] == 2
    c.get("/api/v1/plain?n=1", headers={"Cookie": "who=me"})  # a request with a cookie is never answered from memory
    assert calls["plain"] == 3
    assert c.get("/api/v1/plain?n=2").json() == {"n": "2"} and calls["plain"] == 3


def test_the_cache_is_bounded_by_bytes_and_forgets_the_least_recently_used(loaded: Any) -> None:
    c, calls = _counting_app(loaded, max_bytes=2500, max_entry=1500)
    c.get("/api/v1/big?n=2000")
    c.get("/api/v1/big?n=2000")
    assert calls["big"] == 2  # over the largest entry: never kept
    for n in (1000, 1001, 1000, 1002, 1000, 1001):  # 1001 is the least recently used when 1002 comes
        c.get(f"/api/v1/big?n={n}")
    assert calls["big"] == 2 + 4


def test_a_new_day_is_a_new_key(loaded: Any) -> None:
    day = [dt.date(2026, 1, 1)]
    c, calls = _counting_app(loaded, today=lambda: day[0])
    c.get("/api/v1/plain")
    c.get("/api/v1/plain")
    day[0] = dt.date(2026, 1, 2)
    c.get("/api/v1/plain")
    assert calls["plain"] == 2


def test_a_store_that_cannot_say_its_version_is_answered_by_the_app_uncached(loaded: Any) -> None:
    """The version is asked outside the app's error handlers: a store error there goes to the app, which answers
    for the store (here the app's own route still answers), instead of a traceback from the middleware."""
    from sqlalchemy import text

    with loaded.writing() as conn:
        conn.execute(text("DROP TABLE derived_version"))
    c, calls = _counting_app(loaded)
    assert c.get("/api/v1/plain").status_code == 200 and c.get("/api/v1/plain").status_code == 200
    assert calls["plain"] == 2  # nothing kept while the version is unknown
