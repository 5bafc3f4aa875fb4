"""What a thief gets, on both engines: the planted victim's identity is not in the raw bytes of the SQLite file,
of a pg_dump of the case tables, or of a backup; a tampered audit row is found by `audit verify`; backups
round-trip; key rotation loses nothing; consent withdrawals take effect in the next export and submission."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from rightsdesk.cases.crypto import new_key
from rightsdesk.store import Store
from tests.cli.conftest import LEAK_MARKERS, PLANTED, Desk, csv_rows

MARKERS = [m.encode("utf-8") for m in LEAK_MARKERS]


def _leaks(blob: bytes) -> list[str]:
    return [m.decode() for m in MARKERS if m in blob]


def _raw_bytes(desk: Desk) -> bytes:
    if desk.url.startswith("sqlite"):
        path = Path(desk.url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))  # the file, its WAL and shm
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    url = desk.url.replace("postgresql+psycopg", "postgresql")
    dump = subprocess.run(["pg_dump", "--data-only", "-t", "case_*", "-t", "audit_log", "-t", "app_user", url],
                          capture_output=True, check=True)
    assert b"COPY public.case_person" in dump.stdout  # the dump holds the case tables
    return dump.stdout


def test_the_planted_identity_is_not_in_the_database_bytes(desk: Desk) -> None:
    desk.ok("cases", "show", desk.ids["planted"], "--reveal", "--reason", "at rest", user="documenter")
    desk.ok("cases", "submission", desk.ids["planted"], "--to", "WGEID", user="documenter")
    source = (desk.tmp / "north.csv").read_bytes()
    assert _leaks(source) == list(LEAK_MARKERS)  # the test can fail: the markers are in what was imported
    assert _leaks(_raw_bytes(desk)) == []


def test_a_backup_round_trips_and_reveals_nothing(desk: Desk, tmp_path: Path) -> None:
    backup = tmp_path / "cases.rdbk"
    desk.ok("backup", str(backup), user="admin")
    assert _leaks(backup.read_bytes()) == [] and b"Onsong" not in backup.read_bytes()
    target = Desk(url=f"sqlite:///{tmp_path / 'restored.db'}", key=desk.key, tmp=tmp_path, ids=desk.ids)
    target.ok("restore", str(backup))
    assert target.run("audit", "verify").exit_code == 0
    before = desk.json("cases", "show", desk.ids["planted"], "--reveal", "--reason", "compare", user="admin")
    after = target.json("cases", "show", desk.ids["planted"], "--reveal", "--reason", "compare", user="admin")
    assert after == before
    users = {u["name"] for u in target.json("users", "list", "--json", user="admin")}
    assert {"admin", "documenter", "analyst", "viewer", "south"} <= users
    assert target.run("restore", str(backup)).exit_code == 5  # not over data
    wrong = Desk(url=f"sqlite:///{tmp_path / 'other.db'}", key=new_key(), tmp=tmp_path)
    assert wrong.run("restore", str(backup)).exit_code == 6  # another key does not open it


@pytest.mark.parametrize(("tamper", "entry"), [
    ("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 3", "entry 3"),
    ("DELETE FROM audit_log WHERE seq = 4", "entry 4"),
    ("UPDATE audit_log SET actor = 'someone else' WHERE seq = (SELECT max(seq) FROM audit_log)", "entry"),
])
def test_a_tampered_audit_row_is_found(fresh_desk: Desk, tamper: str, entry: str) -> None:
    assert fresh_desk.run("audit", "verify").exit_code == 0
    store = Store.open(fresh_desk.url)
    with store.engine.begin() as conn:
        conn.execute(text(tamper))
    store.close()
    result = fresh_desk.run("audit", "verify")
    assert result.exit_code == 6 and f"broken at {entry}" in result.output


def test_key_rotation_loses_nothing_and_retires_the_old_key(fresh_desk: Desk) -> None:
    before = fresh_desk.json("cases", "show", fresh_desk.ids["planted"], "--reveal", "--reason", "rotate",
                             user="admin")
    for role in ("documenter", "analyst", "viewer"):
        denied = fresh_desk.run("keys", "rotate", user=role)
        assert denied.exit_code == 4 and "manage-users" in denied.output and denied.stdout.strip() == ""
    rotated = fresh_desk.ok("keys", "rotate", user="admin")
    new = rotated.stdout.strip()
    old = fresh_desk.key
    fresh_desk.key = new
    after = fresh_desk.json("cases", "show", fresh_desk.ids["planted"], "--reveal", "--reason", "rotate",
                            user="admin")
    assert {k: v for k, v in after.items() if k != "version"} == {k: v for k, v in before.items() if k != "version"}
    assert fresh_desk.run("audit", "verify").exit_code == 0
    found = fresh_desk.json("cases", "search", PLANTED["rr"], "--json", user="documenter")
    assert fresh_desk.ids["planted"] in [r["id"] for r in found]
    fresh_desk.key = old
    assert fresh_desk.run("cases", "show", fresh_desk.ids["planted"], user="admin").exit_code != 0
    assert fresh_desk.run("audit", "verify").exit_code == 6


def test_a_withdrawal_takes_effect_in_the_next_export_and_submission(fresh_desk: Desk) -> None:
    planted = fresh_desk.ids["planted"]
    first = fresh_desk.ok("cases", "submission", planted, "--to", "WGEID", user="documenter")
    doc = json.loads(first.stdout)[0]
    assert doc["identity"]["names_hangul"] == [PLANTED["hangul"]] and doc["consent"]["given_on"] == "2024-05-01"
    assert doc["forces_believed_responsible"][0]["name"] == "Ministry of State Security"
    shown = fresh_desk.json("cases", "show", planted, user="documenter")
    assert [i["mechanism"] for i in shown["interventions"]] == ["WGEID"]
    fresh_desk.ok("cases", "consent", planted, "--withdraw", "sharing", "--mechanism", "WGEID", user="documenter")
    refused = fresh_desk.run("cases", "submission", planted, "--to", "WGEID", user="documenter")
    assert refused.exit_code == 4 and "no consent in force" in refused.output and "WGEID" in refused.output
    assert planted in {r["case_id"] for r in csv_rows(fresh_desk.ok("cases", "export", user="analyst").stdout)}
    fresh_desk.ok("cases", "consent", planted, "--withdraw", "analysis", user="documenter")
    exported = fresh_desk.ok("cases", "export", user="analyst")
    assert planted not in {r["case_id"] for r in csv_rows(exported.stdout)}
    assert "left out for want of consent" in exported.output
    entries = fresh_desk.json("audit", "list", "--case", planted, "--json", user="documenter")
    actions = [e["action"] for e in entries]
    assert actions.count("consent-withdrawn") == 2 and "submission" in actions and "denied" in actions


def test_repeated_failures_lock_the_account(fresh_desk: Desk) -> None:
    wrong = fresh_desk.env(RIGHTSDESK_PASSWORD="not the password")
    for _ in range(5):
        assert fresh_desk.run("cases", "list", user="viewer", env=wrong).exit_code == 4
    assert fresh_desk.run("cases", "list", user="viewer").exit_code == 4  # the right password, but locked
    fresh_desk.ok("users", "passwd", "viewer", user="admin")
    assert fresh_desk.run("cases", "list", user="viewer").exit_code == 0
