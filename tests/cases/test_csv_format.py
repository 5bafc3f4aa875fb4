"""The case CSV: a synthetic file parses as it is; each kind of bad cell is named by line and field."""

from __future__ import annotations

import io

import pytest

from rightsdesk.cases.csv_format import COLUMNS, parse_rows, write_rows
from rightsdesk.cases.synth import synth_rows
from rightsdesk.cases.vocab import ActKind, ConsentScope, Mechanism
from rightsdesk.errors import IngestError


def _text(rows: list[dict[str, str]]) -> io.StringIO:
    buf = io.StringIO()
    write_rows(buf, rows)
    buf.seek(0)
    return buf


def _parse(rows: list[dict[str, str]]) -> list:  # type: ignore[type-arg]
    return parse_rows(_text(rows), path="cases.csv", collection="north", recorded_by="doc")


def test_synthetic_rows_parse_with_partial_dates_and_consent() -> None:
    rows = list(synth_rows(200, seed=5))
    parsed = _parse(rows)
    assert len(parsed) == 200 and len({p.case.id for p in parsed}) == 200
    precisions = {e.start.precision for p in parsed for e in p.case.events if e.start}
    assert precisions == {"year", "month", "day"}
    assert {e.place.country for p in parsed for e in p.case.events if e.place} == {"PRK", "CHN"}
    case = parsed[0].case
    assert case.victims() and all(a.kind in ActKind for a in case.acts)
    scopes = {(c.scope, c.mechanism) for p in parsed for c in p.case.consents}  # type: ignore[attr-defined]
    assert (ConsentScope.SHARING, Mechanism.WGEID) in scopes and (ConsentScope.ANALYSIS, None) in scopes


def test_the_same_file_gives_the_same_ids() -> None:
    rows = list(synth_rows(5, seed=1))
    assert [p.case.id for p in _parse(rows)] == [p.case.id for p in _parse(rows)]


@pytest.mark.parametrize(("field", "value", "says"), [
    ("acts", "kidnapping", "not one of"),
    ("acts", "", "empty"),
    ("event_start", "2014-13", "invalid date"),
    ("event_end", "1990", "before the start"),
    ("victim_birth", "spring 1970", "malformed date"),
    ("place_country", "North Korea", "ISO 3166"),
    ("certainty", "sure", "not one of"),
    ("victim_sex", "f", "not one of"),
    ("consent_share", "UNHCR", "not one of"),
    ("consent_date", "2020", "the day it was given"),
    ("consent_analysis", "maybe", "neither yes nor no"),
    ("ref", "", "empty"),
])
def test_a_bad_cell_is_named_by_line_and_field(field: str, value: str, says: str) -> None:
    rows = list(synth_rows(3, seed=2))
    rows[1][field] = value
    with pytest.raises(IngestError) as err:
        _parse(rows)
    assert err.value.where == 3 and f"field {field!r}" in str(err.value) and says in str(err.value)
    assert "nothing was loaded" in str(err.value)


def test_a_victim_without_any_name_and_a_reused_reference() -> None:
    rows = list(synth_rows(2, seed=2))
    for f in ("victim_name_hangul", "victim_name_mr", "victim_name_rr", "victim_name_other"):
        rows[0][f] = ""
    rows[1]["ref"] = rows[0]["ref"]
    with pytest.raises(IngestError, match=r"line 2: field 'victim_name_hangul'.*and 1 more: line 3: field 'ref'"):
        _parse(rows)


def test_header_problems() -> None:
    with pytest.raises(IngestError, match="lacks the column"):
        parse_rows(io.StringIO("title\nx\n"), path="c.csv", collection="c", recorded_by="d")
    with pytest.raises(IngestError, match="unknown column"):
        parse_rows(io.StringIO(",".join([*COLUMNS, "secret"]) + "\n"), path="c.csv", collection="c", recorded_by="d")
    with pytest.raises(IngestError, match="no case"):
        parse_rows(io.StringIO(",".join(COLUMNS) + "\n"), path="c.csv", collection="c", recorded_by="d")


def test_a_lone_carriage_return_in_a_cell_is_quoted_and_survives_the_round_trip() -> None:
    row = next(iter(synth_rows(1, seed=3)))
    row["testimony"] = "first\r=HYPERLINK(1)"
    written = _text([row]).getvalue()
    assert written.count("\n") == 2 and '"first\r=HYPERLINK(1)"' in written  # header and one row; the cell quoted
    assert "\r\n" not in written
    assert _parse([row])[0].case is not None
