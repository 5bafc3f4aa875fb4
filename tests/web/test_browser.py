"""The workbench in a real browser: Playwright driving Debian's Chromium, headless, against a live server.

Skipped, with the reason, where /usr/bin/chromium or Playwright is absent. Screenshots at 1280×800 and 390×844
go to test-artifacts/. The axe-core check runs where `npm install axe-core` has put axe.min.js in
node_modules/ (or RIGHTSDESK_AXE_JS names it). The server reads the fixture files, or the database named by
RIGHTSDESK_TEST_WEB_DB (a full `rightsdesk build`, for screenshots that show the real data).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tests.web.chromium import ARTIFACTS, AXE, BROWSER_MARKS, SIZES, chromium, serious_violations, serving
from tests.web.conftest import load_samples

DESK_USER, DESK_PASSWORD = "docu", "correct horse battery"

pytestmark = BROWSER_MARKS
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:

    from rightsdesk.store import Store
    from rightsdesk.web import create_app

    url = os.environ.get("RIGHTSDESK_TEST_WEB_DB")
    store = Store.open(url or f"sqlite:///{tmp_path_factory.mktemp('browser')}/b.db")
    ring = None
    if not url:
        load_samples(store)
        from rightsdesk.cases.crypto import keyring_from_env, new_key
        from rightsdesk.store.accounts import add_user

        ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
        with store.writing() as conn:
            add_user(conn, DESK_USER, DESK_PASSWORD, [("documenter", "north")])
            _predict_a_theme(conn)
    with serving(create_app(store, keyring=ring)) as url:
        yield url
    store.close()


PREDICTED_THEME = "Prohibition of torture & cruel, inhuman or degrading treatment"


def _predict_a_theme(conn: Any) -> None:
    """A model's theme label on the first recommendation, for the review test."""
    from rightsdesk.access import ANONYMOUS
    from rightsdesk.search import browse
    from rightsdesk.search.query import SearchQuery
    from rightsdesk.store import ReadSession
    from rightsdesk.store.labels import write_model_labels

    first = browse.recommendation_page(ReadSession(conn, ANONYMOUS), {}, SearchQuery.parse(None), None,
                                      1).items[0]
    write_model_labels(conn, "rightsdesk-uhri-zero-shot", "0+test", [(first["id"], "uhri-theme", PREDICTED_THEME,
                                                                       0.87)])


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def _shots(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for size, (w, h) in SIZES.items():
        pg.set_viewport_size({"width": w, "height": h})
        pg.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=False)
    pg.set_viewport_size({"width": 1280, "height": 800})


def test_the_researchers_path(page: Any, base_url: str) -> None:
    """Dashboard → search "torture" → filter by noted → open a recommendation → export CSV."""
    page.goto(base_url + "/")
    assert "Democratic People" in page.locator("h1").inner_text()
    assert page.locator("svg.chart").count() == 2
    _shots(page, "dashboard")

    page.goto(base_url + "/recommendations")
    page.get_by_label("Search the text").fill("torture")
    page.get_by_label("Search the text").press("Enter")
    page.wait_for_url("**q=torture**")
    assert page.locator("td mark").count() >= 1
    page.get_by_label("Response").select_option("noted")  # filters apply on submit (issue 11), not on change
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**response=noted**")
    rows = page.locator("table.recs tbody tr")
    assert rows.count() >= 1 and all(t.strip() == "noted" for t in page.locator("span.resp").all_inner_texts())
    _shots(page, "recommendations")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    data = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert data and {r["response"] for r in data} == {"noted"} and all("ortur" in r["text"] for r in data)

    page.locator("a.rec").first.click()
    page.wait_for_url("**/recommendations/*")
    assert page.locator("blockquote.rec-text").inner_text()
    _shots(page, "recommendation")


def test_designation_and_council(page: Any, base_url: str) -> None:
    page.goto(base_url + "/designations?q=KPi.043")
    page.goto(base_url + "/designations/KPi.043")
    assert "KPi.043" in page.locator("h1").inner_text()
    assert page.locator("h2", has_text="Names and aliases").count() == 1
    _shots(page, "designation")
    page.goto(base_url + "/council/2024")
    assert page.locator("h1").inner_text() == "Security Council in 2024"
    assert page.locator("tbody tr").count() == 15
    _shots(page, "council")


def test_keyboard_reaches_the_search_box(page: Any, base_url: str) -> None:
    page.goto(base_url + "/country/PRK")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.locator("#site-q").focus()
    page.keyboard.type("torture")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=torture")
    assert page.locator("h1").inner_text().startswith("Search")


def test_arrow_keys_on_a_filter_keep_the_page_and_the_focus(page: Any, base_url: str) -> None:
    """Issue 11: an arrow key on a filter drop-down reloaded the page and lost focus; filters apply on submit."""
    page.goto(base_url + "/recommendations")
    before = page.url
    page.locator("#f-issue").focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url == before and page.evaluate("document.activeElement.id") == "f-issue"
    chosen = page.locator("#f-issue").input_value()
    assert chosen
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**issue=**")
    assert page.locator("ul.chosen li", has_text=chosen).count() == 1


