"""The three journeys of issue 11 in a real browser, on desktop (1280×800) and phone (390×844): a journalist
following the DPRK votes, a researcher preparing the next UPR, a compliance analyst screening names. And
axe-core on the pages they add (screening, the situation tools, the SQL page, the network, the timeline by
actor): no serious or critical violation.

Playwright drives Debian's Chromium headless against a live server over the fixture files (with the linked SDN
entries, a UN ↔ SDN link and a public copy for the SQL page). Skipped, with the reason, where /usr/bin/chromium
or Playwright is absent; the axe check where axe-core is (`npm install`). Each step's screenshot lands in
RIGHTSDESK_ARTIFACTS (default test-artifacts/, which CI keeps and git ignores) as journey-step-size.png.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.chromium import ARTIFACTS, AXE, BROWSER_MARKS, SIZES, chromium, serious_violations, serving
from tests.web.conftest import FIXTURES, load_samples

pytestmark = BROWSER_MARKS
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:

    from rightsdesk.access import SYSTEM
    from rightsdesk.pipeline import load_path as load
    from rightsdesk.store import Store
    from rightsdesk.store.links import save_proposals
    from rightsdesk.store.publish import publish
    from rightsdesk.web import create_app

    folder = tmp_path_factory.mktemp("journeys")
    store = Store.create(f"sqlite:///{folder}/j.db")
    load_samples(store)
    load(store, "ofac-sdn", FIXTURES / "ofac-sdn-linked")
    with store.writing() as conn:
        save_proposals(conn, [{"left_list": "un", "left_ref": "KPi.043", "right_list": "ofac-sdn",
                               "right_ref": "20129", "score": 0.9, "evidence": {}}])
    with store.reading(SYSTEM) as session:
        publish(session.conn, folder / "public.db")
    with serving(create_app(store, public_db=folder / "public.db")) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture(params=list(SIZES))
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    w, h = SIZES[request.param]
    context = browser.new_context(viewport={"width": w, "height": h}, accept_downloads=True)
    pg = context.new_page()
    pg.size = request.param  # for the screenshots' names
    yield pg
    context.close()


def _shot(pg: Any, journey: str, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{journey}-{step}-{pg.size}.png"), full_page=False)


def _fits(pg: Any) -> bool:
    """Nothing overflows sideways (the phone's 390 px included)."""
    return bool(pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_a_journalist_follows_the_dprk_votes(page: Any, base_url: str) -> None:
    """Dashboard → votes → a roll call → the coalition → would a Council draft pass? → China on the timeline."""
    page.goto(base_url + "/")
    _shot(page, "journalist", "1-dashboard")
    page.goto(base_url + "/votes?q=korea")
    assert page.locator("a[href='/votes/A/RES/69/188']").count() >= 1
    page.locator("a[href='/votes/A/RES/69/188']").first.click()
    page.wait_for_url("**/votes/A/RES/69/188")
    assert "A/RES/69/188" in page.locator("h1").inner_text()
    _shot(page, "journalist", "2-roll-call")
    page.goto(base_url + "/coalition/PRK?sort=group")
    _shot(page, "journalist", "3-coalition")

    page.goto(base_url + "/council-vote?year=2024")
    page.select_option("#cv-CHN", "no")
    page.check("input[name=predict]")
    page.get_by_role("button", name="Work out the outcome").click()
    page.wait_for_url("**CHN=no**")
    outcome = page.locator("#outcome-h").inner_text()
    assert outcome.startswith("Not adopted") and "CHN" in outcome
    assert "veto" in page.locator(".reasoning").inner_text().lower()
    assert _fits(page)
    _shot(page, "journalist", "4-council-what-if")

    page.goto(base_url + "/timeline")
    page.select_option("select[name=actor]", "CHN")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**actor=CHN**")
    assert page.locator("ol.timeline li").count() >= 1
    _shot(page, "journalist", "5-timeline-china")


def test_a_researcher_prepares_the_next_upr(page: Any, base_url: str) -> None:
    """The calendar → noted recommendations → treaty bodies → the COI's unmet recommendations, exported → SQL."""
    page.goto(base_url + "/tools")
    page.get_by_role("link", name="Calendar").click()
    page.wait_for_url("**/calendar/PRK")
    assert "upr" in page.locator("table.calendar").inner_text().lower()
    assert _fits(page)
    _shot(page, "researcher", "1-calendar")
    page.goto(base_url + "/recommendations?to=PRK&response=noted")
    assert page.locator("table.recs tbody tr").count() >= 1
    _shot(page, "researcher", "2-noted")
    page.goto(base_url + "/treaty-bodies/PRK")
    assert page.locator("table.treaties tbody tr").count() >= 4 and _fits(page)
    _shot(page, "researcher", "3-treaty-bodies")

    page.goto(base_url + "/coi")
    page.select_option("#c-status", "not-implemented")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**status=not-implemented**")
    shown = page.locator("table.coi tbody tr").count()
    assert shown >= 1 and all(s == "not-implemented" for s in page.locator("span.status").all_inner_texts())
    assert _fits(page)
    _shot(page, "researcher", "4-coi")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == shown and {r["status"] for r in rows} == {"not-implemented"}

    page.goto(base_url + "/sql")
    page.fill("#sql-text", "SELECT response, count(*) AS n FROM upr_recommendation WHERE to_state = 'PRK' "
                           "GROUP BY response ORDER BY n DESC")
    page.get_by_role("button", name="Run").click()
    page.wait_for_url("**/sql?sql=**")
    assert page.locator("table.sql-result tbody tr").count() >= 1 and _fits(page)
    _shot(page, "researcher", "5-sql")


def test_a_screener_screens_one_name_and_a_file(page: Any, base_url: str, tmp_path: Path) -> None:
    """One name with a date of birth → the explanation → the designation and its network → a CSV of names →
    the results on the page and as a download."""
    page.goto(base_url + "/screen")
    page.fill("#s-name", "Choi Hwi")
    page.fill("#s-dob", "1954")
    page.get_by_role("button", name="Screen", exact=True).click()
    page.wait_for_url("**name=Choi+Hwi**")
    first = page.locator("article.cand").first
    assert "CHOE HWI" in first.inner_text() and first.locator("table.why tbody tr").count() >= 1
    assert _fits(page)
    first.scroll_into_view_if_needed()
    _shot(page, "screener", "1-one-name")

    page.goto(base_url + "/screen?name=Jo+Yong+Won&dob=1957-10-24")
    page.locator("article.cand h3 a[href='/designations/KPi.043?list=un']").click()
    page.wait_for_url("**/designations/KPi.043?list=un")
    page.locator("svg.network a[href='/designations/20129?list=ofac-sdn']").click()  # its entry on the SDN list
    page.wait_for_url("**/designations/20129?list=ofac-sdn")
    assert page.locator("svg.network a").count() >= 2
    page.locator("svg.network").scroll_into_view_if_needed()
    _shot(page, "screener", "2-network")

    names = tmp_path / "staff.csv"
    names.write_text("name,dob,nationality\nChoi Hwi,1954,PRK\nAda Lovelace,1815-12-10,GBR\n"
                     "Jo Yong Won,1957-10-24,\n", encoding="utf-8")
    page.goto(base_url + "/screen")
    page.set_input_files("#s-file", str(names))
    page.get_by_role("button", name="Screen and show").click()
    page.wait_for_selector("table.screened")
    assert "3 names from staff.csv: 2 matches" in page.locator("#upload-results-h").inner_text()
    assert page.locator("table.screened tr.is-match").count() == 2
    _shot(page, "screener", "3-file-results")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the results (CSV)").click()
    assert download.value.suggested_filename == "staff-screened.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [r["screening_match"] for r in rows] == ["True", "False", "True"]

    page.goto(base_url + "/screen")
    page.set_input_files("#s-file", str(names))
    with page.expect_download() as download:
        page.get_by_role("button", name="Screen and download CSV").click()
    assert download.value.suggested_filename == "staff-screened.csv"


AXE_PAGES = ["/screen", "/screen?name=Choi+Hwi&dob=1954", "/coi", "/calendar/PRK", "/treaty-bodies/PRK",
             "/council-vote?year=2024&kind=substantive&CHN=no&predict=on", "/states", "/tools",
             "/sql?sql=SELECT+list_name,+count(*)+FROM+designation+GROUP+BY+1", "/designations/20129?list=ofac-sdn",
             "/timeline?actor=CHN"]


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core not found at {AXE} (npm install axe-core)")
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violation_on_the_new_pages(browser: Any, base_url: str, path: str) -> None:
    for w, h in SIZES.values():
        context = browser.new_context(bypass_csp=True, viewport={"width": w, "height": h})
        pg = context.new_page()
        pg.goto(base_url + path)
        bad = serious_violations(pg)
        context.close()
        assert bad == [], (w, bad)


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core not found at {AXE} (npm install axe-core)")
def test_axe_on_the_screening_results_of_an_upload(browser: Any, base_url: str, tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name,dob\nChoi Hwi,1954\nNobody Xyzzy,\n", encoding="utf-8")
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.goto(base_url + "/screen")
    pg.set_input_files("#s-file", str(names))
    pg.get_by_role("button", name="Screen and show").click()
    pg.wait_for_selector("table.screened")
    bad = serious_violations(pg)
    context.close()
    assert bad == []
