"""The HURIDOCS-style JSON and the Uwazi CSV exports, on both engines: their shapes (Uwazi's import conventions:
a `title` column, several values joined with `|`, dates as YYYY/MM/DD and ranges as START:END), redacted unless
the exporter may see identities and gives a reason, and every export audited."""

from __future__ import annotations

import csv
import json
import re

from rightsdesk.cases.exchange import UWAZI_COLUMNS, UWAZI_FULL_COLUMNS, _cell, uwazi_date
from rightsdesk.model.dates import PartialDate
from tests.cli.conftest import LEAK_MARKERS, PLANTED, Desk

RANGE = re.compile(r"^\d{4}/\d{2}/\d{2}:\d{4}/\d{2}/\d{2}$")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines()))


def _no_leak(text: str) -> None:
    for marker in LEAK_MARKERS:
        assert marker not in text, f"leaked {marker!r}"


def test_the_uwazi_csv_follows_the_import_conventions(desk: Desk) -> None:
    result = desk.ok("cases", "export", "--format", "uwazi-csv", user="analyst")
    header = result.stdout.splitlines()[0].split(",")
    assert tuple(header) == UWAZI_COLUMNS and header[0] == "title"
    assert all(re.fullmatch(r"[a-z_]+", h) for h in header)  # property names: lower case, no spaces
    rows = _rows(result.stdout)
    assert f"{len(rows)} cases exported" in result.stderr  # one row (one entity) per case
    planted = next(r for r in rows if r["rightsdesk_id"] == desk.ids["planted"])
    assert planted["title"] == f"Case {desk.ids['planted']}"
    assert sorted(planted["acts"].split("|")) == ["Arbitrary detention", "Enforced disappearance"]
    assert planted["event_date"] == "2014/03/01:2014/03/31"  # March 2014 at its precision: a range
    assert planted["country"] == "PRK" and planted["place"] == "Onsong"
    assert planted["perpetrators"] == "Ministry of State Security"
    assert re.fullmatch(r"P-[0-9A-F]{12}", planted["victims"])
    assert set(planted["consent"].split("|")) == {"Storage", "Analysis", "Sharing: WGEID", "Sharing: OHCHR-Seoul"}
    for row in rows:
        assert row["title"] and (not row["event_date"] or RANGE.match(row["event_date"]))
        for cell in row.values():
            assert "" not in cell.split("|") or cell == ""  # no blank values between separators
    _no_leak(result.output)


def test_a_full_uwazi_export_needs_the_permission_and_a_reason(desk: Desk) -> None:
    assert desk.run("cases", "export", "--format", "uwazi-csv", "--full", "--reason", "move to Uwazi",
                    user="analyst").exit_code == 4
    result = desk.ok("cases", "export", "--format", "uwazi-csv", "--full", "--reason", "move to Uwazi",
                     user="documenter")
    assert tuple(result.stdout.splitlines()[0].split(",")) == (*UWAZI_COLUMNS, *UWAZI_FULL_COLUMNS)
    planted = next(r for r in _rows(result.stdout) if r["rightsdesk_id"] == desk.ids["planted"])
    assert planted["title"] == f"Disappearance of {PLANTED['mr']}"
    assert planted["victim_names_hangul"] == PLANTED["hangul"]
    assert planted["victim_names_latin"].split("|") == [PLANTED["mr"], PLANTED["rr"]]
    assert planted["testimony"] == PLANTED["testimony"] and planted["contact"] == "'" + PLANTED["contact"]
    entries = desk.json("audit", "list", "--json", user="admin")
    full = [e for e in entries if e["action"] == "export-full" and e["detail"]["format"] == "uwazi-csv"]
    assert full and full[-1]["reason"] == "move to Uwazi" and full[-1]["actor"] == "documenter"


def test_the_huridocs_json_is_redacted_and_consistent_with_the_case_views(desk: Desk) -> None:
    result = desk.ok("cases", "export", "--format", "huridocs-json", user="analyst")
    document = json.loads(result.stdout)
    assert document["format"] == "rightsdesk-huridocs-events" and document["redacted"] is True
    record = next(r for r in document["records"] if r["record_id"] == desk.ids["planted"])
    shown = desk.json("cases", "show", desk.ids["planted"], user="analyst")
    assert {p["person_id"] for p in record["persons"]} == {p["pseudonym"] for p in shown["persons"]}
    assert [a["type_of_act"] for a in record["acts"]] == [a["kind"] for a in shown["acts"]]
    assert record["events"][0]["initial_date"] == {"date": "2014-03", "precision": "month"}
    assert record["events"][0]["geographical_term"]["locality_hangul"] == "온성"
    victim = next(p for p in record["persons"] if "victim" in p["roles"])
    institution = next(p for p in record["persons"] if p["type"] == "institution")
    assert "names" not in victim and victim["year_of_birth"] == 1979 and "date_of_birth" not in victim
    assert institution["names"][0]["name"] == "Ministry of State Security"
    perpetrators = {i["perpetrator"] for i in record["involvements"]}
    assert institution["person_id"] in perpetrators
    assert all("content" not in s for s in record["information"]) and "title" not in record
    _no_leak(result.output)
    full = json.loads(desk.ok("cases", "export", "--format", "huridocs-json", "--full", "--reason", "to OHCHR",
                              user="documenter").stdout)
    record = next(r for r in full["records"] if r["record_id"] == desk.ids["planted"])
    victim = next(p for p in record["persons"] if "victim" in p["roles"])
    assert full["redacted"] is False and victim["names"][0]["name"] == PLANTED["hangul"]
    assert victim["date_of_birth"] == {"date": "1979-04-02", "precision": "day"}
    assert record["information"][0]["content"] == PLANTED["testimony"]
    entries = desk.json("audit", "list", "--json", user="admin")
    assert any(e["action"] == "export" and e["detail"]["format"] == "huridocs-json" for e in entries)


def test_uwazi_cells() -> None:
    assert _cell(["a|b", "a|b", " ", "c  d"]) == "a/b|c d"  # a value's own | cannot split it in two
    assert uwazi_date(PartialDate.parse("2016-02")) == "2016/02/01:2016/02/29"
    assert uwazi_date(PartialDate.parse("2014")) == "2014/01/01:2014/12/31"
    assert uwazi_date(PartialDate.parse("2014-05-09")) == "2014/05/09:2014/05/09"
