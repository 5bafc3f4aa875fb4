"""A situation pack read from a folder of the user's (`--situation DIR`, RIGHTSDESK_SITUATION) instead of the
bundled one: checked first and refused with its problems; everything that reads the pack follows it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.datafiles import situation_folder, use_situation
from rightsdesk.situation.pack import bundled_pack
from rightsdesk.situation.records import sanctions_ties, situation_state

MYANMAR = {
    "pack.yaml": """state: MMR
called: Myanmar
synthetic_cases:
  places:
    - {country: MMR, romanized: Sittwe, hangul: 시트웨, province: Rakhine}
    - {country: BGD, romanized: Cox's Bazar, hangul: 콕스바자르, province: Chittagong}
  patterns:
    - {acts: "arbitrary-detention;torture", country: MMR}
    - {acts: forced-displacement, country: BGD}
  perpetrators: [Tatmadaw]
""",
    "timeline.yaml": """events:
  - {date: "2018-09-18", mechanism: HRC, actors: [MMR], kind: report, summary: "The fact-finding mission reports.",
     symbol: A/HRC/39/64}
""",
    "resolutions.yaml": """resolutions:
  - {body: GA, symbol: A/RES/74/246, date: "2019-12-27", session: 74, without_vote: false, "yes": 134, "no": 9,
     abstain: 28, citation: A/RES/74/246}
""",
}


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def myanmar(tmp_path: Path) -> Path:
    return _write(tmp_path / "mmr", MYANMAR)


def test_a_pack_from_a_folder_is_read_instead_of_the_bundled_one(myanmar: Path) -> None:
    result = _run("--situation", str(myanmar), "resolutions", "MMR", "--json")
    assert result.exit_code == 0, result.output
    assert [r["symbol"] for r in json.loads(result.stdout)] == ["A/RES/74/246"]
    refused = _run("--situation", str(myanmar), "resolutions", "PRK")
    assert refused.exit_code == 2 and "entered for Myanmar (MMR) only" in refused.output
    timeline = _run("timeline", "MMR", "--json", env={"RIGHTSDESK_SITUATION": str(myanmar)})
    assert timeline.exit_code == 0, timeline.output
    assert {e["symbol"] for e in json.loads(timeline.stdout)} == {"A/HRC/39/64", "A/RES/74/246"}
    assert situation_state() == "PRK" and situation_folder() == bundled_pack()  # the next command starts afresh


def test_synthetic_cases_come_from_the_pack(myanmar: Path, tmp_path: Path) -> None:
    out = tmp_path / "cases.csv"
    result = _run("--situation", str(myanmar), "cases", "synth", "20", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Sittwe" in text and "Tatmadaw" in text and "Hoeryong" not in text
    no_places = _write(tmp_path / "bare", {"pack.yaml": "state: MMR\n"})
    bare = _run("--situation", str(no_places), "cases", "synth", "2", "--out", str(out))
    assert bare.exit_code == 2 and "has no synthetic_cases" in bare.output


def test_a_bad_pack_is_refused_with_its_problems(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad", {**MYANMAR, "pack.yaml": "state: XYZ\n",
                                    "timeline.yaml": "events:\n  - {mechanism: HRC, kind: k, summary: undated}\n"})
    for run in (lambda: _run("--situation", str(bad), "coi"),
                lambda: _run("coi", env={"RIGHTSDESK_SITUATION": str(bad)})):
        result = run()
        assert result.exit_code == 2
        assert "was refused: 3 problem(s)" in result.output
        assert f"{bad / 'pack.yaml'}: line 1: state 'XYZ' is not a known ISO 3166 alpha-3 code" in result.output
        assert f"{bad / 'timeline.yaml'}: line 2: date is missing" in result.output
        assert "addressee" not in result.output.lower()  # the command itself never ran
    assert situation_state() == "PRK"
    missing = _run("--situation", str(tmp_path / "nowhere"), "coi")
    assert missing.exit_code == 2 and "not a folder" in missing.output


def test_the_cross_list_links_follow_the_pack(store: Any, myanmar: Path) -> None:
    """A pack that names no sanctions regime proposes no link; the bundled pack's (the 1718 regime) does."""
    from rightsdesk.pipeline import load_path as load
    from rightsdesk.pipeline import refresh_links
    from tests.store.test_load import SAMPLES

    for kind, path in SAMPLES:
        load(store, kind, path)
    use_situation(myanmar)
    try:
        assert sanctions_ties().un_regime is None
        assert refresh_links(store).new == 0
    finally:
        use_situation(None)
    assert sanctions_ties().un_regime == "DPRK"
    assert refresh_links(store).new > 0
