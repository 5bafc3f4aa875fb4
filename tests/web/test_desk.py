"""The case desk of the workbench: sign-in with CSRF, and the victim-lists page (link and estimate), on both
engines. Lists are fictional (`linkage.synth`)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.cases.crypto import keyring_from_env, new_key
from rightsdesk.linkage import synth
from rightsdesk.store import audit
from rightsdesk.store.accounts import add_user

PASSWORD = "correct horse battery"


def _client(store: Any, ring: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from rightsdesk.web import create_app

    return TestClient(create_app(store, index=False, keyring=ring), raise_server_exceptions=False)


@pytest.fixture
def desk(store: Any) -> tuple[Any, Any]:
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    with store.writing() as conn:
        add_user(conn, "docu", PASSWORD, [("documenter", "north")])
        add_user(conn, "view", PASSWORD, [("viewer", "north")])
    return store, ring


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _sign_in(client: Any, user: str, password: str = PASSWORD) -> Any:
    page = client.get("/login")
    return client.post("/login?next=/lists", data={"csrf": _csrf(page.text), "user": user, "password": password},
                       follow_redirects=False)


def test_the_lists_page_needs_a_signed_in_user_with_the_permission(desk: tuple[Any, Any]) -> None:
    client = _client(*desk)
    assert client.get("/lists", follow_redirects=False).status_code == 303
    assert _sign_in(client, "docu", "wrong").status_code == 401
    no_csrf = client.post("/login", data={"user": "docu", "password": PASSWORD}, follow_redirects=False)
    assert no_csrf.status_code == 403
    assert _sign_in(client, "view").status_code == 303
    assert client.get("/lists").status_code == 403  # a viewer may not see names
    other = _client(*desk)
    assert _sign_in(other, "docu").status_code == 303
    page = other.get("/lists")
    assert page.status_code == 200 and "Link victim lists" in page.text
    assert page.headers["cache-control"] == "no-store"  # names of victims may follow: never kept by a cache
    set_cookie = _sign_in(_client(*desk), "docu").headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=strict" in set_cookie
    forged = _client(*desk)
    forged.cookies.set("rd_session", other.cookies["rd_session"][:-4] + "AAAA")
    assert forged.get("/lists", follow_redirects=False).status_code == 303  # a tampered cookie signs nobody in


def test_lists_are_linked_and_estimated_and_the_run_is_audited(desk: tuple[Any, Any], tmp_path: Path) -> None:
    store, ring = desk
    paths, truth = synth.write_lists(tmp_path, n_people=400, n_lists=3, seed=2)
    client = _client(store, ring)
    assert _sign_in(client, "docu").status_code == 303
    csrf = _csrf(client.get("/lists").text)
    files = [("lists", (p.name, p.read_bytes(), "text/csv")) for p in paths]
    refused = client.post("/lists", files=files, data={"csrf": "forged"})
    assert refused.status_code == 403
    page = client.post("/lists", files=files, data={"csrf": csrf, "method": "loglinear", "duplicate_free": "on"})
    assert page.status_code == 200, page.text
    people = int(re.search(r'class="clusters">([\d,]+)<', page.text).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert abs(people - len(set(truth.values()))) <= 0.05 * len(set(truth.values()))
    assert "About <strong>" in page.text and "Pairs to review" in page.text
    with store.engine.connect() as conn:
        entries = [e for e in audit.entries(conn) if e["action"] == "link-lists"]
    assert len(entries) == 1 and entries[0]["detail"]["records"] == len(truth)
    first_name = paths[0].read_text(encoding="utf-8").splitlines()[1].split(",")[1]
    assert first_name not in str(entries[0])


def test_without_a_key_the_desk_is_closed(store: Any) -> None:
    client = _client(store, None)
    page = client.get("/login")
    assert page.status_code == 404 and "RIGHTSDESK_SECRET_KEY" in page.text
    assert client.get("/lists").status_code == 404


def test_a_reviewers_judgement_is_stored_audited_and_respected(desk: tuple[Any, Any], tmp_path: Path) -> None:
    store, ring = desk
    paths, truth = synth.write_lists(tmp_path, n_people=200, n_lists=2, seed=5)
    by_person: dict[int, list[str]] = {}
    for (lst, rid), person in truth.items():
        by_person.setdefault(person, []).append(f"{lst}:{rid}")
    left, right = next(v for v in by_person.values() if len(v) == 2)
    client = _client(store, ring)
    assert _sign_in(client, "docu").status_code == 303
    csrf = _csrf(client.get("/lists").text)
    no_reason = client.post("/lists/judge", data={"csrf": csrf, "left": left, "right": right, "decision": "split"})
    assert no_reason.status_code == 400
    done = client.post("/lists/judge", data={"csrf": csrf, "left": left, "right": right, "decision": "split",
                                             "why": "different mothers' names"}, follow_redirects=False)
    assert done.status_code == 303 and "judged=split" in done.headers["location"]
    files = [("lists", (p.name, p.read_bytes(), "text/csv")) for p in paths]
    page = client.post("/lists", files=files, data={"csrf": csrf, "method": "loglinear"})
    assert page.status_code == 200 and 'class="judged">1<' in page.text
    with store.engine.connect() as conn:
        from rightsdesk.store.judgements import constraints

        assert constraints(conn) == ([], [tuple(sorted((left, right)))])
        entry = next(e for e in audit.entries(conn) if e["action"] == "link-judge")
    assert entry["reason"] == "different mothers' names" and entry["actor"] == "docu"


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "https://evil.example/", "/\\\\x"])
def test_sign_in_never_redirects_off_the_site(desk: tuple[Any, Any], target: str) -> None:
    client = _client(*desk)
    page = client.get("/login")
    done = client.post(f"/login?next={target}", data={"csrf": _csrf(page.text), "user": "docu", "password": PASSWORD},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/lists"
