"""A damaged snapshot must not delete data: a load that would remove a large share of its dataset is refused
with the counts and changes nothing, unless the user says the removal is intended (issue 15, defect 0)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from rightsdesk.access import ANONYMOUS
from rightsdesk.cli import cli
from rightsdesk.errors import ShrinkError, exit_code
from rightsdesk.pipeline import load_path as load
from rightsdesk.store.readers.designations import designations
from rightsdesk.store.readers.sources import stats as counts

ROOT = Path(__file__).resolve().parents[2]
UN_LIST = next((ROOT / "src/rightsdesk/data/un-sc-list").glob("*.xml.gz"))
VOTES = ROOT / "tests/fixtures/unvotes"


def _un_list_keeping(tmp: Path, keep: int | None = None, drop: int = 0) -> Path:
    """The bundled UN list, same date, with only `keep` individuals (or all but `drop` of them)."""
    tree = etree.fromstring(gzip.decompress(UN_LIST.read_bytes()), etree.XMLParser(resolve_entities=False))
    people = tree.find("INDIVIDUALS")
    assert people is not None
    entries = list(people)
    doomed = entries[keep:] if keep is not None else entries[:drop]
    for entry in doomed:
        people.remove(entry)
    out = tmp / "consolidated.xml"
    out.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="utf-8"))
    return out


def _snapshot(store: Any) -> tuple[Any, ...]:
    with store.reading(ANONYMOUS) as session:
        stats = counts(session)
        refs = [d.reference_number for d in designations(session, list_name="un")]
    return stats, refs


def test_a_list_cut_short_is_refused_and_changes_nothing(store: Any, tmp_path: Path) -> None:
    load(store, "un-sc-list", UN_LIST)
    before = _snapshot(store)
    with pytest.raises(ShrinkError, match=r"would remove \d[\d,]* of the 1,003 designations") as caught:
        load(store, "un-sc-list", _un_list_keeping(tmp_path, keep=10))
    assert exit_code(caught.value) == 2 and "--allow-shrink" in str(caught.value)
    assert _snapshot(store) == before


def test_a_few_delistings_load_and_are_reported(store: Any, tmp_path: Path) -> None:
    load(store, "un-sc-list", UN_LIST)
    report = load(store, "un-sc-list", _un_list_keeping(tmp_path, drop=5))
    designations = next(c for c in report.changes if c.kind == "designations")
    assert (designations.before, designations.after, designations.removed, designations.added) == (1003, 998, 5, 0)
    assert designations.replaced == 998


def test_allow_shrink_loads_the_smaller_list(store: Any, tmp_path: Path) -> None:
    load(store, "un-sc-list", UN_LIST)
    report = load(store, "un-sc-list", _un_list_keeping(tmp_path, keep=10), allow_shrink=True)
    assert next(c for c in report.changes if c.kind == "designations").after == 10 + 273  # entities kept


def test_votes_cut_at_a_line_boundary_are_refused_by_the_cli(schema_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", schema_url, "ingest", "unvotes", str(VOTES)]).exit_code == 0
    cut = tmp_path / "unvotes"
    shutil.copytree(VOTES, cut)
    lines = (cut / "un_votes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (cut / "un_votes.csv").write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    result = runner.invoke(cli, ["--db", schema_url, "ingest", "unvotes", str(cut)])
    assert result.exit_code == 2, result.output
    assert "votes held" in result.output and "nothing was loaded" in result.output
    result = runner.invoke(cli, ["--db", schema_url, "ingest", "unvotes", str(cut), "--allow-shrink"])
    assert result.exit_code == 0, result.output
    assert "votes: 0 added" in result.output and "removed" in result.output
