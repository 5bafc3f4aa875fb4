"""Security of the case commands, on both engines: every role × every case command is allowed or refused as the
issue's defaults say, and no refused or pseudonymised answer carries the planted victim's identity; a case of
another collection is refused by id exactly like a missing one; injection strings are stored and rendered inertly.
"""

from __future__ import annotations

import pytest

from tests.cli.conftest import LEAK_MARKERS, PLANTED, Desk, csv_rows, planted_row, write_csv

ALL = ("admin", "documenter", "analyst", "viewer")
IDENTITY = ("admin", "documenter")


def _commands(desk: Desk) -> dict[str, tuple[list[str], tuple[str, ...], bool]]:
    """command → (arguments, the roles allowed, whether its allowed answer may show identities)."""
    planted, other = desk.ids["planted"], desk.ids["other"]
    csv_path = str(write_csv(desk.tmp / "again.csv", [planted_row("PLANT-AGAIN")]))
    evidence = desk.tmp / "matrix-photo.jpg"
    evidence.write_bytes(b"a fictional photograph of a gate")
    return {
        "cases list": (["cases", "list", "--json"], ALL, False),
        "cases show": (["cases", "show", planted], ALL, False),
        "cases show --reveal": (["cases", "show", planted, "--reveal", "--reason", "matrix"], IDENTITY, True),
        "cases search": (["cases", "search", PLANTED["mr"], "--json"], IDENTITY, False),
        "cases export": (["cases", "export"], (*IDENTITY, "analyst"), False),
        "cases export json": (["cases", "export", "--format", "json"], (*IDENTITY, "analyst"), False),
        "cases export --full": (["cases", "export", "--full", "--reason", "matrix"], IDENTITY, True),
        "cases export huridocs": (["cases", "export", "--format", "huridocs-json"], (*IDENTITY, "analyst"), False),
        "cases export uwazi": (["cases", "export", "--format", "uwazi-csv"], (*IDENTITY, "analyst"), False),
        "cases export uwazi --full": (["cases", "export", "--format", "uwazi-csv", "--full", "--reason", "matrix"],
                                      IDENTITY, True),
        "cases attach": (["cases", "attach", planted, str(evidence)], IDENTITY, False),
        "cases evidence list": (["cases", "evidence", "list", planted, "--json"], ALL, False),
        "cases evidence verify": (["cases", "evidence", "verify", planted], ALL, False),
        "cases import": (["cases", "import", csv_path, "--collection", "north"], IDENTITY, False),
        "cases submission": (["cases", "submission", planted, "--to", "WGEID"], IDENTITY, True),
        "cases consent": (["cases", "consent", other, "--withdraw", "publication"], IDENTITY, False),
        "cases note": (["cases", "note", other, "--on", "event.start", "--text", "spring"], IDENTITY, False),
        "audit list --case": (["audit", "list", "--case", planted, "--json"], ALL, False),
        "audit list": (["audit", "list", "--json"], ("admin",), False),
        "users list": (["users", "list", "--json"], ("admin",), False),
        "users grant": (["users", "grant", "viewer", "--role", "viewer", "--collection", "east"], ("admin",), False),
        "backup": (["backup", str(desk.tmp / "matrix.rdbk")], ("admin",), False),
    }


COMMAND_NAMES = ("cases list", "cases show", "cases show --reveal", "cases search", "cases export",
                 "cases export json", "cases export --full", "cases import", "cases submission", "cases consent",
                 "cases note", "audit list --case", "audit list", "users list", "users grant", "backup",
                 "cases export huridocs", "cases export uwazi", "cases export uwazi --full", "cases attach",
                 "cases evidence list", "cases evidence verify")


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_every_role_and_command(desk: Desk, command: str, role: str) -> None:
    args, allowed, shows_identity = _commands(desk)[command]
    result = desk.run(*args, user=role)
    if role in allowed:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 4, result.output
        assert "permission denied" in result.output
    if not (role in allowed and shows_identity):
        for marker in LEAK_MARKERS:
            assert marker not in result.output, f"{command} as {role} leaked {marker!r}"


