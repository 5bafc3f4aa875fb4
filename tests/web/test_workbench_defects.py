"""The defects a user review of the workbench found (issue 11, defects 2-11), each pinned by a test that failed
before its fix: on both engines, over the fixture files (and the bundled Working Group report of 2010)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.web.conftest import FIXTURES, make_client

REPORT_2010 = (Path(__file__).resolve().parents[2] / "src" / "rightsdesk" / "data" / "upr_reports"
               / "A-HRC-13-13_DPRK_UPR_WG_report_cycle1_2010.txt")


def _rows(client: Any, path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(client.get(path).text)))


# ---- 2: citable recommendations ------------------------------------------------------------------------------

def test_a_recommendation_names_its_working_group_report_and_no_server_path(client: Any) -> None:
    rec = client.get("/api/v1/recommendations?to=PRK&limit=1").json()["items"][0]
    assert rec["report_symbol"] == "A/HRC/13/13"  # the DPRK's review at session 6 (cycle 1)
    assert rec["citation"].startswith("Report of the Working Group on the Universal Periodic Review: Democratic "
                                      "People's Republic of Korea, A/HRC/13/13")
    one = client.get(f"/api/v1/recommendations/{rec['id']}").json()
    assert "path" not in one["source"] and one["source"]["file"] == "upr_sample.csv"
    page = client.get(f"/recommendations/{rec['id']}").text
    assert "A/HRC/13/13" in page and 'id="citation"' in page
    assert str(FIXTURES) not in page and "/fixtures/" not in page  # the file's name, never where it lies
    assert str(FIXTURES) not in client.get("/designations/KPi.043").text


def test_a_loaded_report_gives_each_recommendation_its_paragraph(loaded: Any) -> None:
    from rightsdesk.pipeline import load_path as load

    load(loaded, "upr-report", REPORT_2010)
    with make_client(loaded, raise_errors=True) as client:
        recs = client.get("/api/v1/recommendations?to=PRK").json()["items"]
        assert recs and all(re.fullmatch(r"9[01]\.\d+", r["paragraph"] or "") for r in recs)
        chile = next(r for r in recs if r["paragraph"] == "91.15")
        assert chile["citation"] == ("Report of the Working Group on the Universal Periodic Review: Democratic "
                                     "People's Republic of Korea, A/HRC/13/13, para. 91.15; recommendation of "
                                     "Chile; response: noted.")
        assert "para. 91.15" in client.get(f"/recommendations/{chile['id']}").text


def test_the_citation_is_in_the_export(client: Any) -> None:
    rows = _rows(client, "/recommendations?to=PRK&format=csv")
    assert rows and all(r["report_symbol"] == "A/HRC/13/13" and "A/HRC/13/13" in r["citation"] for r in rows)


# ---- 3: coverage ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/country/PRK", "/recommendations", "/votes", "/votes/A/RES/69/188", "/search?q=korea",
                                  "/designations", "/coalition/PRK", "/timeline", "/resolutions/PRK"])
def test_every_list_chart_and_dashboard_says_what_it_covers(client: Any, path: str) -> None:
    assert 'class="coverage"' in client.get(path).text


def test_the_reviews_not_loaded_are_named_with_the_way_to_load_them(client: Any) -> None:
    for path in ("/country/PRK", "/recommendations?to=PRK"):
        text = client.get(path).text
        assert "cycle 2 (2014, session 19, A/HRC/27/10)" in text
        assert "cycle 4 (2024, session 47, report symbol not confirmed)" in text  # no source found for it
        assert "load the Working Group report with `rightsdesk ingest upr-report`" in text
    held = client.get("/api/v1/coverage?to=PRK").json()["items"][0]
    assert held["covers"].startswith("10 UPR recommendations to PRK, Working Group sessions 6")
    assert "cycle 1" not in " ".join(held["missing"])  # cycle 1 is held


# ---- 4: resolutions adopted without a vote ------------------------------------------------------------------

def test_the_resolutions_page_lists_those_adopted_without_a_vote(client: Any) -> None:
    items = client.get("/api/v1/resolutions/PRK").json()["items"]
    assert {"symbol", "date", "adopted_without_vote", "yes", "no", "abstain"} <= set(items[0])
    by_symbol = {r["symbol"]: r for r in items}
    assert by_symbol["A/RES/67/181"]["adopted_without_vote"] is True and by_symbol["A/RES/67/181"]["yes"] is None
    assert by_symbol["A/RES/69/188"]["yes"] == 116 and by_symbol["A/RES/69/188"]["roll_call"] == "/votes/A/RES/69/188"
    assert by_symbol["A/RES/77/226"]["cosponsors_joined"] == ["KOR"]
    page = client.get("/resolutions/PRK").text
    assert "without a vote" in page and 'href="/votes/A/RES/69/188"' in page and "A/RES/78/218" in page
    assert client.get("/api/v1/resolutions/KOR").status_code == 404


def test_a_resolution_without_a_vote_says_how_it_was_adopted(client: Any) -> None:
    r = client.get("/votes/A/RES/67/181")
    assert r.status_code == 200 and "adopted this resolution <strong>without a vote</strong>" in r.text
    api = client.get("/api/v1/votes/A/RES/67/181")
    assert api.status_code == 404 and "without a vote" in api.json()["error"]
    assert client.get("/votes/A/RES/99/999").status_code == 404


def test_the_dashboard_vote_chart_says_why_it_stops(client: Any) -> None:
    text = client.get("/country/PRK").text
    assert "adopted without a vote" in text and 'href="/resolutions/PRK"' in text


# ---- 5: votes in order, full titles, absent members, coalition legend, former states -------------------------

def test_votes_come_in_date_order_and_sort(client: Any) -> None:
    for q in ("", "korea"):
        dates = [v["date"] for v in client.get(f"/api/v1/votes?q={q}").json()["items"]]
        assert dates == sorted(dates, reverse=True), q
    dates = [v["date"] for v in client.get("/api/v1/votes?sort=date").json()["items"]]
    assert dates == sorted(dates)
    yes = [v["yes"] for v in client.get("/api/v1/votes?sort=-yes").json()["items"]]
    assert yes == sorted(yes, reverse=True)
    assert 'href="/votes?sort=date"' in client.get("/votes").text  # the column header sorts


def test_vote_titles_are_whole(client: Any) -> None:
    titles = {v["symbol"]: v["title"] for v in client.get("/api/v1/votes?q=korea").json()["items"]}
    assert titles["A/RES/60/173"] == "Situation of human rights in the Democratic People's Republic of Korea"


def test_a_roll_call_lists_the_members_that_did_not_vote(client: Any) -> None:
    from rightsdesk.stats.coalition import absence

    spans = {"AAA": (__import__("datetime").date(2000, 1, 1), __import__("datetime").date(2020, 1, 1))}
    assert absence(spans, "AAA", "2014-12-18") == "absent" and absence(spans, "AAA", "1999-01-01") == "non-member"
    rows = _rows(client, "/votes/A/RES/60/173?format=csv")
    absent = {r["country"] for r in rows if r["vote"] == "absent"}
    assert "LBR" in absent  # Liberia votes in 1946 and 2014, not in 2005
    assert "SSD" not in {r["country"] for r in rows}  # South Sudan was no member in 2005
    assert "Absent " in client.get("/votes/A/RES/60/173").text


def test_the_coalition_tells_non_members_from_the_absent_with_a_legend(client: Any) -> None:
    states = {s["country"]: s["votes"] for s in client.get("/api/v1/coalition/PRK").json()["states"]}
    assert states["SSD"][0] == "non-member" and states["LBR"][0] == "absent"
    text = client.get("/coalition/PRK").text
    assert 'class="legend"' in text and "not a member then" in text and "SSD" in text


def test_former_states_have_a_page(client: Any) -> None:
    r = client.get("/country/SCG")
    assert r.status_code == 200 and "Serbia and Montenegro" in r.text and 'href="/country/SRB"' in r.text
    for href in set(re.findall(r'href="(/country/[A-Z]{3})"', client.get("/coalition/PRK").text)):
        assert client.get(href).status_code == 200, href


# ---- 6: keyboard -----------------------------------------------------------------------------------------------

def test_filters_apply_on_submit_only(client: Any) -> None:
    for path in ("/recommendations", "/designations", "/votes"):
        assert "autosubmit" not in client.get(path).text
    script = client.get("/static/app.js").text
    assert ".submit(" not in script and '"change"' not in script


# ---- 7: search semantics ---------------------------------------------------------------------------------------

def test_exclusions_alone_match_the_rest(client: Any) -> None:
    total = client.get("/api/v1/recommendations").json()["total"]
    torture = client.get("/api/v1/recommendations?q=torture").json()["total"]
    rest = client.get("/api/v1/recommendations?q=-torture").json()
    assert 0 < torture < total and rest["total"] == total - torture
    assert all("tortur" not in r["text"].lower() for r in rest["items"])


def test_or_finds_either(client: Any) -> None:
    def n(q: str) -> int:
        return int(client.get(f"/api/v1/recommendations?q={quote(q)}").json()["total"])

    assert n("torture OR marriages") == n("torture") + n("marriages") - n("torture marriages") > n("torture")


def test_a_query_with_no_word_says_so(client: Any) -> None:
    for q in ("*", "😀"):
        text = client.get(f"/recommendations?q={quote(q)}").text
        assert "holds no word to search for" in text


def test_british_and_american_spellings_find_the_same(client: Any) -> None:
    def n(q: str) -> int:
        return int(client.get(f"/api/v1/recommendations?q={quote(q)}").json()["total"])

    assert n("honor killings") == n("honour killings") >= 1
    assert n('"forced marriage"') >= 1 and n("organize") == n("organise") >= 1


def test_a_long_query_is_searched_not_refused(client: Any) -> None:
    longest = max(client.get("/api/v1/recommendations?limit=500").json()["items"], key=lambda r: len(r["text"]))
    q = (longest["text"] + " ") * (600 // len(longest["text"]) + 1)
    assert len(q) > 500
    for path in ("/recommendations", "/api/v1/recommendations", "/search", "/api/v1/search"):
        r = client.get(f"{path}?q={quote(q)}")
        assert r.status_code == 200, path
    found = client.get(f"/api/v1/recommendations?q={quote(q)}").json()
    assert longest["id"] in [r["id"] for r in found["items"]]


# ---- 8: inputs -------------------------------------------------------------------------------------------------

def test_repeated_parameters_mean_any_of_them(client: Any) -> None:
    def total(query: str) -> int:
        return int(client.get(f"/api/v1/recommendations?{query}").json()["total"])

    both = total("issue=Torture+and+other+CID+treatment&issue=Death+penalty")
    assert both > max(total("issue=Torture+and+other+CID+treatment"), total("issue=Death+penalty"))
    assert total("from=AUT&from=NOR") == total("from=AUT") + total("from=NOR") > 0
    rows = _rows(client, "/recommendations?from=AUT&from=NOR&format=csv")
    assert {r["from"] for r in rows} == {"AUT", "NOR"}
    page = client.get("/recommendations?from=AUT&from=NOR").text
    assert 'value="AUT"' in page and 'value="NOR"' in page  # both kept on the page


def test_issue_names_ignore_case_and_an_unknown_issue_says_so(client: Any) -> None:
    upper = client.get("/api/v1/recommendations?issue=Death+penalty").json()["total"]
    assert upper > 0 and client.get("/api/v1/recommendations?issue=DEATH+PENALTY").json()["total"] == upper
    assert client.get("/recommendations?issue=death+penalty").status_code == 200
    r = client.get("/api/v1/recommendations?issue=Tortue")  # a schema-valid label naming nothing held: 404
    assert r.status_code == 404 and "unknown issue 'Tortue'" in r.json()["error"]
    assert "did you mean" in client.get("/recommendations?issue=Death+penalties").text
    word = client.get("/api/v1/recommendations?issue=torture").json()["error"]  # one word of a label held
    assert "did you mean 'Torture and other CID treatment'" in word


def test_designation_search_uses_the_screening_name_model(client: Any) -> None:
    refs = [d["reference_number"] for d in client.get("/api/v1/designations?q=Ri+Jaeil").json()["items"]]
    assert refs and refs[0] == "KPi.051"  # RI JAE IL, as screening matches it
    assert "KPi.051" in client.get("/designations?q=Ri+Jaeil").text


# ---- 10: the essay, named, and its footnotes linked -----------------------------------------------------------

def test_the_sources_page_names_the_essay_and_each_cited_footnote(client: Any) -> None:
    text = client.get("/sources").text
    assert "The UN and North Korean Human Rights" in text and "not named in the copy held" in text and "2024" in text
    timeline = client.get("/timeline").text
    links = set(re.findall(r'href="/sources#(essay-fn-\d+)"', timeline))
    assert links and all(f'id="{anchor}"' in text for anchor in links)
    assert "upr_sample.csv" in text and str(FIXTURES) not in text
    # each footnote shows the sentence its marker closes: fn 76 annotates the responsibility to protect
    fn76 = text.split('id="essay-fn-76"')[1].split("</li>")[0]
    assert '<blockquote class="passage">At the 2005 World Summit' in fn76 and "crimes against humanity" in fn76


# ---- 11: names for numbers and codes, a fuller export ---------------------------------------------------------

def test_action_categories_and_states_have_names(client: Any) -> None:
    assert 'title="CHN">China</a>' in client.get("/council/2024").text
    text = client.get("/recommendations").text
    assert "5 specific action" in text
    assert re.search(r'title="PRK">Democratic People(&#39;|\')s Republic of Korea<', text)
    rec = client.get("/api/v1/recommendations?category=5&limit=1").json()["items"][0]
    assert rec["action_category_name"] == "5 specific action"


def test_the_designations_export_has_aliases_births_and_documents(client: Any) -> None:
    rows = {r["reference_number"]: r for r in _rows(client, "/designations?format=csv")}
    jo = rows["KPi.043"]
    assert "Cho Yongwon" in jo["aliases"] and "1957-10-24" in jo["birth_dates"]
    assert any(r["documents"] for r in rows.values())


def test_the_one_search_box_finds_names_as_screening_does(client: Any) -> None:
    found = client.get("/api/v1/search?q=Ri+Jaeil").json()["groups"]["designations"]["items"]
    assert [d["reference_number"] for d in found][:1] == ["KPi.051"]


def test_a_roll_call_page_has_the_whole_title(client: Any) -> None:
    title = "Situation of human rights in the Democratic People's Republic of Korea"
    assert client.get("/api/v1/votes/A/RES/60/173").json()["title"] == title
    assert f"<p>{title}</p>".replace("'", "&#39;") in client.get("/votes/A/RES/60/173").text


def test_serve_builds_the_name_index_ahead(loaded: Any) -> None:
    import time

    from rightsdesk.web import create_app, screening_api

    create_app(loaded, index=False, warm=True)
    for _ in range(200):
        if loaded.engine in screening_api._SHARED:
            break
        time.sleep(0.05)
    assert loaded.engine in screening_api._SHARED  # built before any search asked for it


def test_repeated_designation_filters_are_kept_on_the_page(client: Any) -> None:
    body = client.get("/api/v1/designations?list=un&list=ofac-sdn").json()
    assert body["total"] == client.get("/api/v1/designations").json()["total"] > \
        client.get("/api/v1/designations?list=un").json()["total"]
    page = client.get("/designations?list=un&list=ofac-sdn").text
    assert "<option selected>un</option>" in page and "<option selected>ofac-sdn</option>" in page
    assert '<select name="list" multiple' in page  # several can be chosen in the browser too (issue 11)
