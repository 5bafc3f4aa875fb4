"""The one exporter: nested values and formula cells are written the same way by the CLI and the web."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.cli.common import emit
from rightsdesk.export import cell, csv_text, inert_cell, json_text
from rightsdesk.web.responses import JSONResponse, export

ROWS = [{"name": "=HYPERLINK(\"http://x\")", "regimes": ["DPRK", "NPWMD"], "n": 3,
         "documents": [{"kind": "passport", "number": "-108210124"}], "dates": {"listed": dt.date(2017, 6, 2)},
         "note": None}]


def test_cells_join_plain_lists_nest_the_rest_as_json_and_defuse_formulas() -> None:
    assert cell(["DPRK", 2]) == "DPRK; 2"
    assert cell([{"a": 1}]) == '[{"a": 1}]'
    assert cell({"listed": dt.date(2017, 6, 2)}) == '{"listed": "2017-06-02"}'
    assert cell("=1+1") == "'=1+1" and cell(["-x"]) == "'-x" and cell(3) == 3 and cell(None) is None


# (text, whether a spreadsheet could take it for a formula): each case is checked here, in the CLI's CSV
# (tests/cli/test_formula_cells.py) and in the web's (tests/web/test_tools_pages.py)
FORMULA_CASES = [
    ("=1+1", True), (" =1+1", True), ("  @SUM(A1)", True), ("\t=1+1", True), ("\t-2+3", True), ("\r+1", True),
    ("\u3000=1+1", True), ("\xa0@SUM(1)", True), ("\n=1+1", True),
    ("＝1+1", True), ("＋1+1", True), ("－1+1", True), ("＠SUM(1)", True), (" ＝1", True), ("\u22121", True),
    ("-2+3+cmd|' /C calc'!A0", True), ("-5 ", True), ("-", True), ("+", True), ("-1e", True), ("-inf", True),
    ("－５", True), ("-5-5", True),
    ("-5", False), ("+1.5", False), ("-2.5e3", False), ("-.5", False), ("+7", False), (" -5", False),
    ("5-5", False), ("KIM", False), ("", False), ("a=b", False), ("'=1", False),
]


@pytest.mark.parametrize(("text", "formula"), FORMULA_CASES)
def test_a_formula_is_made_inert_and_a_plain_number_is_not(text: str, formula: bool) -> None:
    assert inert_cell(text) == ("'" + text if formula else text)
    assert cell([text]) == inert_cell(text) and cell(text) == inert_cell(text)


def _could_be_a_formula(text: str) -> bool:
    """The rule written out independently of `export.starts_formula`, for the property below."""
    if text[:1] in ("\t", "\r", "\0"):
        return True
    shown = text.lstrip()
    if not shown or unicodedata.normalize("NFKC", shown[0])[:1] not in "=+-@\u2212":
        return False
    try:
        float(shown)
    except ValueError:
        return True
    return not all(c in "0123456789+-.eE" for c in shown) or shown[:2].lower() in ("-e", "+e")


@given(st.text() | st.from_regex(r"\A[ \t\u3000]*[-+=@＝＋－＠][0-9.eE+-]*\Z"))
def test_no_text_cell_can_start_a_formula(text: str) -> None:
    assert inert_cell(text) == ("'" + text if _could_be_a_formula(text) else text)
    for value in ([text], {"k": text}):
        out = cell(value)
        assert isinstance(out, str) and not _could_be_a_formula(out) or out.startswith("'")


def test_the_cli_and_the_web_write_the_same_csv(capsys: pytest.CaptureFixture[str]) -> None:
    columns = list(ROWS[0])
    emit(ROWS, as_csv=True, columns=columns)
    from_cli = capsys.readouterr().out
    from_web = bytes(export(ROWS, "csv", "designations").body).decode("utf-8")
    assert from_cli == from_web == csv_text(ROWS)
    row = next(csv.DictReader(io.StringIO(from_web)))
    assert row["name"].startswith("'=") and row["regimes"] == "DPRK; NPWMD"
    assert json.loads(row["documents"]) == [{"kind": "passport", "number": "-108210124"}]
    assert json.loads(row["dates"]) == {"listed": "2017-06-02"} and row["note"] == ""


def test_the_cli_and_the_web_write_the_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    emit(ROWS, as_json=True)
    from_cli: Any = json.loads(capsys.readouterr().out)
    from_web = json.loads(bytes(JSONResponse(ROWS).body))
    assert from_cli == from_web == json.loads(json_text(ROWS, indent=None))
    assert from_web[0]["documents"][0]["number"] == "-108210124"  # JSON holds values, not spreadsheet cells
    assert from_web[0]["dates"] == {"listed": "2017-06-02"}
