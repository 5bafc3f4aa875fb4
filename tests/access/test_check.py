"""access.check: default deny, the four roles' defaults, collections as scope, a reason on every decision."""

from __future__ import annotations

import pytest

from rightsdesk.access import ANONYMOUS, SYSTEM, Action, Principal, check, require
from rightsdesk.access.passwords import hash_password, verify_password
from rightsdesk.errors import InputError, PermissionDeniedError


def _user(role: str, collection: str = "seoul") -> Principal:
    return Principal(user=f"a-{role}", grants=frozenset({(role, collection)}))


@pytest.mark.parametrize("principal", [ANONYMOUS, SYSTEM, Principal(user="nobody")])
@pytest.mark.parametrize("action", list(Action))
def test_denied_by_default(principal: Principal, action: Action) -> None:
    allowed, reason = check(principal, action, "seoul")
    assert not allowed and reason


EXPECTED = {
    "admin": set(Action),
    "documenter": {Action.VIEW_CASE, Action.VIEW_IDENTITY, Action.EDIT_CASE, Action.EXPORT_CASE, Action.SUBMIT_CASE,
                   Action.LABEL_RECORDS},
    "analyst": {Action.VIEW_CASE, Action.EXPORT_CASE, Action.LABEL_RECORDS},
    "viewer": {Action.VIEW_CASE},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("action", list(Action))
def test_role_defaults_in_their_collection_and_nowhere_else(role: str, action: Action) -> None:
    principal = _user(role)
    assert check(principal, action, "seoul").allowed == (action in EXPECTED[role])
    assert not check(principal, action, "geneva").allowed  # another collection: refused (IDOR)


def test_a_grant_on_every_collection_and_global_actions() -> None:
    admin = _user("admin", "*")
    assert check(admin, Action.MANAGE_USERS, None) == (True, "a-admin is admin in every collection")
    assert not check(_user("admin", "seoul"), Action.MANAGE_USERS, None).allowed
    assert not check(admin, "delete-everything", "seoul").allowed


def test_require_raises_with_the_reason() -> None:
    with pytest.raises(PermissionDeniedError, match="no role of a-viewer grants view-identity in collection 'seoul'"):
        require(_user("viewer"), Action.VIEW_IDENTITY, "seoul")
    assert "documenter" in require(_user("documenter"), Action.VIEW_IDENTITY, "seoul")


def test_passwords_are_argon2id() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "wrong horse battery")
    with pytest.raises(InputError):
        hash_password("short")
