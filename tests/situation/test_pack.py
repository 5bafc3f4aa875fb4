"""Situation packs are checked with every problem named by file and line, and the bundled pack passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.errors import InputError
from rightsdesk.situation.pack import bundled_pack, validate_pack


def _pack(tmp_path: Path, **files: str) -> Path:
    files = {"pack": "state: PRK\n", **files}
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _problems(folder: Path) -> list[str]:
    return [str(p) for p in validate_pack(folder).problems]


def test_the_bundled_pack_has_no_problem() -> None:
    report = validate_pack(bundled_pack())
    assert report.ok, report.problems
    assert set(report.entries) == {"timeline.yaml", "resolutions.yaml", "council_votes.yaml",
                                   "coi_recommendations.yaml", "pack.yaml listings", "pack.yaml recurring",
                                   "pack.yaml sanctions", "pack.yaml synthetic_cases places",
                                   "pack.yaml sql_examples"}
    assert all(n > 0 for n in report.entries.values())


def test_each_bad_event_is_named_by_line(tmp_path: Path) -> None:
    folder = _pack(tmp_path, timeline="""events:
  - {date: "2020-05-01", mechanism: GA, actors: [KOR], kind: meeting, summary: fine, symbol: A/RES/75/190}
  - {date: "2020-13", mechanism: GA, actors: [], kind: k, summary: s, footnote: 3}
  - {mechanism: GA, actors: [], kind: k, summary: undated, footnote: 3}
  - {date: "2021", mechanism: NOPE, actors: [], kind: k, summary: s, footnote: 3}
  - {date: "2021", mechanism: GA, actors: [XYZ, "Ms Someone"], kind: k, summary: uncited}
  - {date: "2021", mechanism: context, actors: [], kind: k, summary: s, symbol: "A/ HRC/1"}
""")
    problems = _problems(folder)
    where = str(folder / "timeline.yaml")
    assert f"{where}: line 3: invalid date 2020-13: month 01-12 and day from 01" in problems
    assert any(p.startswith(f"{where}: line 4: date is missing") for p in problems)
    assert any(p.startswith(f"{where}: line 5: mechanism 'NOPE' is not in the registry") for p in problems)
    assert f"{where}: line 6: uncited: give a footnote, a UN document symbol or a source" in problems
    assert f"{where}: line 6: actors: 'XYZ' is not a known ISO 3166 alpha-3 code" in problems
    assert any(p.startswith(f"{where}: line 7: symbol 'A/ HRC/1' is not a well-formed") for p in problems)
    assert len(problems) == 6, problems


def test_block_style_entries_point_at_the_offending_key(tmp_path: Path) -> None:
    folder = _pack(tmp_path, council_votes="""votes:
  - date: "2016-12-09"
    meeting: S/PV.7830
    kind: procedural
    question: agenda
    totals: {"yes": 9, "no": 4, abstain: 1}
    positions:
      "yes": [ESP, FRA, GBR, JPN, MYS, NZL, UKR, URY, USA]
      "no": [AGO, CHN, EGY, RUS, VEN]
      abstain: [SEN]
    citation: S/PV.7830
  - date: "2017-12-11"
    meeting: S/PV.7830
    kind: informal
    question: agenda
    totals: {"yes": 1, "no": 0, abstain: 0}
    positions: {"yes": [FRA], "no": [FRA], abstain: []}
    citation: S/PV.8130
""")
    problems = _problems(folder)
    where = str(folder / "council_votes.yaml")
    assert f"{where}: line 6: totals say 4 no, positions list 5" in problems
    assert any(p.startswith(f"{where}: line 13: meeting 'S/PV.7830' appears twice (first on line 2)") for p in problems)
    assert any(p.startswith(f"{where}: line 14: kind 'informal' is not one of") for p in problems)
    assert f"{where}: line 17: positions: FRA votes both yes and no" in problems
    assert f"{where}: line 16: totals say 0 no, positions list 1" in problems


def test_resolutions_agree_with_how_they_were_adopted(tmp_path: Path) -> None:
    folder = _pack(tmp_path, resolutions="""resolutions:
  - {body: HRC, symbol: A/HRC/RES/1/1, date: "2020-03", session: 43, without_vote: true, "yes": 3, citation: c}
  - {body: HRC, symbol: A/HRC/RES/1/2, date: "2020-03", session: 43, without_vote: false, "yes": 3, citation: c}
  - {body: UNGA, symbol: A/HRC/RES/1/2, date: "2020-03", session: -1, without_vote: maybe, citation: c}
  - {body: GA, symbol: A/RES/60/173, session: 60, citation: "bundled roll call: date and totals known"}
""")
    problems = _problems(folder)
    where = str(folder / "resolutions.yaml")
    assert f"{where}: line 2: adopted without a vote, yet totals are entered" in problems
    assert f"{where}: line 3: adopted by a recorded vote: enter yes, no and abstain" in problems
    assert any(p.startswith(f"{where}: line 4: body 'UNGA' is not one of CHR, HRC, GA") for p in problems)
    assert f"{where}: line 4: session: -1 is not a whole number" in problems
    assert any(p.startswith(f"{where}: line 4: without_vote must be true or false") for p in problems)
    assert any(p.startswith(f"{where}: line 4: symbol 'A/HRC/RES/1/2' appears twice") for p in problems)
    assert not any(": line 5:" in p for p in problems)


def test_broken_yaml_and_wrong_shapes_are_reported(tmp_path: Path) -> None:
    folder = _pack(tmp_path, timeline="events:\n  - {date: 2020\n", coi_recommendations="items: []\n")
    problems = _problems(folder)
    assert any(p.startswith(f"{folder / 'timeline.yaml'}: line ") and "not valid YAML" in p for p in problems)
    assert f"{folder / 'coi_recommendations.yaml'}: line 1: must be a mapping with the key 'recommendations' " \
           "holding a list" in problems


def test_the_pack_file_names_a_known_state_its_listings_and_yearly_dates(tmp_path: Path) -> None:
    folder = _pack(tmp_path, pack="""state: XYZ