def test_the_keyboard_chooses_several_values_of_a_filter(page: Any, base_url: str) -> None:
    """Issue 11: a multi-value filter is a labelled list that takes several choices from the keyboard (Shift and
    an arrow key), applied on submit: any of them matches."""
    page.goto(base_url + "/recommendations")
    page.get_by_label("Response").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    chosen = page.locator("#f-response option:checked").evaluate_all("els => els.map(e => e.value)")
    assert len(chosen) == 2
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**response=**")
    assert sorted(parse_qs(urlparse(page.url).query)["response"]) == sorted(chosen)
    assert page.locator("#f-response option:checked").count() == 2
    assert {t.strip() for t in page.locator("span.resp").all_inner_texts()} <= set(chosen)


PHONE_PAGES = ["/votes", "/designations", "/mechanisms", "/api", "/recommendations", "/country/PRK",
               "/resolutions/PRK", "/votes/A/RES/69/188", "/sources", "/timeline"]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_page_overflows_a_phone(browser: Any, base_url: str, path: str) -> None:
    """Issue 11: at 390 px /votes, /designations, /mechanisms and /api scrolled sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844})  # is_mobile would widen the viewport
    pg = context.new_page()
    pg.goto(base_url + path)
    widths = pg.evaluate("""() => [document.documentElement.scrollWidth, window.innerWidth,
        Math.max(0, ...[...document.querySelectorAll('main table')].map(t => t.getBoundingClientRect().right))]""")
    context.close()
    assert widths[1] == 390 and widths[0] <= 390 and widths[2] <= 390, widths  # no table scrolls sideways either


def test_chart_text_is_readable_on_a_phone(browser: Any, base_url: str) -> None:
    """Issue 11: chart text was about 8 px on a phone; every chart label is at least 10 px as drawn."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    for path in ("/country/PRK", "/votes/A/RES/69/188", "/resolutions/PRK"):
        pg.goto(base_url + path)
        sizes = pg.evaluate("""() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
        })""")
        assert sizes and min(sizes) >= 10, (path, min(sizes))
    context.close()


def test_no_request_leaves_the_server(page: Any, base_url: str) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    for path in ("/country/PRK", "/recommendations", "/votes/A/RES/69/188", "/coalition/PRK"):
        page.goto(base_url + path)
    assert outside == []


AXE_PAGES = ["/country/PRK", "/recommendations?q=torture", "/votes/A/RES/69/188", "/designations",
             "/designations/KPi.043", "/coalition/PRK", "/council/2024", "/hrc/2011", "/timeline", "/search?q=korea",
             "/resolutions/PRK", "/votes/A/RES/67/181", "/sources", "/votes", "/country/SCG",
             "/recommendations?from=AUT&from=NOR&q=-torture", "/recommendations?cycle=1&cycle=2",
             "/designations?list=un&list=ofac-sdn", "/timeline?actor=CHN&actor=USA"]


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core not found at {AXE} (npm install axe-core)")
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violation(browser: Any, base_url: str, path: str) -> None:
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    pg = context.new_page()
    pg.goto(base_url + path)
    bad = serious_violations(pg)
    context.close()
    assert bad == []


@pytest.mark.skipif(bool(os.environ.get("RIGHTSDESK_TEST_WEB_DB")), reason="the case desk is tried on its own data")
def test_a_documenter_links_lists_and_sees_the_estimate(page: Any, base_url: str, tmp_path: Path) -> None:
    from rightsdesk.linkage import synth

    paths, _ = synth.write_lists(tmp_path, n_people=300, n_lists=3, seed=7)
    page.goto(f"{base_url}/lists")
    assert page.url.startswith(f"{base_url}/login")  # sent to sign in first
    page.fill("#user", DESK_USER)
    page.fill("#password", DESK_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/lists")
    page.set_input_files("#lists", [str(p) for p in paths])
    page.select_option("#method", "lcmcr")
    page.click("text=Link and estimate")
    page.wait_for_selector(".estimate", timeout=120_000)
    assert "About" in page.inner_text(".estimate")
    assert page.eval_on_selector("img.plot", "img => img.complete && img.naturalWidth > 0")  # allowed by the CSP
    assert page.locator("table.review tbody tr").count() >= 0
    _shots(page, "lists")


@pytest.mark.skipif(bool(os.environ.get("RIGHTSDESK_TEST_WEB_DB")), reason="the review is tried on its own data")
def test_a_documenter_confirms_a_predicted_theme(page: Any, base_url: str) -> None:
    """Theme facet → the recommendation → its predicted label (score) → sign in → confirm."""
    page.goto(base_url + "/recommendations")
    page.get_by_label("Theme (predicted)").select_option(PREDICTED_THEME)
    page.locator("#facet-form button[type=submit]").click()  # filters apply on submit (issue 11, defect 6)
    page.wait_for_url("**theme=**")
    assert page.locator("table.recs tbody tr").count() == 1
    page.locator("a.rec").first.click()
    page.wait_for_url("**/recommendations/*")
    row = page.locator("tr.predicted-label")
    assert row.count() == 1 and "predicted" in row.inner_text() and "0.87" in row.inner_text()
    rec_url = page.url
    page.get_by_role("link", name="Sign in").click()
    page.fill("#user", DESK_USER)
    page.fill("#password", DESK_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(rec_url)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**labelled=confirm**")
    assert f"confirmed by {DESK_USER}" in page.locator("tr.predicted-label").inner_text()
    _shots(page, "recommendation-labels")
