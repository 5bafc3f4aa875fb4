"""The spine's commands on the full bundled data, on both engines: the figures the issue names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from rightsdesk.cli import cli
from rightsdesk.ingest import bundled
from rightsdesk.store import Store, schema

pytestmark = pytest.mark.slow


def run(store: Any, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", store.url, *args])
    assert result.exit_code == 0, result.output
    return result


def run_json(store: Any, *args: str) -> Any:
    return json.loads(run(store, *args, "--json").stdout)


def test_stats_counts_every_dataset(built: Any) -> None:
    stats = run_json(built, "stats")
    assert stats["upr_recommendations"] == 41066
    assert stats["roll_calls"] == 6203
    assert stats["votes"] == 870109
    assert stats["designations"]["un"] == 1003
    assert stats["designations"]["ofac-sdn"] == 8976
    assert stats["sources"] == 11  # upr-info, 3 unvotes files, the UN list, 4 SDN files, 2 UPR WG reports


def test_recommendations_to_the_dprk(built: Any) -> None:
    rows = run_json(built, "recommendations", "--to", "PRK")
    assert len(rows) == 436
    assert set(rows[0]) >= {"to", "from", "text", "response", "cycle", "session", "issues", "action_category"}
    cycle1 = [r for r in rows if r["cycle"] == 1]
    cycle2 = [r for r in rows if r["cycle"] == 2]
    assert len(cycle1) == 167 and len(cycle2) == 269
    assert sum(r["response"] == "supported" for r in cycle2) == 114
    assert len(run_json(built, "recommendations", "--to", "DPR Korea", "--cycle", "2", "--response", "supported")) == 114


def test_session_20_is_unlabelled_not_guessed(built: Any) -> None:
    rows = run_json(built, "recommendations", "--session", "20")
    assert len(rows) == 2768
    assert all(r["issues"] == [] and r["action_category"] is None for r in rows)


def test_recommendations_by_issue_and_csv(built: Any) -> None:
    rows = run_json(built, "recommendations", "--to", "PRK", "--issue", "Torture and other CID treatment")
    assert rows and all("Torture and other CID treatment" in r["issues"] for r in rows)
    csv_text = run(built, "recommendations", "--to", "PRK", "--cycle", "1", "--csv").stdout
    assert csv_text.splitlines()[0] == ("to,from,text,response,cycle,session,issues,action_category,id,paragraph,"
                                        "report_symbol,citation")
    assert len(csv_text.strip().splitlines()) == 168


def test_votes_on_the_2014_resolution(built: Any) -> None:
    data = run_json(built, "votes", "A/RES/69/188")
    assert (data["yes"], data["no"], data["abstain"]) == (116, 20, 53)
    assert data["date"] == "2014-12-18" and "Democratic People's Republic of Korea" in data["title"]
    assert {"country": "PRK", "vote": "no"} in data["votes"]
    assert len(data["votes"]) == 189
    assert data["absent"] == ["AZE", "GNQ", "MNG", "SWZ"]  # the roll-call page's "Absent 4"
    assert run_json(built, "votes", "R/69/188") == data


def test_votes_on_an_unknown_symbol_exits_2(built: Any) -> None:
    result = CliRunner().invoke(cli, ["--db", built.url, "votes", "A/RES/69/999"])
    assert result.exit_code == 3 and "no recorded vote on A/RES/69/999" in result.output


def test_designations_by_regime_and_country(built: Any) -> None:
    dprk = run_json(built, "designations", "--regime", "DPRK", "--list", "un")
    assert len(dprk) == 155
    assert {"KPi.043", "KPe.052"} <= {d["reference_number"] for d in dprk}
    sdn_dprk = run_json(built, "designations", "--country", "PRK", "--list", "ofac-sdn")
    assert sdn_dprk and all(d["list"] == "ofac-sdn" for d in sdn_dprk)


def test_sdn_network_in_the_full_list(built: Any) -> None:
    mss = run_json(built, "profile", "20129", "--list", "ofac-sdn")["network"]
    assert {"20130"} <= {r["reference_number"] for r in mss["linked_from"]}
    assert all("DPRK3" in r["regimes"] or "DPRK2" in r["regimes"] for r in mss["linked_from"])
    text = run(built, "profile", "20130", "--list", "ofac-sdn").stdout
    assert "linked to: 20129 MINISTRY OF STATE SECURITY" in text
    with built.engine.connect() as conn:
        ties = conn.execute(select(schema.designation_relation.c.target_ref)).scalars().all()
    assert len(ties) == 3408 and sum(t is None for t in ties) == 9


def test_build_twice_changes_no_count(built_to_change: Any) -> None:
    before = run_json(built_to_change, "stats")
    out = run(built_to_change, "build").stdout
    assert out.count("unchanged") == len(bundled()) == 6  # four datasets and the two UPR Working Group reports
    assert run_json(built_to_change, "stats") == before


def test_overview_of_the_dprk(built: Any) -> None:
    data = run_json(built, "overview", "PRK")
    assert data["upr_recommendations_received"]["total"] == 436
    assert [r["symbol"] for r in data["resolutions_on_the_state"]][:2] == ["A/RES/60/173", "A/RES/61/174"]
    assert len(data["resolutions_on_the_state"]) == 9


def test_cross_list_links_are_in_the_store_and_decisions_stick(built_to_change: Any) -> None:
    links = run_json(built_to_change, "links")
    pairs = {(link["left_ref"], link["right_ref"]) for link in links}
    assert ("KPe.001", "9345") in pairs  # KOMID on both lists
    assert all(link["status"] in ("proposed", "accepted", "rejected") and link["evidence"] for link in links)
    first = links[0]["id"]
    out = run(built_to_change, "link-decide", first[:12], "reject", "--by", "reviewer").stdout
    assert "rejected by reviewer" in out
    run(built_to_change, "links", "--refresh")
    again = {link["id"]: link for link in run_json(built_to_change, "links")}
    assert again[first]["status"] == "rejected" and again[first]["decided_at"]
    refused = CliRunner().invoke(cli, ["--db", built_to_change.url, "link-decide", first, "accept", "--by", "other"])
    assert refused.exit_code == 5 and "give --change" in refused.output
    run(built_to_change, "link-decide", first, "accept", "--by", "other", "--change")
    changed = {link["id"]: link for link in run_json(built_to_change, "links")}[first]
    assert changed["status"] == "accepted" and changed["decided_by"] == "other"
    assert changed["evidence"]["earlier_decisions"][0]["status"] == "rejected"


@pytest.mark.parametrize("args", [["recommendations", "--to", "PRK"], ["votes", "A/RES/69/188"], ["designations"],
                                  ["profile", "KPi.043"], ["overview", "PRK"], ["links"], ["links", "--refresh"],
                                  ["screen", "Kim"], ["stats"]])
def test_queries_on_a_missing_or_empty_database_say_to_build(tmp_path: Path, args: list[str]) -> None:
    missing = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/none.db", *args])
    assert missing.exit_code == 6 and "no database at" in missing.output and "rightsdesk build" in missing.output
    assert not (tmp_path / "none.db").exists()
    Store.create(f"sqlite:///{tmp_path}/empty.db").close()  # made and migrated, holding nothing
    empty = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/empty.db", *args])
    assert empty.exit_code == 6 and "holds no data yet" in empty.output