listings:
  - resolution: "S/RES/2356 (2017)"
    listed_on: "2017-06-31"
    designations: [KPi.040, KPi.040, Kim]
recurring:
  - {kind: sr-report, mechanism: SR-DPRK, months: [10, 3], rule: r}
  - {kind: x, mechanism: NOPE, months: [3, 3], rule: r}
""")
    problems = _problems(folder)
    where = str(folder / "pack.yaml")
    assert f"{where}: line 1: state 'XYZ' is not a known ISO 3166 alpha-3 code" in problems
    assert any(p.startswith(f"{where}: line 4: invalid date 2017-06-31") for p in problems)
    assert f"{where}: line 5: designations: 'Kim' is not a consolidated list reference number (such as KPi.041)" \
        in problems
    assert f"{where}: line 5: designations: a reference number is listed twice" in problems
    assert f"{where}: line 7: months must be [first, last] with 1 <= first <= last <= 12, not [10, 3]" in problems
    assert any(p.startswith(f"{where}: line 8: mechanism 'NOPE' is not in the registry") for p in problems)
    assert len(problems) == 6, problems


def test_a_pack_without_its_pack_file_says_so(tmp_path: Path) -> None:
    (tmp_path / "timeline.yaml").write_text("events: []\n", encoding="utf-8")
    assert _problems(tmp_path) == [f"{tmp_path / 'pack.yaml'}: missing: a pack names its state in pack.yaml "
                                   "(state: ISO3)"]


def test_a_folder_without_pack_files_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no pack file found"):
        validate_pack(tmp_path)
    with pytest.raises(InputError, match="not a folder"):
        validate_pack(tmp_path / "missing")


def test_the_cli_exits_2_with_the_problems_and_0_on_the_bundled_pack(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["situation", "validate", str(bundled_pack()), "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["ok"] is True
    folder = _pack(tmp_path, coi_recommendations="""recommendations:
  - {id: a, addressee: PRK, summary: s, status: done, evidence: e, citation: c}
""")
    bad = runner.invoke(cli, ["situation", "validate", str(folder)])
    assert bad.exit_code == 2
    assert f"{folder / 'coi_recommendations.yaml'}: line 2: status 'done' is not one of" in bad.output


def test_situation_iso3_still_shows_the_overview() -> None:
    result = CliRunner().invoke(cli, ["situation", "PRK", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["country"] == "PRK"


def test_sanctions_synthetic_cases_and_sql_examples_are_checked(tmp_path: Path) -> None:
    folder = _pack(tmp_path, pack="""state: MMR
sanctions:
  un_regime: 7
  sdn_programs: []
  colour: red
synthetic_cases:
  places:
    - {country: MMR, romanized: Sittwe, hangul: 시트웨, province: Rakhine}
    - {country: QQQ, romanized: A}
  patterns:
    - {acts: "Torture", country: BGD}
    - {acts: "arbitrary-detention;torture", country: MMR}
  perpetrators: []
  share_with:
    - {mechanism: SR-Myanmar, chance: 2}
sql_examples:
  - {title: drop, sql: "DROP TABLE designation"}
""")
    where = str(folder / "pack.yaml")
    assert sorted(_problems(folder)) == sorted([
        f"{where}: line 5: unknown key 'colour' (expected un_regime, sdn_programs, sdn_remark)",
        f"{where}: line 3: un_regime must be text, not 7",
        f"{where}: line 4: sdn_programs must be a list of text, not []",
        f"{where}: line 13: perpetrators must be a list of text, not []",
        f"{where}: line 9: hangul is missing",
        f"{where}: line 9: province is missing",
        f"{where}: line 9: country: 'QQQ' is not a known ISO 3166 alpha-3 code",
        f"{where}: line 11: acts 'Torture' must be act kinds separated by ';' (such as arbitrary-detention;torture)",
        f"{where}: line 11: country 'BGD' has no place in places",
        f"{where}: line 15: chance must be a number from 0 to 1, not 2",
        f"{where}: line 17: sql must be a query (SELECT or WITH ...)",
    ])


def test_no_situation_literal_is_left_in_the_code_that_moved_to_the_pack() -> None:
    """The cross-list links, the synthetic cases and the /sql examples read the pack: their modules name no
    DPRK program, regime, remark or town."""
    src = Path(__file__).resolve().parents[2] / "src" / "rightsdesk"
    for module in ("pipeline/links.py", "linkage/crosslist.py", "cases/synth.py", "web/public_sql.py",
                   "cases/submission.py"):
        text = (src / module).read_text(encoding="utf-8")
        for literal in ('"PRK"', '"DPRK', "'PRK'", '"North Korea Sanctions', '"Hoeryong', '"SR-DPRK'):
            assert literal not in text, f"{module} holds {literal}"
