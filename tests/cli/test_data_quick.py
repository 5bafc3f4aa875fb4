"""The data commands on a small real slice (the DPRK's second review from UPR Info and its Working Group report),
on both engines: what a user found wrong in `build`'s lines and in `recommendations` (test_data.py runs the same
commands on the full build, marked slow)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from rightsdesk.cli import cli
from rightsdesk.cli.data import _dataset_line
from rightsdesk.pipeline import build
from rightsdesk.pipeline import load_path as load
from rightsdesk.pipeline.build import DatasetStep
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