def test_an_identity_is_shown_only_when_revealed(desk: Desk) -> None:
    shown = desk.json("cases", "show", desk.ids["planted"], "--reveal", "--reason", "check", user="documenter")
    assert not shown["redacted"] and PLANTED["hangul"] in str(shown) and PLANTED["contact"] in str(shown)
    redacted = desk.json("cases", "show", desk.ids["planted"], user="documenter")
    assert redacted["redacted"] and not any(m in str(redacted) for m in LEAK_MARKERS)
    victim = next(p for p in redacted["persons"] if "victim" in p["roles"])
    assert victim["birth_year"] == 1979 and "birth_date" not in victim and "names" not in victim
    institution = next(p for p in redacted["persons"] if "perpetrator" in p["roles"])
    assert institution["names"][0]["text"] == "Ministry of State Security"


def test_a_reveal_is_audited_with_its_reason(desk: Desk) -> None:
    desk.ok("cases", "show", desk.ids["planted"], "--reveal", "--reason", "family asked for news", user="documenter")
    entries = desk.json("audit", "list", "--case", desk.ids["planted"], "--json", user="documenter")
    assert any(e["action"] == "view-identity" and e["reason"] == "family asked for news" and e["actor"] == "documenter"
               for e in entries)


def test_a_reveal_without_a_reason_is_refused(desk: Desk) -> None:
    result = desk.run("cases", "show", desk.ids["planted"], "--reveal", user="documenter")
    assert result.exit_code == 64 and "reason" in result.output


@pytest.mark.parametrize("role", ALL)
def test_another_collections_case_is_refused_like_a_missing_one(desk: Desk, role: str) -> None:
    if role == "admin":
        assert desk.run("cases", "show", desk.ids["south"], user=role).exit_code == 0  # admin in every collection
        return
    foreign = desk.run("cases", "show", desk.ids["south"], user=role)
    missing = desk.run("cases", "show", "0000000000000000", user=role)
    assert foreign.exit_code == missing.exit_code == 3
    assert foreign.output.replace(desk.ids["south"], "ID") == missing.output.replace("0000000000000000", "ID")
    for args in (["cases", "submission", desk.ids["south"], "--to", "WGEID"],
                 ["cases", "note", desk.ids["south"], "--on", "x", "--text", "y"],
                 ["audit", "list", "--case", desk.ids["south"]]):
        assert desk.run(*args, user=role).exit_code == 3, args


def test_lists_exports_and_searches_stay_in_the_principals_collections(desk: Desk) -> None:
    listed = desk.json("cases", "list", "--json", user="documenter")
    assert listed and {r["collection"] for r in listed} == {"north"}
    rows = csv_rows(desk.ok("cases", "export", "--full", "--reason", "scope", user="documenter").stdout)
    assert {r["collection"] for r in rows} == {"north"} and "남궁민" not in str(rows)
    assert desk.json("cases", "search", "Namgung Min", "--json", user="documenter") == []
    assert [r["id"] for r in desk.json("cases", "search", "남궁민", "--json", user="south")] == [desk.ids["south"]]


@pytest.mark.parametrize("query", [PLANTED["hangul"], PLANTED["mr"], PLANTED["rr"], "TAK HYE RYON", "Hyeryon Thak"])
def test_name_search_is_romanization_aware(desk: Desk, query: str) -> None:
    found = desk.json("cases", "search", query, "--json", user="documenter")
    assert desk.ids["planted"] in [r["id"] for r in found]


def test_the_name_searched_for_is_not_audited(desk: Desk) -> None:
    desk.ok("cases", "search", PLANTED["rr"], "--json", user="documenter")
    entries = desk.json("audit", "list", "--json", user="admin")
    assert entries[-2]["action"] == "name-search" or any(e["action"] == "name-search" for e in entries)
    assert not any(m in str(entries) for m in LEAK_MARKERS)


def test_a_redacted_export_has_stable_pseudonyms_years_and_no_free_text(desk: Desk) -> None:
    first = csv_rows(desk.ok("cases", "export", user="analyst").stdout)
    second = csv_rows(desk.ok("cases", "export", user="analyst").stdout)
    assert [r["victim"] for r in first] == [r["victim"] for r in second]
    planted = next(r for r in first if r["case_id"] == desk.ids["planted"])
    assert planted["birth_year"] == "1979" and "testimony" not in planted and "family_steps" not in planted
    shown = desk.json("cases", "show", desk.ids["planted"], user="viewer")
    assert planted["victim"] in {p["pseudonym"] for p in shown["persons"]}


