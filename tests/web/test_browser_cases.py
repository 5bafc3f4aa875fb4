"""The case pages in a real browser (Debian's Chromium, headless, through Playwright) against a live server: a
documenter on a phone takes in a case (the form's own problems first), pages through the list, and reveals the
identity with a reason; axe-core checks the case pages where it is installed. Skipped where Chromium or
Playwright is absent, like `test_browser.py`. Fictional cases only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.chromium import ARTIFACTS, AXE, BROWSER_MARKS, chromium, serious_violations, serving

pytestmark = BROWSER_MARKS
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

USER, PASSWORD = "docu", "correct horse battery"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, Any]]:

    from rightsdesk.cases.crypto import keyring_from_env, new_key
    from rightsdesk.store import Store
    from rightsdesk.store.accounts import add_user
    from rightsdesk.web import create_app
    from tests.store.test_case_browse import fill

    tmp = tmp_path_factory.mktemp("browser-cases")
    store = Store.create(f"sqlite:///{tmp}/c.db")
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    with store.writing() as conn:
        add_user(conn, USER, PASSWORD, [("documenter", "north")])
    fill(store, ring, Path(tmp), "north", 12, 3)
    with serving(create_app(store, index=False, keyring=ring)) as url:
        yield url, store, ring
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    pg = context.new_page()
    yield pg
    context.close()


def _sign_in(pg: Any, base: str, path: str) -> None:
    pg.goto(base + path)
    assert pg.url.startswith(f"{base}/login")  # sent to sign in first
    pg.fill("#user", USER)
    pg.fill("#password", PASSWORD)
    pg.click("main button[type=submit]")
    pg.wait_for_url(base + path)


def _fits(pg: Any) -> bool:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    return bool(pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_a_documenter_takes_in_a_case_on_a_phone_and_reveals_it_with_a_reason(phone: Any,
                                                                              server: tuple[str, Any, Any]) -> None:
    base, store, _ = server
    _sign_in(phone, base, "/cases/new")
    assert _fits(phone)
    phone.click("text=Store the case")  # empty: the server names every missing field
    phone.wait_for_selector(".problems")
    problems = phone.inner_text(".problems")
    assert "ref" in problems and "acts" in problems and "consent_storage" in problems
    assert _fits(phone)
    phone.fill("#i-ref", "PHONE-1")
    phone.fill("#i-victim_name_hangul", "김순희")
    phone.fill("#i-victim_name_mr", "Kim Sun Hui")
    phone.check("input[name=acts][value=enforced-disappearance]")
    phone.fill("#i-event_start", "2016-08")
    phone.fill("#i-place_country", "PRK")
    phone.fill("#i-place_romanized", "Hoeryong")
    phone.check("input[name=consent_storage]")
    phone.check("input[name=consent_share][value=WGEID]")
    phone.fill("#i-consent_date", "2025-05-02")
    phone.screenshot(path=str(_artifact("case-intake-phone.png")), full_page=False)
    phone.click("text=Store the case")
    phone.wait_for_selector("text=The case was stored")
    assert "김순희" not in phone.inner_text("main")  # pseudonymised by default
    assert _fits(phone)
    phone.fill("#reason", "checking the spelling with the family")
    phone.click("text=Reveal identities")
    phone.wait_for_selector(".revealed")
    assert "김순희" in phone.inner_text("main")
    phone.screenshot(path=str(_artifact("case-revealed-phone.png")), full_page=False)
    from rightsdesk.store import audit

    with store.engine.connect() as conn:
        entry = [e for e in audit.entries(conn) if e["action"] == "view-identity"]
    assert entry and entry[-1]["reason"] == "checking the spelling with the family"


def test_the_case_list_pages_and_filters_in_the_browser(browser: Any, server: tuple[str, Any, Any]) -> None:
    base, _, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    try:
        _sign_in(pg, base, "/cases?limit=5")
        first = pg.locator("table.cases tbody tr").count()
        assert first == 5
        pg.click("a[rel=next]")
        pg.wait_for_url("**after=*")
        assert pg.locator("table.cases tbody tr").count() == 5
        pg.select_option("#f-collection", "north")
        pg.locator("#case-facets button[type=submit]").click()  # filters apply on submit (issue 11, defect 6)
        pg.wait_for_url("**collection=north*")
        assert "after=" not in pg.url  # a new filter starts at the first page
        pg.screenshot(path=str(_artifact("cases-desktop.png")), full_page=False)
    finally:
        context.close()


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core not found at {AXE} (npm install axe-core)")
@pytest.mark.parametrize("path", ["/cases", "/cases/new", "first case", "intake problems"])
def test_axe_finds_no_serious_violation_on_the_case_pages(browser: Any, server: tuple[str, Any, Any],
                                                          path: str) -> None:
    base, store, _ = server
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    pg = context.new_page()
    try:
        _sign_in(pg, base, "/cases")
        if path == "first case":
            pg.click("table.cases tbody a")
        elif path == "intake problems":
            pg.goto(base + "/cases/new")
            pg.click("text=Store the case")
            pg.wait_for_selector(".problems")
        else:
            pg.goto(base + path)
        bad = serious_violations(pg)
    finally:
        context.close()
    assert bad == []


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
