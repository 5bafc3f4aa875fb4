"""The one exporter: nested values and formula cells are written the same way by the CLI and the web."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.cli.common import emit
from rightsdesk.export import FORMULA_STARTS, cell, csv_text, json_text
from rightsdesk.web.responses import JSONResponse, export

ROWS = [{"name": "=HYPERLINK(\"http://x\")", "regimes": ["DPRK", "NPWMD"], "n": 3,
         "documents": [{"kind": "passport", "number": "-108210124"}], "dates": {"listed": dt.date(2017, 6, 2)},
         "note": None}]


def test_cells_join_plain_lists_nest_the_rest_as_json_and_defuse_formulas() -> None:
    assert cell(["DPRK", 2]) == "DPRK; 2"
    assert cell([{"a": 1}]) == '[{"a": 1}]'
    assert cell({"listed": dt.date(2017, 6, 2)}) == '{"listed": "2017-06-02"}'
    assert cell("=1+1") == "'=1+1" and cell(["-x"]) == "'-x" and cell(3) == 3 and cell(None) is None


@given(st.text())
def test_no_text_cell_can_start_a_formula(text: str) -> None:
    for value in (text, [text], {"k": text}):
        out = cell(value)
        assert not (isinstance(out, str) and out[:1] in FORMULA_STARTS)


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
