"""The data commands on a small real slice (the DPRK's second review from UPR Info and its Working Group report),
on both engines: what a user found wrong in `build`'s lines and in `recommendations` (test_data.py runs the same
commands on the full build, marked slow)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from rightsdesk.cli import cli
from rightsdesk.cli.common import print_table
from rightsdesk.cli.data import _dataset_line
from rightsdesk.pipeline import build
from rightsdesk.pipeline import load_path as load
from rightsdesk.pipeline.build import DatasetStep
from tests.store.test_load import FIXTURES
from tests.store.test_upr_report_reconcile import CYCLE2, _dprk_cycle2_of_upr_info


def _cli(store: Any, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", store.url, *args])


def test_build_says_what_a_report_reconciled(store: Any, tmp_path: Path) -> None:
    """A report over a review held adds no rows: the build's line said "loaded  in 0.4 s", with nothing on the
    paragraphs it added."""
    load(store, "upr-info", _dprk_cycle2_of_upr_info(tmp_path))
    steps: list[DatasetStep] = []
    build(store, datasets=[("upr-report", CYCLE2)], on_step=steps.append)
    line = _dataset_line(steps[0])
    assert line.startswith("upr-report  loaded no new rows in ")
    assert "PRK session 19: 269 recommendations held from other sources; 268 matched a report paragraph" in line


def test_recommendations_are_citable_on_the_command_line_too(store: Any, tmp_path: Path) -> None:
    """The CLI's JSON and CSV carry the id, the report's symbol, the paragraph and the citation line the
    workbench's export carries."""
    load(store, "upr-info", _dprk_cycle2_of_upr_info(tmp_path))
    before = json.loads(_cli(store, "recommendations", "--to", "PRK", "--json").stdout)
    assert len(before) == 269 and all(r["report_symbol"] == "A/HRC/27/10" and r["paragraph"] is None for r in before)
    assert all("A/HRC/27/10 (paragraph not recorded)" in r["citation"] for r in before)
    load(store, "upr-report", CYCLE2)
    result = _cli(store, "recommendations", "--to", "PRK", "--response", "supported", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 114 and len({r["id"] for r in rows}) == 114
    cited = [r for r in rows if r["paragraph"]]
    assert len(cited) >= 110
    assert all(f"A/HRC/27/10, para. {r['paragraph']}; " in r["citation"] and r["citation"].endswith(
        "response: supported.") for r in cited)
    table = list(csv.DictReader(io.StringIO(_cli(store, "recommendations", "--to", "PRK", "--response", "supported",
                                                 "--csv").stdout)))
    assert list(table[0])[:8] == ["to", "from", "text", "response", "cycle", "session", "issues", "action_category"]
    assert [(r["id"], r["paragraph"], r["citation"]) for r in table] == [
        (r["id"], r["paragraph"] or "", r["citation"]) for r in rows]


def test_an_unknown_issue_is_said_not_answered_with_nothing(store: Any, tmp_path: Path) -> None:
    """`--issue torture` printed "(0 rows)" and exit 0, as if no recommendation were about torture."""
    load(store, "upr-info", _dprk_cycle2_of_upr_info(tmp_path))
    result = _cli(store, "recommendations", "--to", "PRK", "--issue", "torture")
    assert result.exit_code == 2
    assert "unknown issue 'torture'" in result.output and "'Torture and other CID treatment'" in result.output
    found = json.loads(_cli(store, "recommendations", "--to", "PRK", "--issue", "torture and other cid treatment",
                            "--json").stdout)
    assert found and all("Torture and other CID treatment" in r["issues"] for r in found)


def test_votes_lists_the_absent_as_the_workbench_does(store: Any, tmp_path: Path) -> None:
    """`votes` showed yes, no and abstain only, where the roll-call page counts the members absent too; and a
    resolution adopted without a vote was "no recorded vote ... in the store", as if unknown."""
    folder = tmp_path / "unvotes"
    shutil.copytree(FIXTURES / "unvotes", folder)
    votes = folder / "un_votes.csv"
    lines = votes.read_text(encoding="utf-8").splitlines(keepends=True)
    # Afghanistan votes in 2005 and 2015 (4604, 5458); without its vote on A/RES/69/188 (5377) it was absent.
    kept = [line for line in lines if not (line.startswith("5377,") and line.rstrip().endswith(",AF,yes"))]
    assert len(kept) == len(lines) - 1
    votes.write_text("".join(kept), encoding="utf-8")
    load(store, "unvotes", folder)
    data = json.loads(_cli(store, "votes", "A/RES/69/188", "--json").stdout)
    assert data["absent"] == ["AFG"] and "AFG" not in {v["country"] for v in data["votes"]}
    table = _cli(store, "votes", "A/RES/69/188").stdout
    assert "abstain 53, absent 1" in table and " absent: AFG" in table
    rows = list(csv.DictReader(io.StringIO(_cli(store, "votes", "A/RES/69/188", "--csv").stdout)))
    assert [r for r in rows if r["vote"] == "absent"] == [{"country": "AFG", "vote": "absent"}]
    no_vote = _cli(store, "votes", "A/RES/67/181")
    assert no_vote.exit_code == 3 and "A/RES/67/181 was adopted without a vote (2012-12)" in no_vote.output
    unknown = _cli(store, "votes", "A/RES/69/999")
    assert unknown.exit_code == 3 and "no recorded vote on A/RES/69/999" in unknown.output


def test_designations_export_carries_aliases_dates_and_documents(store: Any) -> None:
    """The CLI's export had no aliases, dates of birth or documents (issue 11 defect 11 was fixed on the web only):
    a screener exporting from the command line lost every other name a person is listed under."""
    load(store, "un-sc-list", FIXTURES / "un_list_sample.xml")
    result = _cli(store, "designations", "--regime", "DPRK", "--csv")
    assert result.exit_code == 0, result.output
    rows = {r["reference_number"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    full = json.loads(_cli(store, "designation", "KPi.043", "--json").stdout)
    row = rows["KPi.043"]
    assert row["aliases"] == " | ".join(n["name"] for n in full["names"] if n["kind"] != "primary") != ""
    assert row["birth_dates"] == "1957-10-24" and "108210124" in row["documents"]
    as_json = {r["reference_number"]: r for r in json.loads(_cli(store, "designations", "--regime", "DPRK",
                                                                  "--json").stdout)}
    assert set(as_json) == set(rows) and as_json["KPi.043"]["aliases"] == row["aliases"]


def test_a_table_of_one_row_says_row(capsys: pytest.CaptureFixture[str]) -> None:
    """`cases search` finding one case printed "(1 rows)"."""
    print_table([{"a": "x"}], ["a"], [4])
    assert capsys.readouterr().err == "(1 row)\n"
    print_table([{"a": "x"}, {"a": "y"}], ["a"], [4])
    assert capsys.readouterr().err == "(2 rows)\n"


def test_overview_says_its_resolutions_are_the_general_assemblys_roll_calls(store: Any) -> None:
    """"Recorded votes on resolutions on the situation" listed 9 (the GA's roll calls) where the dashboard and
    `resolutions PRK` count 18 by recorded vote (CHR and HRC too): the line now says what it lists."""
    load(store, "unvotes", FIXTURES / "unvotes")
    out = _cli(store, "overview", "PRK").stdout
    assert ("General Assembly recorded votes on resolutions on the situation in Democratic People's Republic of "
            "Korea (every resolution, CHR and HRC too, with or without a vote: `rightsdesk resolutions PRK`):") in out
    assert "  A/RES/69/188   2014-12-18  116-20-53" in out
