"""Evidence files, on both engines: the sha256 taken on intake, the file encrypted at rest (the planted testimony
is not in the database's bytes nor in a backup), every access audited, limits with clear errors, tampering found
by `cases evidence verify`, and files that survive a backup and restore and a key rotation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from rightsdesk.cases.crypto import keyring_from_env
from rightsdesk.pipeline.case_evidence import MAX_EVIDENCE_BYTES
from rightsdesk.store import Store
from tests.cli.conftest import PLANTED, Desk
from tests.cli.test_cases_at_rest import _leaks, _raw_bytes

#: A fictional recording's transcript holding the planted victim's identity: it must never be readable at rest.
CONTENT = f"{PLANTED['hangul']} / {PLANTED['mr']}: {PLANTED['testimony']}\n".encode() + bytes(range(256))


def _attach(desk: Desk, content: bytes = CONTENT, name: str = "interview-thak.txt", *extra: str) -> tuple[str, str]:
    path = desk.tmp / name
    path.write_bytes(content)
    result = desk.ok("cases", "attach", desk.ids["planted"], str(path), *extra, user="documenter")
    rid, _, digest, *_ = result.stdout.split()
    return rid, digest


def test_a_file_is_taken_in_with_its_sha256_and_stored_encrypted(desk: Desk) -> None:
    rid, digest = _attach(desk, CONTENT, "interview-thak.txt", "--source", "1")
    assert digest == hashlib.sha256(CONTENT).hexdigest()
    assert _leaks(CONTENT) and _leaks(_raw_bytes(desk)) == []  # the markers were in the file, not in the store
    again = desk.ok("cases", "attach", desk.ids["planted"], str(desk.tmp / "interview-thak.txt"), "--source", "1",
                    user="documenter")
    assert "already attached" in again.output and again.stdout.split()[0] == rid
    listed = desk.json("cases", "evidence", "list", desk.ids["planted"], "--json", user="documenter")
    mine = next(e for e in listed if e["id"] == rid)
    assert mine["sha256"] == digest and mine["size"] == len(CONTENT) and mine["filename"] == "interview-thak.txt"
    assert mine["media_type"] == "text/plain" and mine["source"]
    pseudonymised = desk.json("cases", "evidence", "list", desk.ids["planted"], "--json", user="analyst")
    assert {e["filename"] for e in pseudonymised} == {"[withheld]"}
    out = desk.tmp / "copy.bin"
    desk.ok("cases", "evidence", "get", rid, "--out", str(out), "--reason", "for the WGEID file", user="documenter")
    assert out.read_bytes() == CONTENT and out.stat().st_mode & 0o777 == 0o600
    entries = desk.json("audit", "list", "--case", desk.ids["planted"], "--json", user="documenter")
    added = [e for e in entries if e["action"] == "evidence-added"]
    assert [e["detail"]["sha256"] for e in added] == [digest]  # once: attaching again changed nothing
    viewed = [e for e in entries if e["action"] == "evidence-view"]
    assert viewed[-1]["reason"] == "for the WGEID file"
    assert {"evidence-list"} <= {e["action"] for e in entries}
    assert not any(_leaks(str(e).encode()) for e in entries)


@pytest.mark.parametrize(("role", "code"), [("analyst", 4), ("viewer", 4), ("south", 3)])
def test_opening_or_attaching_needs_the_permission(desk: Desk, role: str, code: int) -> None:
    rid, _ = _attach(desk, b"a photograph of the gate", "gate.jpg")
    out = desk.tmp / f"by-{role}.bin"
    opened = desk.run("cases", "evidence", "get", rid, "--out", str(out), "--reason", "curious", user=role)
    assert opened.exit_code == code, opened.output
    assert not out.exists()
    path = desk.tmp / "more.txt"
    path.write_bytes(b"more")
    assert desk.run("cases", "attach", desk.ids["planted"], str(path), user=role).exit_code == code
    no_reason = desk.run("cases", "evidence", "get", rid, "--out", str(out), user="documenter")
    assert no_reason.exit_code == 64 and "reason" in no_reason.output
    assert desk.run("cases", "evidence", "get", "0" * 24, "--out", str(out), "--reason", "x",
                    user="documenter").exit_code == 3


def test_bad_files_are_refused_with_a_clear_message(desk: Desk) -> None:
    planted = desk.ids["planted"]
    empty = desk.tmp / "empty.txt"
    empty.write_bytes(b"")
    refused = desk.run("cases", "attach", planted, str(empty), user="documenter")
    assert refused.exit_code == 2 and "empty.txt: the file is empty" in refused.output
    huge = desk.tmp / "huge.bin"
    with huge.open("wb") as fp:
        fp.truncate(MAX_EVIDENCE_BYTES + 1)  # sparse: costs no disk
    refused = desk.run("cases", "attach", planted, str(huge), user="documenter")
    assert refused.exit_code == 2 and "over the limit of 26,214,400 bytes" in refused.output
    missing = desk.run("cases", "attach", planted, str(desk.tmp / "nowhere.txt"), user="documenter")
    assert missing.exit_code == 2 and "nowhere.txt: cannot read" in missing.output
    small = desk.tmp / "small.txt"
    small.write_bytes(b"x")
    bad_source = desk.run("cases", "attach", planted, str(small), "--source", "9", user="documenter")
    assert bad_source.exit_code == 2 and "--source takes 1 to 1, not 9" in bad_source.output
    assert desk.run("cases", "attach", "ffffffffffffffff", str(small), user="documenter").exit_code == 3


TAMPERS = {
    "content swapped between rows": "swap",
    "stored hash edited": "UPDATE case_evidence SET sha256 = '{other}' WHERE id = '{rid}'",
    "file and hash replaced with the key": "rewrite",
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_tampering_is_found(fresh_desk: Desk, tamper: str) -> None:
    rid, digest = _attach(fresh_desk, CONTENT, "first.txt")
    other, other_digest = _attach(fresh_desk, b"a second, different file", "second.txt")
    assert fresh_desk.run("cases", "evidence", "verify", user="admin").exit_code == 0
    store = Store.open(fresh_desk.url)
    with store.engine.begin() as conn:
        if TAMPERS[tamper] == "swap":
            tokens = dict(conn.execute(text("SELECT id, content_enc FROM case_evidence")).all())
            conn.execute(text("UPDATE case_evidence SET content_enc = :t WHERE id = :i"), {"t": tokens[other], "i": rid})
        elif TAMPERS[tamper] == "rewrite":  # one holding the key rewrites both the file and its hash
            ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": fresh_desk.key})
            forged = b"a forged file"
            conn.execute(text("UPDATE case_evidence SET content_enc = :t, sha256 = :h, size = :n WHERE id = :i"),
                         {"t": ring.encrypt(forged, f"case_evidence.content_enc:{rid}"),
                          "h": hashlib.sha256(forged).hexdigest(), "n": len(forged), "i": rid})
        else:
            conn.execute(text(TAMPERS[tamper].format(other=other_digest, rid=rid)))
    store.close()
    result = fresh_desk.run("cases", "evidence", "verify", "--json", user="admin")
    assert result.exit_code == 6 and rid in result.output and "1 of 2 evidence file(s)" in result.output
    assert other not in result.output.split("fail the integrity check")[1]
    out = fresh_desk.tmp / "tampered.bin"
    opened = fresh_desk.run("cases", "evidence", "get", rid, "--out", str(out), "--reason", "check",
                            user="documenter")
    assert opened.exit_code == 6 and not (out.exists() and out.read_bytes())
    assert digest != other_digest


def test_evidence_survives_backup_restore_and_key_rotation(fresh_desk: Desk, tmp_path: Path) -> None:
    rid, digest = _attach(fresh_desk)
    backup = tmp_path / "with-evidence.rdbk"
    fresh_desk.ok("backup", str(backup), user="admin")
    assert _leaks(backup.read_bytes()) == []
    target = Desk(url=f"sqlite:///{tmp_path / 'restored.db'}", key=fresh_desk.key, tmp=tmp_path, ids=fresh_desk.ids)
    target.ok("restore", str(backup))
    assert target.run("cases", "evidence", "verify", user="admin").exit_code == 0
    out = tmp_path / "restored.bin"
    target.ok("cases", "evidence", "get", rid, "--out", str(out), "--reason", "restored copy", user="documenter")
    assert out.read_bytes() == CONTENT
    fresh_desk.key = fresh_desk.ok("keys", "rotate", user="admin").stdout.strip()
    assert fresh_desk.run("cases", "evidence", "verify", user="admin").exit_code == 0
    rotated = tmp_path / "rotated.bin"
    fresh_desk.ok("cases", "evidence", "get", rid, "--out", str(rotated), "--reason", "after rotation",
                  user="documenter")
    assert rotated.read_bytes() == CONTENT and hashlib.sha256(rotated.read_bytes()).hexdigest() == digest
