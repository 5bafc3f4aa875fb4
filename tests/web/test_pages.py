"""The HTML pages over the fixture files, on both engines: content, filters, exports."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

PAGES = ["/country/PRK", "/country/KOR", "/timeline", "/timeline?since=2014&mechanism=SC", "/recommendations",
         "/recommendations?to=PRK&response=noted&q=torture", "/votes", "/votes?q=korea", "/votes/A/RES/69/188",
         "/designations", "/designations?regime=DPRK&kind=individual", "/designations/KPi.043",
         "/mechanisms", "/mechanisms/HRC", "/council/2024", "/hrc/2024", "/hrc/2010?on=2010-06-19", "/coalition/PRK", "/coalition/PRK?sort=group",
         "/search?q=torture", "/search", "/api"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "<main id=\"main\">" in r.text and "Traceback" not in r.text


def test_root_redirects_to_the_dprk_dashboard(client: Any) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code in (302, 307) and r.headers["location"] == "/country/PRK"


def test_dashboard_shows_counts_and_charts(client: Any) -> None:
    text = client.get("/country/PRK").text
    assert "Democratic People" in text and text.count("<svg") == 2
    assert "UPR recommendations by cycle and response" in text


def test_search_highlights_hits(client: Any) -> None:
    text = client.get("/recommendations?q=torture").text
    assert "<mark>torture</mark>" in text.lower() or "<mark>Torture</mark>" in text


def test_markup_in_a_query_is_escaped(client: Any) -> None:
    text = client.get('/recommendations?q=<script>alert(1)</script>').text
    assert "<script>alert" not in text and "&lt;script&gt;" in text


def test_roll_call_page_groups_by_region(client: Any) -> None:
    text = client.get("/votes/A/RES/69/188").text
    assert "Yes 116" in text and "No 20" in text and "Abstain 53" in text
    for group in ("African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG"):
        assert f"<h2>{group}" in text


def test_designation_detail_lists_names_and_source(client: Any) -> None:
    text = client.get("/designations/KPi.043").text
    assert "KPi.043" in text and "Names and aliases" in text and "sha256" in text


def test_recommendations_csv_export_keeps_the_filters(client: Any) -> None:
    r = client.get("/recommendations?to=PRK&response=noted&format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 10 and {row["to"] for row in rows} == {"PRK"} and {row["response"] for row in rows} == {"noted"}


@pytest.mark.parametrize("path", ["/timeline", "/recommendations?q=torture", "/votes", "/designations",
                                  "/coalition/PRK", "/votes/A/RES/69/188"])
def test_every_list_exports_json(client: Any, path: str) -> None:
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}format=json")
    assert r.status_code == 200 and isinstance(r.json(), list) and r.json()


def test_coalition_sorts_by_share_of_yes(client: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/coalition/PRK?format=csv").text)))
    shares = [float(r["yes_share"]) for r in rows]
    assert shares == sorted(shares, reverse=True) and rows[-1]["A/RES/69/188"] in ("no", "")


def test_council_page_lists_fifteen_members(client: Any) -> None:
    text = client.get("/council/2024").text
    assert text.count("permanent</td>") == 5 and text.count("elected</td>") == 10


def test_council_pages_from_1946_show_what_was_checked(client: Any) -> None:
    old = client.get("/council/1950").text
    assert "SUN" in old and "checked against UN DPPA" in old
    new = client.get("/council/2027").text
    assert "KGZ" in new and "not yet checked against the GA record" in new  # the 2027-2028 term
    assert "not yet checked" not in client.get("/council/2024").text


def test_pages_name_the_essay(client: Any) -> None:
    text = client.get("/timeline").text if client.get("/timeline").status_code == 200 else client.get("/").text
    assert "The UN and North Korean Human Rights" in text and "essay fn N" in text


def test_hrc_page_lists_terms_and_links_the_day_view(client: Any) -> None:
    text = client.get("/hrc/2011").text
    assert "2011-03-01" in text and "/hrc/2011?on=2011-12-31" in text
    assert "not yet checked" not in text and "checked against UN press release GA/11082" in text  # the audit
    day = client.get("/hrc/2011?on=2011-12-31").text
    assert "47 states" in day and "sat on this day" in day
    assert client.get("/hrc/2005").status_code == 400


def test_labelled_controls(client: Any) -> None:
    text = client.get("/recommendations").text
    for control in ("f-cycle", "f-response", "f-issue", "f-group", "rq"):
        assert f'<label for="{control}"' in text


def test_designation_page_shows_the_profile(client: Any) -> None:
    page = client.get("/designations/KPi.043").text
    assert "S/RES/2356 (2017)" in page
    assert "ORGANIZATION AND GUIDANCE DEPARTMENT" in page and 'href="/designations/KPe.052?list=un"' in page


def test_an_empty_export_still_has_its_header(client: Any) -> None:
    csv_text = client.get("/recommendations?to=PRK&session=99&format=csv").text
    assert csv_text.splitlines() == ["id,to,from,text,response,response_original,cycle,session,issues,"
                                     "action_category,action_category_name,paragraph,report_symbol,citation"]


def test_timeline_links_only_to_pages_that_exist(client: Any) -> None:
    text = client.get("/timeline").text
    assert 'href="/mechanisms/context"' not in text
    for href in set(re.findall(r'href="(/(?:votes|mechanisms)/[^"?#]+)"', text)):
        assert client.get(href).status_code == 200, href
    assert '<option >context</option>' in text or "<option>context</option>" in text


def test_council_page_states_the_outcome_and_the_veto(client: Any) -> None:
    text = client.get("/council/2024").text
    assert "Not adopted: vetoed by RUS" in text and "an abstention is not a veto" in text
    assert 'href="/council/2025"' in text and 'href="/council/2028"' not in client.get("/council/2027").text
