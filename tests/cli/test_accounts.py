"""`rightsdesk users` and `rightsdesk keys`: bootstrapping the first account, manage-users, passwords."""

from __future__ import annotations

from pathlib import Path

from rightsdesk.cases.crypto import parse_key
from tests.cli.conftest import PASSWORD, Desk


def _desk(tmp_path: Path) -> Desk:
    from rightsdesk.cases.crypto import new_key

    return Desk(url=f"sqlite:///{tmp_path / 'accounts.db'}", key=new_key(), tmp=tmp_path)


def test_keys_new_prints_a_key(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    first, second = desk.ok("keys", "new").stdout.strip(), desk.ok("keys", "new").stdout.strip()
    assert len(parse_key(first)) == 32 and first != second


def test_the_first_account_is_an_admin_and_later_ones_need_one(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    refused = desk.run("users", "add", "minji", "--role", "documenter", "--collection", "north")
    assert refused.exit_code == 64 and "first account must be an admin" in refused.output
    desk.ok("users", "add", "Admin", "--role", "admin")
    assert desk.run("users", "add", "minji", "--role", "documenter", "--collection", "north").exit_code == 64
    desk.ok("users", "add", "minji", "--role", "documenter", "--collection", "north", user="admin")
    denied = desk.run("users", "add", "jisoo", "--role", "viewer", "--collection", "north", user="minji")
    assert denied.exit_code == 4 and "manage-users" in denied.output
    assert desk.run("users", "add", "minji", "--role", "viewer", "--collection", "x", user="admin").exit_code == 5
    assert desk.run("users", "add", "x", "--role", "viewer", user="admin").exit_code == 64  # needs --collection
    short = desk.run("users", "add", "jisoo", "--role", "viewer", "--collection", "north", user="admin",
                     env=desk.env(RIGHTSDESK_NEW_PASSWORD="short"))
    assert short.exit_code == 2 and "12 characters" in short.output
    bad = desk.run("users", "add", "bad name!", "--role", "viewer", "--collection", "n", user="admin")
    assert bad.exit_code == 2
    listed = desk.json("users", "list", "--json", user="admin")
    assert [(u["name"], u["grants"]) for u in listed] == [("admin", ["admin@*"]), ("minji", ["documenter@north"])]


def test_grant_revoke_and_passwords(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    desk.ok("users", "add", "admin", "--role", "admin")
    desk.ok("users", "add", "minji", "--role", "viewer", "--collection", "north", user="admin")
    desk.ok("users", "grant", "minji", "--role", "documenter", "--collection", "south", user="admin")
    desk.ok("users", "revoke", "minji", "--role", "viewer", "--collection", "north", user="admin")
    listed = {u["name"]: u["grants"] for u in desk.json("users", "list", "--json", user="admin")}
    assert listed["minji"] == ["documenter@south"]
    assert desk.run("users", "grant", "nobody", "--role", "viewer", "--collection", "n", user="admin").exit_code == 3
    assert desk.run("users", "passwd", "admin", user="minji").exit_code == 4  # not their own
    new = desk.env(RIGHTSDESK_NEW_PASSWORD="another long passphrase")
    assert desk.run("users", "passwd", "minji", user="minji", env=new).exit_code == 0
    assert desk.run("cases", "list", user="minji").exit_code == 4  # the old password no longer works
    assert desk.run("cases", "list", user="minji", env=desk.env(RIGHTSDESK_PASSWORD="another long passphrase")
                    ).exit_code == 0
    actions = [e["action"] for e in desk.json("audit", "list", "--json", user="admin")]
    assert {"user-added", "user-grant", "user-revoke", "password-changed", "login-failed", "denied"} <= set(actions)
    assert PASSWORD not in str(actions)
