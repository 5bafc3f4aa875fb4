"""Tests for the screening commands, with the index built from hand-made designations (no store needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.cli import screening as commands
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import BirthDate, Designation, DesignationName
from rightsdesk.model.vocab import SubjectKind
from rightsdesk.screening import ScreeningIndex


def _person(ref: str, name: str, dob: str) -> Designation:
    return Designation("un", ref, SubjectKind.INDIVIDUAL, name, ("DPRK",), (DesignationName(name, "primary"),),
                       birth_dates=(BirthDate("EXACT", PartialDate.parse(dob)),), nationalities=("PRK",))


@pytest.fixture(autouse=True)
def index(monkeypatch: pytest.MonkeyPatch) -> None:
    built = ScreeningIndex.build([_person("KPi.043", "JO YONG-WON", "1957-10-24"),
                                  _person("KPi.042", "CHOE HWI", "1954")])
    monkeypatch.setattr(commands, "load_index", lambda lists: built)
    monkeypatch.setattr(commands, "stored_index", lambda query: None)  # as a store without postings answers


def test_screen_json_ranks_the_record_first() -> None:
    result = CliRunner().invoke(cli, ["screen", "Cho Yong Won", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["results"][0]["reference_number"] == "KPi.043" and data["results"][0]["explanation"]


def test_screen_hangul_text_output() -> None:
    result = CliRunner().invoke(cli, ["screen", "최휘"])
    assert result.exit_code == 0 and "KPi.042" in result.output and "MATCH" in result.output


@pytest.mark.parametrize(("args", "message"), [(["screen", " "], "empty name"),
                                               (["screen", "Kim", "--dob", "1957/10/24"], "malformed date")])
def test_screen_bad_input_exits_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and message in result.output


def test_screen_file_in_order(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,dob\n최휘,\nCho Yong Won,1957-10-24\nNobody Atall,\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["screen-file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["query"]["name"] for r in data] == ["최휘", "Cho Yong Won", "Nobody Atall"]
    assert data[1]["results"][0]["match"] is True and data[2]["results"] == []


def test_screen_file_csv_output(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name\nJo Yong-won\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["screen-file", str(path), "--csv"])
    assert result.exit_code == 0
    assert "KPi.043" in result.stdout.splitlines()[1]


@pytest.mark.parametrize(("text", "message"), [("who,dob\nKim,1950\n", "needs a 'name' column"),
                                               ("name,dob\nKim,1950\nRi,19x0\n", "line 3")])
def test_screen_file_bad_csv_exits_2(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["screen-file", str(path)])
    assert result.exit_code == 2 and message in result.output and "bad.csv" in result.output


def test_screen_file_reads_real_world_csvs(tmp_path: Path) -> None:
    from rightsdesk.cli.screening import read_queries
    from rightsdesk.errors import InputError

    multi = tmp_path / "multi.csv"
    multi.write_text('name,dob\n"Cho\nYong Won",1957\nKim Jong Un,\n', encoding="utf-8")
    rows, lines, queries = read_queries(multi, None)
    assert [q.name for q in queries] == ["Cho\nYong Won", "Kim Jong Un"]
    assert lines == [2, 4] and len(rows) == 2
    extra = tmp_path / "extra.csv"
    extra.write_text("name\nKim Jong Un,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: 2 cells"):
        read_queries(extra, None)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\nJos\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_queries(latin, None)
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/x.db", "screen-file", "-"],
                                input="\ufeffname\nKim Jong Un\n")
    assert "needs a 'name' column" not in result.output


def test_screen_file_traces_rows_and_reads_identifiers_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("ID,Name,Passport,Aliases\n7,Nobody,,\n\n9,Someone,,Choe Hwi;X\n", encoding="utf-8")
    data = json.loads(CliRunner().invoke(cli, ["screen-file", str(path), "--json"]).stdout)
    assert [d["line"] for d in data] == [2, 4] and data[1]["input"] == {"ID": "9", "Name": "Someone", "Passport": "",
                                                                        "Aliases": "Choe Hwi;X"}
    assert data[1]["results"][0]["reference_number"] == "KPi.042"
    out = CliRunner().invoke(cli, ["screen-file", str(path)]).stdout
    assert out.splitlines()[0].startswith("ID,Name,Passport,Aliases,screening_line")


@pytest.mark.parametrize(("content", "message"), [
    (b'id,name\n1,"Acme Ltd\n2,Jo Yong Won\n3,Ri Su Yong\n', "line 2: a quoted cell opened here is never closed"),
    (b"name,Name\nKim,Kim\n", "line 1: the column(s) name appear twice"),
])
def test_screen_file_refuses_what_it_cannot_read_whole(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["screen-file", str(path)])
    assert result.exit_code == 2 and message in result.output


def test_screen_file_from_standard_input_must_be_utf8() -> None:
    result = CliRunner().invoke(cli, ["screen-file", "-"], input=b"name\nJos\xe9\n")
    assert result.exit_code == 2 and "standard input: not UTF-8" in result.output


def test_screen_file_keeps_a_column_of_any_name(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("name,_line,line\nCho Yong Won,abc,x\n", encoding="utf-8")
    data = json.loads(CliRunner().invoke(cli, ["screen-file", str(path), "--json"]).stdout)
    assert data[0]["line"] == 2 and data[0]["input"] == {"name": "Cho Yong Won", "_line": "abc", "line": "x"}
    out = CliRunner().invoke(cli, ["screen-file", str(path)]).stdout.splitlines()
    assert out[0].startswith("name,_line,line,screening_line") and out[1].startswith("Cho Yong Won,abc,x,2,")
