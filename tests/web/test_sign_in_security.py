"""The sign-in's defences, on both engines: the TOTP second factor (enrolment, the one-step clock skew, no
replay, the secret encrypted and kept through a key rotation) and the rate limit per client address, counted in
the store so that two workers (two apps on one database) agree."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import time
import warnings
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from rightsdesk.access import totp
from rightsdesk.cases.crypto import keyring_from_env, new_key
from rightsdesk.errors import AuthenticationError
from rightsdesk.store import accounts, audit, throttle
from rightsdesk.store.schema_cases import app_user, login_throttle

PASSWORD = "correct horse battery"


def _client(store: Any, ring: Any, address: str = "198.51.100.7") -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from rightsdesk.web import create_app

    return TestClient(create_app(store, index=False, keyring=ring), raise_server_exceptions=False,
                      client=(address, 50000))


@pytest.fixture
def desk(store: Any) -> tuple[Any, Any]:
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    with store.writing() as conn:
        accounts.add_user(conn, "docu", PASSWORD, [("documenter", "north")])
    return store, ring


def _post_login(client: Any, user: str, password: str = PASSWORD, code: str = "") -> Any:
    page = client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return client.post("/login?next=/lists", data={"csrf": found.group(1), "user": user, "password": password,
                                                   "code": code}, follow_redirects=False)


def _secret(uri: str) -> bytes:
    import base64

    query = parse_qs(urlparse(uri).query)
    assert urlparse(uri).scheme == "otpauth" and query["issuer"] == ["rightsdesk"] and query["digits"] == ["6"]
    return base64.b32decode(query["secret"][0])


def _enrol(store: Any, ring: Any, name: str = "docu") -> bytes:
    with store.writing() as conn:
        return _secret(accounts.enrol_totp(conn, ring, name))


def test_an_enrolled_account_needs_the_code_of_the_moment_on_the_web(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    secret = _enrol(store, ring)
    client = _client(store, ring)
    assert _post_login(client, "docu").status_code == 401  # the password alone no longer signs in
    assert _post_login(client, "docu", code="000000" if totp.code_at(secret, time.time()) != "000000"
                       else "111111").status_code == 401
    code = totp.code_at(secret, time.time())
    assert _post_login(client, "docu", code=code).status_code == 303
    assert _post_login(_client(store, ring), "docu", code=code).status_code == 401  # the same code twice: refused
    with store.writing() as conn:
        entries = audit.entries(conn)
        stored = conn.scalar(select(app_user.c.totp_enc).where(app_user.c.name == "docu"))
    assert [e["action"] for e in entries].count("login-failed") == 3
    assert any(e["action"] == "login" and e["detail"] == {"second_factor": True} for e in entries)
    assert stored.startswith("rd1$") and secret not in stored.encode()  # encrypted, bound to the account
    assert 'autocomplete="one-time-code"' in client.get("/login").text


def test_one_step_of_clock_skew_is_allowed_and_no_step_is_used_twice(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    secret = _enrol(store, ring)
    t0 = 1_800_000_000.0  # a fixed moment, on a step boundary (divisible by 30)

    def sign_in(code_time: float, now: float) -> bool:
        try:
            accounts.authenticate(store, ring, "docu", PASSWORD, totp.code_at(secret, code_time), now=now)
        except AuthenticationError:
            return False
        return True

    assert not sign_in(t0 - 60, t0)  # two steps behind: too old
    assert not sign_in(t0 + 60, t0)  # two steps ahead
    assert sign_in(t0 - 30, t0)  # one step behind: a slow clock
    assert not sign_in(t0 - 30, t0 + 1)  # that step again: a replay
    assert sign_in(t0 + 30, t0)  # one step ahead: a fast clock
    assert not sign_in(t0, t0)  # an earlier step than the last used: refused too
    assert sign_in(t0 + 60, t0 + 60)  # the next step
    with store.writing() as conn:
        assert accounts.disable_totp(conn, "docu")
    accounts.authenticate(store, ring, "docu", PASSWORD, now=t0 + 90)  # no second factor any more


def test_wrong_codes_count_towards_the_lock_out(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    secret = _enrol(store, ring)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(store, ring, "docu", PASSWORD, "123456" if totp.code_at(secret, time.time())
                                  != "123456" else "654321")
    with pytest.raises(AuthenticationError):  # locked: even the right code does not sign in
        accounts.authenticate(store, ring, "docu", PASSWORD, totp.code_at(secret, time.time() + 30))


def test_the_command_line_enrols_and_a_rotation_keeps_the_secret(store: Any, tmp_path: Any) -> None:
    from click.testing import CliRunner

    from rightsdesk.cli import cli

    key = new_key()
    url = store.url
    env = {"RIGHTSDESK_SECRET_KEY": key, "RIGHTSDESK_PASSWORD": PASSWORD, "RIGHTSDESK_NEW_PASSWORD": PASSWORD,
           "RIGHTSDESK_SECRET_KEY_FILE": ""}

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, ["--db", url, *args], env=env, catch_exceptions=False)

    assert run("users", "add", "admin", "--role", "admin").exit_code == 0
    assert run("users", "add", "minji", "--role", "viewer", "--collection", "north", "--user", "admin").exit_code == 0
    assert run("users", "totp", "admin", "--user", "minji").exit_code == 4  # another's: manage-users only
    enrolled = run("users", "totp", "minji", "--user", "minji")
    assert enrolled.exit_code == 0, enrolled.output
    secret = _secret(enrolled.stdout.strip())
    assert run("cases", "list", "--user", "minji").exit_code == 0  # the command line: the key is the factor
    listed = {u["name"]: u["totp"] for u in json.loads(run("users", "list", "--json", "--user", "admin").stdout)}
    assert listed == {"admin": False, "minji": True}
    rotated = run("keys", "rotate", "--user", "admin")
    assert rotated.exit_code == 0, rotated.output
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": rotated.stdout.strip()})
    client = _client(store, ring)
    assert _post_login(client, "minji", code=totp.code_at(secret, time.time())).status_code == 303
    env["RIGHTSDESK_SECRET_KEY"] = rotated.stdout.strip()
    assert run("users", "totp", "minji", "--disable", "--user", "admin").exit_code == 0
    assert _post_login(_client(store, ring, "198.51.100.8"), "minji").status_code == 303


def test_too_many_failures_from_one_address_are_refused_in_every_worker(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    first, second = _client(store, ring, "203.0.113.9"), _client(store, ring, "203.0.113.9")
    for i in range(throttle.MAX_FAILURES):
        worker = first if i % 2 else second  # two apps on one database: two workers
        assert _post_login(worker, f"nobody{i}", "wrong password!").status_code == 401
    refused = _post_login(first, "docu")  # even the right password, from that address
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= throttle.WINDOW.total_seconds()
    assert _post_login(second, "docu").status_code == 429
    assert _post_login(_client(store, ring, "203.0.113.10"), "docu").status_code == 303  # another address
    with store.writing() as conn:
        clients = list(conn.scalars(select(login_throttle.c.client)))
        actions = [e["action"] for e in audit.entries(conn)]
    assert "203.0.113.9" not in str(clients) and len(clients) == 1  # a keyed hash, never the address
    assert actions.count("login-throttled") == 2


def test_the_window_passes(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    t0 = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
    with store.writing() as conn:
        for i in range(throttle.MAX_FAILURES):  # each attempt is counted before it is checked
            assert throttle.claim_attempt(conn, ring, "192.0.2.1", now=t0 + dt.timedelta(seconds=i)) == 0
        assert throttle.claim_attempt(conn, ring, "192.0.2.1", now=t0 + dt.timedelta(minutes=5)) == 600  # refused
        assert throttle.retry_after(conn, ring, "192.0.2.1", now=t0 + dt.timedelta(minutes=5)) == 600
        assert throttle.retry_after(conn, ring, "192.0.2.2", now=t0) == 0
        assert throttle.retry_after(conn, ring, "192.0.2.1", now=t0 + throttle.WINDOW) == 0
        assert throttle.claim_attempt(conn, ring, "192.0.2.1", now=t0 + throttle.WINDOW) == 0  # a new window
        assert throttle.retry_after(conn, ring, "192.0.2.1", now=t0 + throttle.WINDOW) == 0  # counted once, not 21


def test_parallel_failures_from_one_address_cannot_all_pass(desk: tuple[Any, Any]) -> None:
    """Attempts fired at once from one address, over three workers: no more than MAX_FAILURES are checked,
    because each is counted in the statement that checks the count (before the fix, all passed the check)."""
    from concurrent.futures import ThreadPoolExecutor

    from starlette.testclient import TestClient

    store, ring = desk
    workers = [_client(store, ring, "203.0.113.77").app for _ in range(3)]
    forms = []
    for i in range(throttle.MAX_FAILURES + 12):  # a client each (its own pre-sign-in cookie), on three workers
        client = TestClient(workers[i % 3], raise_server_exceptions=False, client=("203.0.113.77", 50000 + i))
        page = client.get("/login")
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found
        forms.append((client, {"csrf": found.group(1), "user": f"nobody{i}", "password": "wrong password!"}))
    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        answers = list(pool.map(lambda f: f[0].post("/login", data=f[1], follow_redirects=False), forms))
    codes = [a.status_code for a in answers]
    assert codes.count(401) == throttle.MAX_FAILURES and codes.count(429) == 12, [re.sub(r"(?s).*<main[^>]*>|</main>.*", "", a.text)[:300] for a in answers if a.status_code not in (401, 429)]
    with store.writing() as conn:
        assert throttle.claim_attempt(conn, ring, "203.0.113.77") > 0


def test_a_success_hands_back_its_count(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    client = _client(store, ring, "203.0.113.78")
    for i in range(throttle.MAX_FAILURES - 1):
        assert _post_login(client, f"nobody{i}", "wrong password!").status_code == 401
    for _ in range(3):  # right passwords do not use up the last try
        assert _post_login(client, "docu").status_code == 303
    assert _post_login(client, "nobody", "wrong password!").status_code == 401
    assert _post_login(client, "docu").status_code == 429


def test_the_web_enrols_a_second_factor_once_a_code_confirms_it(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    assert _client(store, ring).get("/account/totp", follow_redirects=False).headers["location"] == \
        "/login?next=/account/totp"
    client = _client(store, ring, "198.51.100.20")
    assert _post_login(client, "docu").status_code == 303
    page = client.get("/account/totp")
    assert page.status_code == 200 and "No second factor" in page.text and page.headers["cache-control"] == "no-store"
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    assert client.post("/account/totp", data={}).status_code == 403  # no CSRF token
    assert client.post("/account/totp", data={"csrf": csrf}).status_code == 400  # the password again, first
    assert client.post("/account/totp", data={"csrf": csrf, "password": "wrong password!"}).status_code == 400
    step1 = client.post("/account/totp", data={"csrf": csrf, "password": PASSWORD})
    uri = re.search(r'href="(otpauth://[^"]+)"', step1.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    secret = _secret(uri)
    pending = re.search(r'name="pending" value="([^"]+)"', step1.text).group(1)  # type: ignore[union-attr]
    with store.engine.connect() as conn:
        assert not accounts.totp_enrolled(conn, "docu")  # nothing changes before a code confirms it
    wrong = "000000" if totp.code_at(secret, time.time()) != "000000" else "111111"
    assert client.post("/account/totp", data={"csrf": csrf, "pending": pending, "code": wrong}).status_code == 400
    assert client.post("/account/totp", data={"csrf": csrf, "pending": pending[:-4] + "AAAA",
                                              "code": totp.code_at(secret, time.time())}).status_code == 400
    done = client.post("/account/totp", data={"csrf": csrf, "pending": pending,
                                              "code": totp.code_at(secret, time.time())}, follow_redirects=False)
    assert done.status_code == 303 and "second factor is set" in client.get(done.headers["location"]).text
    with store.engine.connect() as conn:
        assert accounts.totp_enrolled(conn, "docu")
        entry = next(e for e in reversed(audit.entries(conn)) if e["action"] == "totp-enrolled")
        stored = conn.scalar(select(app_user.c.totp_enc).where(app_user.c.name == "docu"))
    assert entry["actor"] == "docu" and base64.b32encode(secret).decode() not in str(entry) + stored
    other = _client(store, ring, "198.51.100.21")
    assert _post_login(other, "docu").status_code == 401  # the password alone no longer signs in
    assert _post_login(other, "docu", code=totp.code_at(secret, time.time() + 30)).status_code == 303


def test_the_code_that_confirmed_an_enrolment_cannot_sign_in_again(desk: tuple[Any, Any]) -> None:
    """The enrolment's code is used up like a sign-in's: one who saw it typed cannot replay it with the password
    while it is still valid."""
    store, ring = desk
    client = _client(store, ring, "198.51.100.30")
    assert _post_login(client, "docu").status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/account/totp").text).group(1)  # type: ignore[union-attr]
    step1 = client.post("/account/totp", data={"csrf": csrf, "password": PASSWORD})
    uri = re.search(r'href="(otpauth://[^"]+)"', step1.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    secret = _secret(uri)
    pending = re.search(r'name="pending" value="([^"]+)"', step1.text).group(1)  # type: ignore[union-attr]
    code = totp.code_at(secret, time.time())
    done = client.post("/account/totp", data={"csrf": csrf, "pending": pending, "code": code}, follow_redirects=False)
    assert done.status_code == 303
    other = _client(store, ring, "198.51.100.31")
    assert _post_login(other, "docu", code=code).status_code == 401  # replayed
    assert _post_login(other, "docu", code=totp.code_at(secret, time.time() + 30)).status_code == 303


def test_a_second_factor_is_replaced_only_with_the_password_and_the_current_code(desk: tuple[Any, Any]) -> None:
    """A session left open (or taken) cannot bind the account to another app: replacing the factor asks for the
    password and a code from the app set now."""
    store, ring = desk
    client = _client(store, ring, "198.51.100.40")
    assert _post_login(client, "docu").status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/account/totp").text).group(1)  # type: ignore[union-attr]
    step1 = client.post("/account/totp", data={"csrf": csrf, "password": PASSWORD})
    secret = _secret(re.search(r'href="(otpauth://[^"]+)"', step1.text).group(1).replace("&amp;", "&"))  # type: ignore[union-attr]
    pending = re.search(r'name="pending" value="([^"]+)"', step1.text).group(1)  # type: ignore[union-attr]
    assert client.post("/account/totp", data={"csrf": csrf, "pending": pending, "code": totp.code_at(
        secret, time.time())}, follow_redirects=False).status_code == 303
    page = client.get("/account/totp").text
    assert "Code your current app shows" in page
    refused = client.post("/account/totp", data={"csrf": csrf, "password": PASSWORD})  # no current code
    assert refused.status_code == 400 and "otpauth://" not in refused.text
    again = client.post("/account/totp", data={"csrf": csrf, "password": PASSWORD,
                                               "code": totp.code_at(secret, time.time() + 30)})
    assert again.status_code == 200 and "otpauth://" in again.text
    with store.engine.connect() as conn:
        assert accounts.totp_enrolled(conn, "docu")  # the old factor holds until a new code confirms the new one
