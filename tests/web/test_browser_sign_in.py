"""The sign-in with a second factor in a real browser (Playwright driving Debian's Chromium, headless, against a
live server on SQLite): the one-time code field, a wrong code refused, the right one signing in, and axe-core
finding no serious violation on the form. Skipped, with the reason, where Chromium or Playwright is absent."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from rightsdesk.access import totp
from tests.web.chromium import AXE, BROWSER_MARKS, chromium, serious_violations, serving

USER, PASSWORD = "docu", "correct horse battery"

pytestmark = BROWSER_MARKS
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, bytes]]:
    """A live workbench whose one account is enrolled in TOTP; (its URL, the TOTP secret)."""

    from rightsdesk.cases.crypto import keyring_from_env, new_key
    from rightsdesk.store import Store
    from rightsdesk.store.accounts import add_user, enrol_totp
    from rightsdesk.web import create_app

    store = Store.create(f"sqlite:///{tmp_path_factory.mktemp('signin')}/s.db")
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    with store.writing() as conn:
        add_user(conn, USER, PASSWORD, [("documenter", "north")])
        uri = enrol_totp(conn, ring, USER)
    secret = base64.b32decode(parse_qs(urlparse(uri).query)["secret"][0])
    with serving(create_app(store, index=False, keyring=ring)) as url:
        yield url, secret
    store.close()


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        yield context.new_page()


def _fill(page: Any, code: str) -> None:
    page.fill("#user", USER)
    page.fill("#password", PASSWORD)
    page.fill("#code", code)
    page.click("main button[type=submit]")


def test_a_documenter_signs_in_with_the_code_of_the_moment(page: Any, server: tuple[str, bytes]) -> None:
    base_url, secret = server
    page.goto(f"{base_url}/lists")
    assert page.url.startswith(f"{base_url}/login")
    assert page.get_attribute("#code", "autocomplete") == "one-time-code"
    right = totp.code_at(secret, time.time())
    _fill(page, "000000" if right != "000000" else "111111")
    page.wait_for_selector("p.error")
    assert "one-time code" in page.inner_text("p.error")
    _fill(page, totp.code_at(secret, time.time()))
    page.wait_for_url(f"{base_url}/lists")
    assert "Link victim lists" in page.content()


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core not found at {AXE} (npm install axe-core)")
def test_axe_finds_no_serious_violation_on_the_sign_in(page: Any, server: tuple[str, bytes]) -> None:
    context = page.context.browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    checked = context.new_page()
    checked.goto(f"{server[0]}/login")
    bad = serious_violations(checked)
    context.close()
    assert bad == []
