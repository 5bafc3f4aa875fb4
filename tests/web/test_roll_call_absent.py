"""The members absent from a roll call are one list wherever a roll call is shown: `rightsdesk votes --json`, the
roll-call page's "Absent N" and `/api/v1/votes/{symbol}` (which had no absent members at all), all from
`store.readers.votes.absent_from`; and the OpenAPI document declares the key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from rightsdesk.access import ANONYMOUS
from rightsdesk.cli import cli
from rightsdesk.pipeline import load_path as load
from rightsdesk.stats.coalition import absence, voting_spans
from rightsdesk.store.readers.votes import absent_from, roll_call
from tests.store.test_load import FIXTURES
from tests.web.conftest import make_client


def _votes_without(tmp_path: Path, dropped: tuple[str, ...]) -> Path:
    """The unvotes fixture with the votes on A/RES/69/188 (roll call 5377) of the states `dropped` (two-letter
    codes, as the source writes them) taken out: those states voted in 2005 and 2015, so they were absent."""
    folder = tmp_path / "unvotes"
    shutil.copytree(FIXTURES / "unvotes", folder)
    votes = folder / "un_votes.csv"
    lines = votes.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines
            if not (line.startswith("5377,") and line.rstrip().split(",")[-2] in dropped)]
    assert len(kept) == len(lines) - len(dropped)
    votes.write_text("".join(kept), encoding="utf-8")
    return folder


def test_the_api_page_and_cli_list_the_same_absent_members(store: Any, tmp_path: Path) -> None:
    load(store, "unvotes", _votes_without(tmp_path, ("AF", "LR")))
    with store.reading(ANONYMOUS) as session:
        call = roll_call(session, "A/RES/69/188")
        assert absent_from(session, call.rcid, call.date) == ["AFG", "LBR"]
        assert absent_from(session, call.rcid, None) == []
    with make_client(store, raise_errors=True) as client:
        api = client.get("/api/v1/votes/A/RES/69/188").json()
        page = client.get("/votes/A/RES/69/188").text
        spec = client.get("/openapi.json").json()
    assert api["absent"] == ["AFG", "LBR"]
    assert not {"AFG", "LBR"} & {v["country"] for v in api["votes"]}
    assert api["yes"] == call.yes and len(api["votes"]) == len(call.votes)  # the keys held before are kept
    cli_json = json.loads(CliRunner().invoke(cli, ["--db", store.url, "votes", "A/RES/69/188", "--json"]).stdout)
    assert cli_json["absent"] == api["absent"]
    assert f"Absent {len(api['absent'])}" in page
    op = spec["paths"]["/api/v1/votes/{symbol}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert op["schema"] == {"$ref": "#/components/schemas/RollCall"}
    assert "absent" in spec["components"]["schemas"]["RollCall"]["required"]


def test_a_state_not_yet_or_no_longer_a_member_is_not_absent(store: Any, tmp_path: Path) -> None:
    """Azerbaijan votes only in 2005 and Eswatini only in 2015 in the fixture: neither was absent in 2014 by the
    spans of `stats.coalition.absence`, which this one statement agrees with for every state held."""
    load(store, "unvotes", _votes_without(tmp_path, ("AF",)))
    with store.reading(ANONYMOUS) as session:
        call = roll_call(session, "A/RES/69/188")
        voted = {v.country for v in call.votes}
        spans = voting_spans(session)
        absent = absent_from(session, call.rcid, call.date)
    assert {"AZE", "SWZ"} <= set(spans) - voted
    assert absent == sorted(c for c in spans if c not in voted and absence(spans, c, call.date) == "absent")
    assert "AFG" in absent and not {"AZE", "SWZ"} & set(absent)
    with make_client(store, raise_errors=True) as client:
        assert client.get("/api/v1/votes/A/RES/69/188").json()["absent"] == absent
