"""Linking the case store's victims with a list: a full export (audited, consenting victims only) is read by
`link-lists` as one list; a redacted export is refused, since it holds no names."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from rightsdesk.cli import cli
from rightsdesk.store import Store, audit
from rightsdesk.store.schema_case_links import case_suggestion
from tests.cli.conftest import PLANTED, Desk


def test_a_full_export_links_with_a_list_and_a_redacted_one_is_refused(desk: Desk, tmp_path: Path) -> None:
    export = tmp_path / "desk.csv"
    export.write_text(desk.ok("cases", "export", "--full", "--reason", "linkage", user="admin").stdout,
                      encoding="utf-8")
    other = tmp_path / "families.csv"
    other.write_text(f"id,name,sex,birth_year\nF-1,{PLANTED['rr']},f,1979\nF-2,Pak Chol Su,m,1950\n",
                     encoding="utf-8")
    out = tmp_path / "clusters.csv"
    result = CliRunner().invoke(cli, ["link-lists", str(export), str(other), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    planted = next(r["cluster_id"] for r in rows if r["list"] == "families" and r["id"] == "F-1")
    together = [r for r in rows if r["cluster_id"] == planted]
    assert {r["list"] for r in together} == {"desk", "families"}  # the planted victim found under her RR name
    redacted = tmp_path / "redacted.csv"
    redacted.write_text(desk.ok("cases", "export", user="analyst").stdout, encoding="utf-8")
    refused = CliRunner().invoke(cli, ["link-lists", str(redacted), str(other), "--out", str(tmp_path / "x.csv")])
    assert refused.exit_code == 2 and "redacted case export holds no names" in refused.output


def test_link_lists_brings_clusters_back_as_suggestions_with_suggest(desk: Desk, tmp_path: Path) -> None:
    export = tmp_path / "desk.csv"
    export.write_text(desk.ok("cases", "export", "--full", "--reason", "linkage", user="admin").stdout,
                      encoding="utf-8")
    other = tmp_path / "families-2026.csv"
    other.write_text(f"id,name,sex,birth_year\nF-1,{PLANTED['rr']},f,1979\nF-2,Pak Chol Su,m,1950\n",
                     encoding="utf-8")
    argv = ("link-lists", str(export), str(other), "--out", str(tmp_path / "c.csv"), "--suggest", "--json")
    assert desk.run(*argv).exit_code == 64  # --suggest acts as an account
    none = desk.json(*argv, user="analyst")  # no view-identity: nothing is brought back
    assert none["brought_back"]["suggestions"] == 0
    done = desk.json(*argv, user="documenter")
    assert done["brought_back"]["persons"] >= 1 and done["brought_back"]["suggestions"] >= 1
    with Store.open(desk.url).engine.connect() as conn:
        stored = list(conn.execute(select(case_suggestion.c.case_id, case_suggestion.c.other)
                                   .where(case_suggestion.c.run == done["brought_back"]["run"])))
        entry = next(e for e in reversed(audit.entries(conn)) if e["action"] == "link-suggestions")
    assert desk.ids["planted"] in {r.case_id for r in stored}
    assert not any("families-2026" in r.other for r in stored)  # encrypted at rest
    assert entry["actor"] == "documenter" and entry["detail"]["run"] == done["brought_back"]["run"]
