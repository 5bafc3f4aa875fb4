"""Bad input, on both engines: a message naming file, line and problem; exit code 2; the store as it was."""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.store import Store
from tests.store.test_load import FIXTURES, load_samples, snapshot

REPORTS = Path(__file__).parents[2] / "src/rightsdesk/data/upr_reports"


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


def _edited_copy(tmp: Path, fixture: str, name: str, edit: Any) -> Path:
    """A copy of a fixture file (or of the folder holding it, as `fixture` names) with its lines edited."""
    source = FIXTURES / fixture
    target = tmp / source.parent.name / source.name if source.parent != FIXTURES else tmp / source.name
    if source.parent != FIXTURES:
        shutil.copytree(source.parent, target.parent)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(edit(lines)), encoding="utf-8")
    return target if source.parent == FIXTURES else target.parent


def _cell(line: str, index: int, value: str) -> str:
    cells = next(csv.reader([line]))
    cells[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def huge_upr_session(tmp: Path) -> Path:
    """A session of 10^30 on the 5th line."""
    return _edited_copy(tmp, "upr_sample.csv", "", lambda ls: [*ls[:4], _cell(ls[4], 10, "1" + "0" * 30), *ls[5:]])


def huge_roll_call_session(tmp: Path) -> Path:
    return _edited_copy(tmp, "unvotes/un_roll_calls.csv", "",
                        lambda ls: [*ls[:3], _cell(ls[3], 1, "1" + "0" * 30), *ls[4:]])


def repeated_vote(tmp: Path) -> Path:
    """The vote on line 3 repeated as line 12."""
    return _edited_copy(tmp, "unvotes/un_votes.csv", "", lambda ls: [*ls[:11], ls[2], *ls[11:]])


def repeated_un_entry(tmp: Path) -> Path:
    """The first INDIVIDUAL (line 4) written again at the end of the INDIVIDUALS."""
    text = (FIXTURES / "un_list_sample.xml").read_text(encoding="utf-8")
    first = text[text.index("<INDIVIDUAL>"):text.index("</INDIVIDUAL>") + len("</INDIVIDUAL>")]
    path = tmp / "repeated.xml"
    path.write_text(text.replace("</INDIVIDUALS>", first + "</INDIVIDUALS>", 1), encoding="utf-8")
    return path


def commented_un_entry(tmp: Path) -> Path:
    """A comment inside an entry and a processing instruction: the list loads (checked apart)."""
    text = (FIXTURES / "un_list_sample.xml").read_text(encoding="utf-8")
    path = tmp / "commented.xml"
    path.write_text(text.replace("<FIRST_NAME>", "<!-- a note --><?pi x?><FIRST_NAME>", 1), encoding="utf-8")
    return path


def _sdn_ent_num(value: str) -> Any:
    return lambda tmp: _edited_copy(tmp, "ofac-sdn/sdn.csv", "", lambda ls: [*ls[:1], _cell(ls[1], 0, value),
                                                                              *ls[2:]])


def sdn_superscript_ent_num(tmp: Path) -> Path:
    return _sdn_ent_num("9\u00b2")(tmp)  # type: ignore[no-any-return]


def sdn_letters_ent_num(tmp: Path) -> Path:
    return _sdn_ent_num("abc")(tmp)  # type: ignore[no-any-return]


def sdn_repeated_ent_num(tmp: Path) -> Path:
    return _sdn_ent_num("36")(tmp)  # type: ignore[no-any-return]


def latin1_report(tmp: Path) -> Path:
    path = tmp / "report.txt"
    path.write_bytes((REPORTS / "A-HRC-27-10_DPRK_UPR_WG_report_cycle2_2014.txt").read_text(encoding="utf-8")
                     .replace("Republic", "R\u00e9public", 3).encode("latin-1", errors="replace"))
    return path


def binary_report(tmp: Path) -> Path:
    path = tmp / "report.txt"
    path.write_bytes(b"II. Conclusions\n" + bytes(range(256)) * 4)
    return path


# Completeness: a file cut short, or missing a part, is refused before it can delist or delete what it lost.
def roll_calls_cut_mid_line(tmp: Path) -> Path:
    """un_roll_calls.csv cut inside the description on its last line: every cell still reads, but the last line
    has no line break."""
    return _edited_copy(tmp, "unvotes/un_roll_calls.csv", "", lambda ls: [*ls[:5], ls[5][:80]])


def sdn_cut_inside_the_last_remarks(tmp: Path) -> Path:
    """sdn.csv cut inside the quoted Remarks of its last entry, then ended with a line break: every cell reads
    (the remarks shorter), but the quote is never closed."""
    def edit(ls: list[str]) -> list[str]:
        return [*ls[:-1], ls[-1][: ls[-1].index('"DOB') + 30] + "\r\n"]
    return _edited_copy(tmp, "ofac-sdn/sdn.csv", "", edit)


def sdn_cut_at_a_line_boundary(tmp: Path) -> Path:
    """sdn.csv without its last two entries: add.csv and alt.csv name entries it no longer holds."""
    return _edited_copy(tmp, "ofac-sdn/sdn.csv", "", lambda ls: ls[:-2])


def sdn_add_cut_at_a_line_boundary(tmp: Path) -> Path:
    """add.csv without its last three rows: the last entries of sdn.csv have no address row."""
    return _edited_copy(tmp, "ofac-sdn/add.csv", "", lambda ls: ls[:-3])


def sdn_repeated_alt_num(tmp: Path) -> Path:
    """The alias of line 2 written again as the last line (alt_num 8816 twice)."""
    return _edited_copy(tmp, "ofac-sdn/alt.csv", "", lambda ls: [*ls, ls[1]])


def sdn_comments_orphan(tmp: Path) -> Path:
    folder = tmp / "sdn"
    shutil.copytree(FIXTURES / "ofac-sdn", folder)
    (folder / "sdn_comments.csv").write_text('36,"more remarks"\n77777,"of nobody"\n', encoding="utf-8")
    return folder


def _un_list(tmp: Path, edit: Any, name: str = "list.xml") -> Path:
    path = tmp / name
    path.write_text(edit((FIXTURES / "un_list_sample.xml").read_text(encoding="utf-8")), encoding="utf-8")
    return path


def un_list_without_entities(tmp: Path) -> Path:
    """The ENTITIES section taken out whole: a well-formed file that would delist every entity."""
    return _un_list(tmp, lambda t: t[: t.index("<ENTITIES>")] + t[t.index("</ENTITIES>") + len("</ENTITIES>"):])


def un_list_cut_before_its_root_closes(tmp: Path) -> Path:
    return _un_list(tmp, lambda t: t[: t.index("</CONSOLIDATED_LIST>")])


def un_list_individual_among_entities(tmp: Path) -> Path:
    """The first INDIVIDUAL moved into the ENTITIES section."""
    def edit(t: str) -> str:
        first = t[t.index("<INDIVIDUAL>"):t.index("</INDIVIDUAL>") + len("</INDIVIDUAL>")]
        return t.replace(first, "", 1).replace("</ENTITIES>", first + "</ENTITIES>", 1)
    return _un_list(tmp, edit)


def un_list_two_individuals_sections(tmp: Path) -> Path:
    return _un_list(tmp, lambda t: t.replace("<ENTITIES>", "<INDIVIDUALS></INDIVIDUALS><ENTITIES>", 1))


# Values PostgreSQL refuses (and SQLite would keep): refused alike on both engines, naming file and line.
def upr_nul_byte(tmp: Path) -> Path:
    """A NUL byte in the recommendation text of the 5th line."""
    return _edited_copy(tmp, "upr_sample.csv", "", lambda ls: [*ls[:4], ls[4][:60] + "\x00" + ls[4][60:], *ls[5:]])


def un_list_long_reference(tmp: Path) -> Path:
    """A REFERENCE_NUMBER of 57 characters (the store holds 40) in the entry on line 4."""
    return _un_list(tmp, lambda t: t.replace("<REFERENCE_NUMBER>CDi.001<", "<REFERENCE_NUMBER>CDi.001" + "X" * 50 + "<",
                                             1))


def roll_call_long_symbol(tmp: Path) -> Path:
    return _edited_copy(tmp, "unvotes/un_roll_calls.csv", "",
                        lambda ls: [*ls[:4], ls[4].replace("R/69/188", "R/69/188" + "9" * 90), *ls[5:]])


def sdn_long_program(tmp: Path) -> Path:
    return _edited_copy(tmp, "ofac-sdn/sdn.csv", "",
                        lambda ls: [ls[0].replace('"CUBA"', '"CUBA] [' + "P" * 60 + '"', 1), *ls[1:]])


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
    ("upr-info", huge_upr_session, "upr_sample.csv: line 5", "session: 1000000000000000000000000000000 is out of"),
    ("unvotes", huge_roll_call_session, "un_roll_calls.csv: line 4", "session: 1000000000000000000000000000000 is"),
    ("unvotes", repeated_vote, "un_votes.csv: line 12", "a second vote of CAN in roll call 3 (the first is on line 3)"),
    ("un-sc-list", repeated_un_entry, "repeated.xml: line", "CDi.001 appears twice (first on line 4)"),
    ("ofac-sdn", sdn_superscript_ent_num, "sdn.csv: line 2", "ent_num: '9\u00b2' is not a whole number"),
    ("ofac-sdn", sdn_letters_ent_num, "sdn.csv: line 2", "ent_num: 'abc' is not a whole number"),
    ("ofac-sdn", sdn_repeated_ent_num, "sdn.csv: line 2", "ent_num 36 appears twice (first on line 1)"),
    ("upr-report", latin1_report, "report.txt: line", "not UTF-8 text"),
    ("upr-report", binary_report, "report.txt: line 3", "not UTF-8 text (invalid start byte at byte 144"),
    ("unvotes", roll_calls_cut_mid_line, "un_roll_calls.csv: line 6", "the last line has no line break"),
    ("ofac-sdn", sdn_cut_inside_the_last_remarks, "sdn.csv: line 5", "ends inside a quoted field"),
    ("ofac-sdn", sdn_cut_at_a_line_boundary, ".csv: line", "is not in the SDN file (is sdn.csv cut short"),
    ("ofac-sdn", sdn_add_cut_at_a_line_boundary, "sdn.csv: line", "have no row in add.csv"),
    ("ofac-sdn", sdn_repeated_alt_num, "alt.csv: line 14", "alt_num 8816 appears twice (first on line 2)"),
    ("ofac-sdn", sdn_comments_orphan, "sdn_comments.csv: line 2", "ent_num 77777 is not in the SDN file"),
    ("un-sc-list", un_list_without_entities, "list.xml: line 2", "the list has no <ENTITIES> section"),
    ("un-sc-list", un_list_cut_before_its_root_closes, "list.xml: line", "malformed XML"),
    ("un-sc-list", un_list_individual_among_entities, "list.xml: line", "<INDIVIDUAL> inside <ENTITIES>"),
    ("upr-info", upr_nul_byte, "upr_sample.csv: line 5", "a NUL character (byte 0) at column 61"),
    ("un-sc-list", un_list_long_reference, "list.xml: line 4", "is 57 characters; the store holds at most 40"),
    ("unvotes", roll_call_long_symbol, "un_roll_calls.csv: line 5", "is 102 characters; the store holds at most 80"),
    ("ofac-sdn", sdn_long_program, "sdn.csv: line 1", "is 60 characters; the store holds at most 40"),
    ("un-sc-list", un_list_two_individuals_sections, "list.xml: line", "a second <INDIVIDUALS> section (the first "
                                                                       "is on line 3)"),
]


