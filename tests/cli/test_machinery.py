"""The machinery commands through click's CliRunner, on a group like the root one (with --db)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.cli.machinery import COMMANDS, register


@click.group()
@click.option("--db", default=None)
def root(db: str | None) -> None:
    """A stand-in for the root group."""


register(root)


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(root, list(args))


def test_every_command_has_short_help_and_an_example() -> None:
    for command in COMMANDS:
        result = run(command.name or "", "-h")
        assert result.exit_code == 0 and "Example:" in result.output, command.name


def test_council_2024() -> None:
    data = json.loads(run("council", "--year", "2024", "--json").output)
    assert data["year"] == 2024 and len(data["members"]) == 15
    codes = {m["country"] for m in data["members"]}
    assert {"KOR", "JPN"} <= codes and sum(m["permanent"] for m in data["members"]) == 5


def test_council_year_without_data_is_an_input_error() -> None:
    result = run("council", "--year", "1945")  # before the Council first met; 1946-2027 are held
    assert result.exit_code != 0 and "no Security Council membership data" in str(result.exception)


def test_hrc_year_and_day() -> None:
    data = json.loads(run("hrc", "--year", "2008", "--json").output)
    korea = [m for m in data["members"] if m["country"] == "KOR"]
    assert [(m["from"], m["until"]) for m in korea] == [("2006-06-19", "2008-06-18"), ("2008-06-19", "2011-06-18")]
    day = json.loads(run("hrc", "--on", "2018-12-31", "--json").output)
    assert len(day["members"]) == 47 and day["on"] == "2018-12-31" and day["complete"]
    iceland = next(m for m in day["members"] if m["country"] == "ISL")
    assert iceland["from"] == "2018-07-13" and "vacated" in iceland["note"]
    text = run("hrc", "--year", "2027").output
    assert "15 seats unknown" in text and "not yet checked against the GA record" not in text  # all confirmed
    assert "checked against: WAM, 15 October 2025" in text


@pytest.mark.parametrize("args", [["hrc"], ["hrc", "--year", "2024", "--on", "2024-01-01"], ["hrc", "--on", "2024"],
                                  ["hrc", "--year", "2005"], ["hrc", "--year", "2040"], ["hrc", "--on", "2006-06-01"]])
def test_hrc_errors(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "error:" in result.output and "Traceback" not in result.output


def test_council_vote_substantive_veto() -> None:
    args = ["council-vote", "--year", "2024", "--kind", "substantive", "--no", "CHN", "--json"]
    for state in ("USA", "FRA", "GBR", "KOR", "JPN", "SVN", "MLT", "CHE", "SLE"):
        args += ["--yes", state]
    data = json.loads(run(*args).output)
    assert data["adopted"] is False and data["vetoed_by"] == ["CHN"] and data["yes"] == 9
    assert "Vetoed by CHN" in data["reasoning"]


def test_council_vote_errors() -> None:
    twice = run("council-vote", "--year", "2024", "--kind", "procedural", "--yes", "USA", "--no", "USA")
    assert "named twice" in str(twice.exception)
    unknown = run("council-vote", "--year", "2024", "--kind", "procedural", "--yes", "XXX")
    assert "unknown country" in str(unknown.exception)


def test_treaty_bodies_prk() -> None:
    data = json.loads(run("treaty-bodies", "PRK", "--json").output)
    assert sorted(b["code"] for b in data) == sorted(["CCPR", "CESCR", "CEDAW", "CRC", "CRPD"])


def test_calendar_prk_next_upr_in_2029() -> None:
    data = json.loads(run("calendar", "PRK", "--json").output)
    upr = next(e for e in data if e["kind"] == "upr-review")
    assert upr["expected"].startswith("2029") and upr["expected"].split("/")[1].startswith("2029")
    assert all("expected" in e and "kind" in e for e in data)


def test_timeline_prk_json() -> None:
    data = json.loads(run("timeline", "PRK", "--json").output)
    assert len(data) >= 60
    assert all(e["date"] and e["citation"] and e["mechanism"] and e["summary"] for e in data)
    since = json.loads(run("timeline", "PRK", "--since", "2023-08", "--mechanism", "SC", "--json").output)
    assert since and all(e["date"] >= "2023-08" and e["mechanism"].startswith("SC") for e in since)


def test_resolutions_and_coi() -> None:
    data = json.loads(run("resolutions", "PRK", "--json").output)
    assert any(r["symbol"] == "A/HRC/RES/22/13" for r in data)
    assert json.loads(run("coi", "--json").output)
    assert "only" in str(run("resolutions", "FRA").exception)


def test_mechanisms() -> None:
    data = json.loads(run("mechanisms", "--json").output)
    assert {"SC", "HRC", "UPR", "COI-DPRK", "ICC", "SG"} <= {m["code"] for m in data}


@pytest.mark.parametrize("state", ["PRK", "KOR", "CHN", "JPN"])
def test_situation_with_an_empty_store(tmp_path: Path, state: str) -> None:
    result = CliRunner().invoke(root, ["--db", f"sqlite:///{tmp_path / 'r.db'}", "situation", state, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["country"] == state and "counts" not in data and "rightsdesk build" in data["counts_note"]


@pytest.mark.parametrize("args", [("calendar", "SUN"), ("situation", "XZN"), ("timeline", "YUG")])
def test_a_state_that_no_longer_exists_is_refused(args: tuple[str, str]) -> None:
    from rightsdesk.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2 and "no longer exists" in result.output


def test_review_findings_on_the_machinery() -> None:
    assert run("timeline", "PRK", "--mechanism", "CONTEXT").exit_code == 0
    assert "treaty-body-report (CCPR)" in run("calendar", "PRK").output
    events = json.loads(run("timeline", "PRK", "--mechanism", "SC-1718", "--json").output)
    listing = next(e for e in events if e["symbol"] == "S/RES/2356 (2017)" and e["kind"] == "designation")
    assert len(listing["links"]) == 18 and "designation:un:KPi.040" in listing["links"]  # 14 people, 4 entities
    from rightsdesk.cli import cli

    result = CliRunner().invoke(cli, ["timeline", "PRK", "--since", "2014-02-17Tgarbage"])
    assert result.exit_code == 2 and "malformed date" in result.output


@pytest.mark.parametrize(("args", "header"), [
    (["mechanisms"], "code,name,kind"), (["council", "--year", "2024"], "country,permanent,from,until"),
    (["hrc", "--on", "2024-06-01"], "country,permanent,from,until"), (["treaty-bodies", "PRK"], "code,name,treaty"),
    (["timeline", "PRK", "--since", "2024"], "date,precision,mechanism"), (["calendar", "PRK"], "kind,expected"),
    (["resolutions", "PRK"], "body,symbol,date"), (["coi"], "id,addressee,summary"),
])
def test_list_commands_print_csv(args: list[str], header: str) -> None:
    rows = list(csv.reader(io.StringIO(run(*args, "--csv").output)))
    assert ",".join(rows[0]).startswith(header) and len(rows) > 1
    assert all(len(r) == len(rows[0]) for r in rows)


def test_council_shows_the_recorded_votes_and_their_outcome() -> None:
    data = json.loads(run("council", "--year", "2024", "--json").output)
    veto = data["recorded_votes"][0]
    assert veto["adopted"] is False and veto["vetoed_by"] == ["RUS"]
    assert {m["regional_group"] for m in data["members"]} >= {"African", "WEOG"}
    assert "not adopted, vetoed by RUS" in run("council", "--year", "2024").output


def test_situation_without_a_built_database_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/none.db", "situation", "PRK"])
    assert result.exit_code == 0 and "no counts from the store" in result.output
    assert "Next (expected)" in result.output and not (tmp_path / "none.db").exists()


def test_a_former_state_cannot_vote_in_the_council() -> None:
    result = CliRunner().invoke(cli, ["council-vote", "--year", "2024", "--kind", "procedural", "--yes", "SUN"])
    assert result.exit_code == 2 and "no longer exists" in result.output and "RUS" in result.output


def test_output_cut_short_by_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.run(f"{sys.executable} -m rightsdesk timeline PRK | head -1", shell=True, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("1945") and "Error" not in proc.stderr
    piped = subprocess.run([sys.executable, "-c", "import subprocess, sys; p = subprocess.Popen([sys.executable, "
                            "'-m', 'rightsdesk', 'hrc', '--year', '2008'], stdout=subprocess.PIPE); "
                            "p.stdout.readline(); p.stdout.close(); sys.exit(p.wait())"], check=False)
    assert piped.returncode == 0


def test_council_from_1946_and_checked_marks() -> None:
    text = run("council", "--year", "1950").output
    assert "SUN  permanent" in text and "checked against: UN DPPA" in text
    assert "not yet checked" not in text
    data = json.loads(run("council", "--year", "2027", "--json").output)
    by_code = {m["country"]: m for m in data["members"]}
    assert len(by_code) == 15 and not by_code["KGZ"]["checked"] and by_code["KGZ"]["source"] is None
    assert by_code["BHR"]["checked"] and "3 June 2025" in by_code["BHR"]["source"]
    assert "not yet checked against the GA record" in run("council", "--year", "2027").output  # 2027-2028 unchecked
    assert "not yet checked" not in run("council", "--year", "2016").output
    v2016 = json.loads(run("council", "--year", "2016", "--json").output)["recorded_votes"][0]
    assert (v2016["yes"], v2016["no"], v2016["abstain"]) == (9, 5, 1) and "AFP" in v2016["source"]
    assert "The UN and North Korean Human Rights" in v2016["essay"]
