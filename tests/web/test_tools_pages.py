"""The pages for what was command-line only (`web/tools_pages.py`): screening one name and a CSV of names, the
COI tracker, a state's calendar and treaty bodies, the Security Council what-if, and the states' list; over the
fixture files, on both engines."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from rightsdesk.situation.calendar import calendar
from rightsdesk.situation.council import what_if
from rightsdesk.situation.records import coi_recommendations
from rightsdesk.situation.treaty_reviews import treaty_reviews
from tests.test_export import FORMULA_CASES

PAGES = ["/screen", "/screen?name=Choi+Hwi&dob=1954", "/coi", "/coi?status=implemented", "/calendar/PRK",
         "/calendar/FRA", "/treaty-bodies/PRK", "/treaty-bodies/KOR", "/council-vote",
         "/council-vote?year=2024&kind=substantive&no=CHN&predict=on", "/states", "/tools", "/country/FRA",
         "/country/BRA"]


@pytest.mark.parametrize("path", PAGES)
def test_every_tool_page_renders(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html") and '<main id="main">' in r.text


def _token(client: Any) -> str:
    page = client.get("/screen")
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match and client.cookies.get("rd_form") == match.group(1)
    return match.group(1)


def test_screening_one_name_answers_as_a_page_with_the_explanation(client: Any) -> None:
    text = client.get("/screen?name=Choi+Hwi&dob=1954").text
    assert "CHOE HWI" in text and "KPi.042" in text
    assert "What it means" in text and "name" in text and "is-match" in text  # the per-feature explanation
    data = client.get("/screen?name=Choi+Hwi&dob=1954&format=json").json()
    assert data["query"]["dob"] == ["1954"] and data["results"][0]["name"] == "CHOE HWI"
    assert data["results"][0]["explanation"][0]["feature"] == "name"
    rows = list(csv.DictReader(io.StringIO(client.get("/screen?name=Choi+Hwi&format=csv").text)))
    assert rows[0]["name"] == "CHOE HWI" and rows[0]["explanation"].startswith("name 0.99")


def test_screening_a_bad_date_says_which_field(client: Any) -> None:
    r = client.get("/screen?name=Choi+Hwi&dob=19x4")
    assert r.status_code == 400 and "19x4" in r.text


def test_a_csv_of_names_is_screened_and_downloadable(client: Any) -> None:
    token = _token(client)
    body = "name,dob,note\nChoi Hwi,1954,first\nNobody Atall Xyzzy,,=SUM(1)\n\nJo Yong Won,1957-10-24,third\n"
    r = client.post("/screen", data={"csrf": token, "format": "page"},
                    files={"file": ("staff.csv", body.encode(), "text/csv")})
    assert r.status_code == 200, r.text[:300]
    assert "3 names from staff.csv: 2 matches" in r.text and "CHOE HWI" in r.text
    assert 'download="staff-screened.csv"' in r.text and "data:text/csv;charset=utf-8;base64," in r.text
    r = client.post("/screen", data={"csrf": token, "format": "csv"},
                    files={"file": ("staff.csv", body.encode(), "text/csv")})
    assert r.headers["content-disposition"] == 'attachment; filename="staff-screened.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["screening_line"] for row in rows] == ["2", "3", "5"]  # input lines, the blank one skipped
    assert rows[0]["screening_name"] == "CHOE HWI" and rows[0]["screening_match"] == "True"
    assert rows[1]["note"] == "'=SUM(1)" and rows[1]["screening_name"] == ""  # a formula stays text
    r = client.post("/screen", data={"csrf": token, "format": "csv"},
                    files={"file": ('x"; evil=1\r\n.csv', b"name\nChoi Hwi\n", "text/csv")})
    assert re.fullmatch(r'attachment; filename="x_[A-Za-z0-9_-]*evil[A-Za-z0-9_-]*-screened\.csv"',
                        r.headers["content-disposition"])


def test_the_screened_csv_neutralises_each_formula_case_and_keeps_plain_numbers(client: Any) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "note"])
    kept = [(text, formula) for text, formula in FORMULA_CASES if text == text.strip()]  # an upload's cells are stripped
    writer.writerows([f"Person {i}", text] for i, (text, _) in enumerate(kept))
    r = client.post("/screen", data={"csrf": _token(client), "format": "csv"},
                    files={"file": ("notes.csv", out.getvalue().encode(), "text/csv")})
    assert r.status_code == 200, r.text[:300]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["note"] for row in rows] == [("'" + text if formula else text) for text, formula in kept]


def test_the_upload_refuses_a_missing_csrf_token_and_bad_files(client: Any) -> None:
    _token(client)
    files = {"file": ("a.csv", b"name\nChoi Hwi\n", "text/csv")}
    assert client.post("/screen", data={"csrf": "forged"}, files=files).status_code == 403
    token = _token(client)
    r = client.post("/screen", data={"csrf": token}, files={"file": ("a.csv", b"who\nChoi Hwi\n", "text/csv")})
    assert r.status_code == 400 and "a.csv: line 1: the CSV needs a &#39;name&#39; column" in r.text
    r = client.post("/screen", data={"csrf": token}, files={"file": ("b.csv", b"name,dob\nX,1999\nY,99-99\n", "text/csv")})
    assert r.status_code == 400 and "b.csv: line 3" in r.text
    r = client.post("/screen", data={"csrf": token}, files={"file": ("c.csv", "name\n\xe9\n".encode("latin-1"), "text/csv")})
    assert r.status_code == 400 and "not UTF-8" in r.text


def test_the_coi_tracker_filters_and_exports_the_library_records(client: Any) -> None:
    every = coi_recommendations()
    text = client.get("/coi").text
    assert all(r.id in text for r in every)
    implemented = [r.id for r in every if r.status == "implemented"]
    data = client.get("/coi?status=implemented&format=json").json()
    assert [r["id"] for r in data] == implemented and implemented
    assert client.get("/coi?status=bogus").status_code == 400


def test_calendar_and_treaty_bodies_show_what_the_cli_prints(client: Any) -> None:
    assert client.get("/calendar/PRK?format=json").json() == [e.as_dict() for e in calendar("PRK")]
    assert client.get("/treaty-bodies/KOR?format=json").json() == treaty_reviews("KOR")
    assert "CEDAW" in client.get("/treaty-bodies/PRK").text
    r = client.get("/treaty-bodies/FRA")
    assert r.status_code == 400 and "no ratification data for FRA" in r.text
    assert client.get("/calendar/SUN").status_code == 400  # a former state: its successor is named


def test_the_council_what_if_gives_the_library_outcome_with_its_reasoning(client: Any) -> None:
    expected = what_if(2024, "substantive", no=["CHN"], predict=True).as_dict()
    got = client.get("/council-vote?year=2024&kind=substantive&CHN=no&predict=on&format=json").json()
    assert got == expected and "CHN" in got["vetoed_by"]
    text = client.get("/council-vote?year=2024&kind=substantive&no=CHN&predict=on").text
    assert "vetoed by CHN" in text and expected["reasoning"][:40] in text.replace("&#39;", "'")
    procedural = client.get("/council-vote?year=2014&kind=procedural&yes=USA&yes=FRA&no=CHN&format=json").json()
    assert procedural == what_if(2014, "procedural", ["USA", "FRA"], ["CHN"]).as_dict()
    assert client.get("/council-vote?year=2024&kind=substantive&CHN=maybe").status_code == 400


def test_every_state_has_an_overview(client: Any) -> None:
    text = client.get("/states").text
    assert 'href="/country/FRA"' in text and 'href="/treaty-bodies/KOR"' in text
    assert 'href="/treaty-bodies/FRA"' not in text  # offered only where ratifications are entered
    assert "France" in client.get("/country/FRA").text


def test_the_timeline_filters_by_actor_on_the_page_and_in_the_api(client: Any) -> None:
    from rightsdesk.situation.timeline import timeline

    expected = [e.as_dict()["summary"] for e in timeline("PRK", actor="CHN")]
    got = client.get("/api/v1/timeline?actor=CHN").json()
    assert [e["summary"] for e in got] == expected and expected
    assert client.get("/timeline?actor=China&format=json").json() == got
    page = client.get("/timeline?actor=CHN").text
    assert '<option value="CHN" selected>' in page and page.count("<li><time>") == len(expected)
    listed = client.get("/api/v1/timeline/actors").json()
    assert {"actor": "CHN", "events": len(expected)} in listed
    r = client.get("/api/v1/timeline?actor=Nobody")  # schema-valid, naming nothing held: 404
    assert r.status_code == 404 and "no event names the actor" in r.json()["error"]


def test_the_tools_data_is_in_the_api_and_the_openapi_document(client: Any) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/coi", "/api/v1/calendar/{iso3}", "/api/v1/treaty-bodies/{iso3}", "/api/v1/council-vote",
                 "/api/v1/timeline/actors"):
        assert path in paths and path in client.get("/api").text
    assert client.get("/api/v1/coi?status=implemented").json() == client.get("/coi?status=implemented&format=json").json()
    assert client.get("/api/v1/calendar/KOR").json() == [e.as_dict() for e in calendar("KOR")]
    assert client.get("/api/v1/treaty-bodies/Japan").json() == treaty_reviews("JPN")
    got = client.get("/api/v1/council-vote?year=2014&kind=procedural&yes=USA,FRA&no=CHN").json()
    assert got == what_if(2014, "procedural", ["USA", "FRA"], ["CHN"]).as_dict()
    assert client.get("/api/v1/council-vote?year=1900").status_code == 400


def test_the_upload_is_bounded_in_rows_and_bytes(client: Any) -> None:
    token = _token(client)
    many = "name\n" + "".join(f"Person {i}\n" for i in range(1001))
    r = client.post("/screen", data={"csrf": token}, files={"file": ("many.csv", many.encode(), "text/csv")})
    assert r.status_code == 400 and "many.csv: line 1002: more than 1,000 names" in r.text
    big = b"name\n" + b"x" * (3 * 1024 * 1024)
    r = client.post("/screen", data={"csrf": token}, files={"file": ("big.csv", big, "text/csv")})
    assert r.status_code == 413


def test_every_state_listed_has_an_overview_and_a_calendar(client: Any) -> None:
    states = client.get("/states?format=json").json()
    assert len(states) >= 193
    broken = [(s["iso3"], path) for s in states for path in (f"/country/{s['iso3']}", f"/calendar/{s['iso3']}")
              if client.get(path).status_code != 200]
    assert broken == []


def test_repeated_actors_mean_any_of_them_on_the_page_and_in_the_api(client: Any) -> None:
    """Issue 11: `actor` repeats like the other multi-value filters; the page's actor list takes several."""
    from rightsdesk.situation.timeline import timeline

    one, other = (client.get(f"/api/v1/timeline?actor={a}").json() for a in ("CHN", "USA"))
    both = client.get("/api/v1/timeline?actor=CHN&actor=USA").json()
    assert one and other and len(both) < len(one) + len(other) + 1
    assert {e["summary"] for e in both} == {e["summary"] for e in one + other}
    assert [e["summary"] for e in both] == [e.as_dict()["summary"] for e in timeline("PRK", actor=("CHN", "USA"))]
    assert client.get("/timeline?actor=China&actor=usa&format=json").json() == both
    page = client.get("/timeline?actor=CHN&actor=USA").text
    assert '<select name="actor" multiple' in page and 'aria-describedby="several"' in page
    assert '<option value="CHN" selected>' in page and '<option value="USA" selected>' in page
    assert client.get("/api/v1/timeline?actor=CHN&actor=Nobody").status_code == 404
    schema = client.get("/openapi.json").json()["paths"]["/api/v1/timeline"]["get"]["parameters"]
    actor = next(p for p in schema if p["name"] == "actor")
    assert actor["schema"]["type"] == "array" and actor["explode"] is True


def test_the_recommendation_filters_take_several_values_in_one_list(client: Any) -> None:
    """Issue 11: a multi-value filter is one labelled `<select multiple>` holding its chosen values (no hidden
    copies), so a keyboard or a phone can choose several."""
    page = client.get("/recommendations?cycle=1&cycle=2&response=noted").text
    assert '<label for="f-cycle">Cycle</label>' in page and '<select id="f-cycle" name="cycle" multiple' in page
    assert '<option value="1" selected>' in page and '<option value="2" selected>' in page
    assert '<option value="noted" selected>' in page and 'type="hidden" name="cycle"' not in page
    assert '<select id="f-theme" name="theme"><option value="">any</option>' in page  # one label at a time