INJECTIONS = ("'; DROP TABLE case_record; --", "<script>alert('x')</script>", "=HYPERLINK(\"http://evil\")",
              "Robert'); DELETE FROM audit_log;--", "{{7*7}} ${7*7}", "\u202eevil\u0000")


def test_injection_strings_are_stored_and_rendered_inertly(desk: Desk) -> None:
    row = planted_row("INJ-1")
    row.update({"title": INJECTIONS[0], "victim_name_mr": INJECTIONS[1], "testimony": INJECTIONS[2],
                "family_steps": INJECTIONS[3], "event_title": INJECTIONS[4], "victim_contact": INJECTIONS[5],
                "perpetrator": INJECTIONS[1]})
    desk.ok("cases", "import", str(write_csv(desk.tmp / "inj.csv", [row])), "--collection", "north",
            user="documenter")
    from rightsdesk.cases.csv_format import case_id_for

    cid = case_id_for("north", "INJ-1")
    shown = desk.json("cases", "show", cid, "--reveal", "--reason", "injection test", user="documenter")
    assert shown["title"] == INJECTIONS[0] and shown["family_steps"] == INJECTIONS[3]
    assert INJECTIONS[1] in [n["text"] for p in shown["persons"] for n in p.get("names", [])]
    assert desk.run("audit", "verify").exit_code == 0  # the audit log and the case table are still there
    html_path = desk.tmp / "inj.html"
    desk.ok("cases", "submission", cid, "--to", "WGEID", "--out", str(html_path), user="documenter")
    page = html_path.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    exported = desk.ok("cases", "export", "--full", "--reason", "inj", user="documenter").stdout
    assert "'=HYPERLINK" in exported and ",=HYPERLINK" not in exported


def test_a_bad_row_is_named_and_nothing_is_loaded(desk: Desk) -> None:
    good, bad = planted_row("BAD-1"), planted_row("BAD-2")
    bad["event_start"] = "2014-13"
    before = len(desk.json("cases", "list", "--json", user="admin"))
    result = desk.run("cases", "import", str(write_csv(desk.tmp / "bad.csv", [good, bad])), "--collection", "north",
                      user="documenter")
    assert result.exit_code == 2
    assert "line 3" in result.output and "'event_start'" in result.output and "nothing was loaded" in result.output
    assert len(desk.json("cases", "list", "--json", user="admin")) == before


def test_a_synthetic_file_imports_as_it_is(desk: Desk) -> None:
    out = desk.tmp / "synth.csv"
    desk.ok("cases", "synth", "25", "--out", str(out), "--seed", "3")
    result = desk.ok("cases", "import", str(out), "--collection", "synthetic", user="admin")
    assert "25 cases imported" in result.output
    again = desk.ok("cases", "import", str(out), "--collection", "synthetic", user="admin")
    assert "0 cases imported" in again.output and "25 already stored" in again.output


def test_a_wrong_password_is_refused_and_audited(desk: Desk) -> None:
    result = desk.run("cases", "list", user="viewer", env=desk.env(RIGHTSDESK_PASSWORD="not the password"))
    assert result.exit_code == 4 and "cannot sign in" in result.output
    unknown = desk.run("cases", "list", user="nobody", env=desk.env(RIGHTSDESK_PASSWORD="not the password"))
    assert unknown.output.replace("nobody", "X") == result.output.replace("viewer", "X")
    entries = desk.json("audit", "list", "--json", user="admin")
    assert any(e["action"] == "login-failed" and e["target"] == "viewer" for e in entries)


def test_a_case_command_needs_a_user_and_the_key(desk: Desk) -> None:
    assert desk.run("cases", "list").exit_code == 64
    no_key = desk.run("cases", "list", user="viewer", env={**desk.env(), "RIGHTSDESK_SECRET_KEY": ""})
    assert no_key.exit_code == 2 and "RIGHTSDESK_SECRET_KEY" in no_key.output

