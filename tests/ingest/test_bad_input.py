"""Bad input, on both engines: a message naming file, line and problem; exit code 2; the store as it was."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.store import Store
from tests.store.test_load import FIXTURES, load_samples, snapshot


def ingest(url: str, kind: str, path: Path) -> Any:
    return CliRunner().invoke(cli, ["--db", url, "ingest", kind, str(path)])


def truncated_xml(tmp: Path) -> Path:
    text = (FIXTURES / "un_list_sample.xml").read_text(encoding="utf-8")
    path = tmp / "truncated.xml"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path


def wrong_header(tmp: Path) -> Path:
    lines = (FIXTURES / "upr_sample.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp / "wrong_header.csv"
    path.write_text(lines[0].replace("recommendation", "text") + "".join(lines[1:]), encoding="utf-8")
    return path


def unknown_country(tmp: Path) -> Path:
    """The 26th line names a state no table knows; the 25 rows before it are good."""
    lines = (FIXTURES / "upr_sample.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[25] = lines[25].replace("DPR Korea", "Republic of Atlantis", 1)
    path = tmp / "unknown_country.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def wrong_kind_csv_as_xml(tmp: Path) -> Path:
    path = tmp / "list.xml"
    shutil.copy(FIXTURES / "upr_sample.csv", path)
    return path


def wrong_kind_xml_as_csv(tmp: Path) -> Path:
    path = tmp / "recommendations.csv"
    shutil.copy(FIXTURES / "un_list_sample.xml", path)
    return path


def other_xml(tmp: Path) -> Path:
    path = tmp / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<sdnList><sdnEntry/></sdnList>\n', encoding="utf-8")
    return path


def empty_file(tmp: Path) -> Path:
    path = tmp / "empty.csv"
    path.write_bytes(b"")
    return path


def header_only(tmp: Path) -> Path:
    path = tmp / "header_only.csv"
    path.write_text((FIXTURES / "upr_sample.csv").read_text(encoding="utf-8").splitlines()[0] + "\n")
    return path


def bad_vote(tmp: Path) -> Path:
    folder = tmp / "votes"
    shutil.copytree(FIXTURES / "unvotes", folder)
    lines = (folder / "un_votes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[300] = lines[300].rsplit(",", 1)[0] + ",maybe\n"
    (folder / "un_votes.csv").write_text("".join(lines), encoding="utf-8")
    return folder


def corrupt_gzip(tmp: Path) -> Path:
    path = tmp / "list.xml.gz"
    data = gzip.compress((FIXTURES / "un_list_sample.xml").read_bytes())
    path.write_bytes(data[: len(data) // 2])
    return path


def sdn_orphan_alias(tmp: Path) -> Path:
    folder = tmp / "sdn"
    shutil.copytree(FIXTURES / "ofac-sdn", folder)
    with (folder / "alt.csv").open("a", encoding="utf-8") as fh:
        fh.write('99999999,1,"aka","NOBODY",-0- \n')
    return folder


def missing_file(tmp: Path) -> Path:
    return tmp / "nowhere.csv"


def a_folder(tmp: Path) -> Path:
    return tmp


CASES = [
    ("upr-info", missing_file, "nowhere.csv", "no such file"),
    ("upr-info", a_folder, "", "is a folder"),
    ("un-sc-list", truncated_xml, "truncated.xml: line", "malformed XML"),
    ("upr-info", wrong_header, "wrong_header.csv: line 1", "wrong header"),
    ("upr-info", unknown_country, "unknown_country.csv: line 26", "unknown country spelling 'Republic of Atlantis'"),
    ("un-sc-list", wrong_kind_csv_as_xml, "list.xml: line 1", "malformed XML"),
    ("upr-info", wrong_kind_xml_as_csv, "recommendations.csv: line 1", "wrong header"),
    ("un-sc-list", other_xml, "other.xml: line 2", "not a UN consolidated list"),
    ("upr-info", empty_file, "empty.csv", "the file is empty"),
    ("upr-info", header_only, "header_only.csv", "no data rows"),
    ("unvotes", bad_vote, "un_votes.csv: line 301", "'maybe' is not yes, no or abstain"),
    ("un-sc-list", corrupt_gzip, "list.xml.gz", "cannot read"),
    ("ofac-sdn", sdn_orphan_alias, "alt.csv: line", "ent_num 99999999 is not in the SDN file"),
]


@pytest.mark.parametrize(("kind", "make", "where", "problem"), CASES, ids=[c[1].__name__ for c in CASES])
def test_bad_input_exits_2_and_changes_nothing(store_url: str, tmp_path: Path, kind: str, make: Any, where: str,
                                               problem: str) -> None:
    store = Store.open(store_url)
    load_samples(store)
    before = snapshot(store)
    result = ingest(store_url, kind, make(tmp_path))
    assert result.exit_code == 2, result.output
    assert where in result.output and problem in result.output, result.output
    assert snapshot(store) == before
    store.close()


def test_a_malformed_database_url_exits_2() -> None:
    result = CliRunner().invoke(cli, ["--db", "notaurl", "stats"])
    assert result.exit_code == 2 and "not a database URL" in result.output


def test_unknown_ingestor_kind_is_a_usage_error(store_url: str) -> None:
    result = ingest(store_url, "csv", FIXTURES / "upr_sample.csv")
    assert result.exit_code == 64 and "Invalid value" in result.output
