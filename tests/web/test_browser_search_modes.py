"""The search mode control in a real browser (Playwright driving Debian's Chromium, headless, against a live
server on SQLite with vectors): the default (both) said and checked, another mode chosen by keyboard alone, and
axe-core finding no serious violation on the pages that carry the control. Skipped, with the reason, where
Chromium or Playwright is absent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.chromium import AXE, BROWSER_MARKS, chromium, serious_violations, serving

pytestmark = BROWSER_MARKS
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
FIXTURES = Path(__file__).parent.parent / "fixtures"
DISAPPEARED = "people taken away whose fate is never disclosed to their families"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from rightsdesk.pipeline import load_path as load
    from rightsdesk.search.vectors import update_vectors
    from rightsdesk.store import Store
    from rightsdesk.web import create_app

    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('modes')}/m.db")
    load(store, "upr-info", FIXTURES / "upr_search_sample.csv")
    with store.engine.begin() as conn:
        update_vectors(conn)
    with serving(create_app(store)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _mode(page: Any, word: str) -> Any:
    """The mode radio whose label starts with `word` ("Both (hybrid: words and meaning)" also holds "meaning")."""
    return page.get_by_role("radio", name=re.compile(f"^{word}"))


def test_a_mode_is_chosen_by_keyboard(browser: Any, base_url: str) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(base_url + "/recommendations?q=" + DISAPPEARED.replace(" ", "+"))
    assert "Searching by hybrid" in page.locator(".mode-note").inner_text()
    assert _mode(page, "Both").is_checked()
    assert page.locator("table.recs tbody tr").count() == 50  # found by meaning: the words match nothing
    _mode(page, "Both").focus()
    page.keyboard.press("ArrowUp")  # radios of one name: an arrow moves the choice
    assert _mode(page, "Meaning").is_checked()
    page.keyboard.press("ArrowUp")
    assert _mode(page, "Words").is_checked()
    page.keyboard.press("Tab")  # out of the radio group, to the next field; Enter there submits the form
    page.keyboard.press("Enter")
    page.wait_for_url("**mode=keyword**")
    assert page.locator("table.recs tbody tr").inner_text().startswith("Nothing matches")
    assert _mode(page, "Words").is_checked() and page.locator(".mode-note").count() == 0


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core not found at {AXE} (npm install axe-core)")
@pytest.mark.parametrize("path", ["/recommendations?q=detention&mode=semantic", "/search?q=detention",
                                  "/search?q=detention&mode=keyword"])
def test_axe_finds_no_serious_violation(browser: Any, base_url: str, path: str) -> None:
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    pg = context.new_page()
    pg.goto(base_url + path)
    bad = serious_violations(pg)
    context.close()
    assert bad == []
