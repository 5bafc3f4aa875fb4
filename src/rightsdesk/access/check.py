"""The one permission check: `check(principal, action, record) -> Decision(allowed, reason)`, default deny.

A record is anything with a `collection` attribute, a collection name, or None for an action that concerns no
collection (managing accounts), which only a grant on every collection ("*") allows. Nobody is allowed anything
on case data unless a role granted in the record's collection declares the action: not the public, not the
program itself (`SYSTEM`), not a user without a matching grant. Every decision says why.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from rightsdesk.access.actions import ALL_COLLECTIONS, ROLE_ACTIONS, Action, Role
from rightsdesk.access.principal import Principal
from rightsdesk.errors import PermissionDeniedError


class Scoped(Protocol):
    """A record that belongs to a collection."""

    @property
    def collection(self) -> str: ...


class Decision(NamedTuple):
    """Whether the action is allowed, and why (shown to the user and written to the audit log)."""

    allowed: bool
    reason: str


def _collection(record: Scoped | str | None) -> str | None:
    if record is None or isinstance(record, str):
        return record
    return record.collection


def check(principal: Principal, action: Action | str, record: Scoped | str | None = None) -> Decision:
    """May `principal` do `action` on `record`? Denied unless a granted role declares the action there."""
    try:
        wanted = Action(action)
    except ValueError:
        return Decision(False, f"{action!r} is not a declared action")
    if principal.anonymous:
        return Decision(False, "nobody is signed in")
    collection = _collection(record)
    for role_name, granted_in in sorted(principal.grants):
        try:
            role = Role(role_name)
        except ValueError:
            continue
        if wanted not in ROLE_ACTIONS[role]:
            continue
        if granted_in == ALL_COLLECTIONS or (collection is not None and granted_in == collection):
            where = "every collection" if granted_in == ALL_COLLECTIONS else f"collection {granted_in!r}"
            return Decision(True, f"{principal.label} is {role} in {where}")
    where = f"collection {collection!r}" if collection is not None else "every collection"
    return Decision(False, f"no role of {principal.label} grants {wanted} in {where}")


def require(principal: Principal, action: Action | str, record: Scoped | str | None = None) -> str:
    """The reason `action` is allowed; PermissionDeniedError with the reason when it is not."""
    allowed, reason = check(principal, action, record)
    if not allowed:
        raise PermissionDeniedError(str(action), reason)
    return reason