@pytest.mark.parametrize(("kind", "make", "where", "problem"), CASES, ids=[c[1].__name__ for c in CASES])
def test_bad_input_exits_2_and_changes_nothing(schema_url: str, tmp_path: Path, kind: str, make: Any, where: str,
                                               problem: str) -> None:
    store = Store.open(schema_url)
    load_samples(store)
    before = snapshot(store)
    result = ingest(schema_url, kind, make(tmp_path))
    assert result.exit_code == 2, result.output
    assert where in result.output and problem in result.output, result.output
    assert snapshot(store) == before
    store.close()


def test_a_malformed_database_url_exits_2() -> None:
    result = CliRunner().invoke(cli, ["--db", "notaurl", "stats"])
    assert result.exit_code == 2 and "not a database URL" in result.output


def test_an_unparsable_database_url_is_echoed_without_its_password() -> None:
    result = CliRunner().invoke(cli, ["--db", "postgresql://admin:s3cret@db:notaport/x", "stats"])
    assert result.exit_code == 2 and "not a database URL" in result.output, result.output
    assert "s3cret" not in result.output and "admin:***@db:notaport/x" in result.output


def test_unknown_ingestor_kind_is_a_usage_error(schema_url: str) -> None:
    result = ingest(schema_url, "csv", FIXTURES / "upr_sample.csv")
    assert result.exit_code == 64 and "Invalid value" in result.output


def test_comments_and_instructions_inside_an_entry_load(schema_url: str, tmp_path: Path) -> None:
    """A comment or processing instruction in an entry is no data; it once reached the writer as a key."""
    result = ingest(schema_url, "un-sc-list", commented_un_entry(tmp_path))
    assert result.exit_code == 0, result.output
