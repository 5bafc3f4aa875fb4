"""Guarded reads of case data: each takes the ReadSession, checks the principal's permission in the case's
collection, pseudonymises unless `view-identity` is granted and asked for, and writes its audit entry.

    with guarded(store, ring, principal, "cases show") as session:   # a write transaction: reads are audited
        view = show_case(session, ring, case_id, reveal=True, reason="family visit")

A case outside the principal's collections is answered exactly as a case that does not exist (NotFoundError), so
an id reveals nothing; the refusal is audited all the same, in a transaction of its own (`guarded`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rightsdesk.access import Action, Principal, check
from rightsdesk.access.actions import ALL_COLLECTIONS, ROLE_ACTIONS, Role
from rightsdesk.cases.crypto import Keyring
from rightsdesk.cases.model import StoredCase
from rightsdesk.cases.views import analysis_allowed, redact, reveal
from rightsdesk.errors import NotFoundError, PermissionDeniedError, UsageError
from rightsdesk.store import ReadSession, Store, audit, case_export
from rightsdesk.store import case_records as records


@contextmanager
def guarded(store: Store, ring: Keyring, principal: Principal, what: str,
            case_id: str | None = None) -> Iterator[ReadSession]:
    """A session for `principal` in one write transaction (its audit entries commit with it); a refusal is
    audited in a transaction of its own before it propagates."""
    try:
        with store.writing() as conn:
            yield ReadSession(conn=conn, principal=principal)
    except (PermissionDeniedError, NotFoundError) as exc:
        with store.writing() as conn:
            audit.append(conn, ring, actor=principal.label, action="denied", case_id=case_id, target=what,
                         reason=str(exc)[:500])
        raise


def allowed_collections(principal: Principal, action: Action) -> list[str] | None:
    """The collections where `principal` may do `action`: None for every collection, [] for none."""
    if principal.anonymous:
        return []
    found: set[str] = set()
    for role_name, collection in principal.grants:
        try:
            role = Role(role_name)
        except ValueError:
            continue
        if action in ROLE_ACTIONS[role]:
            if collection == ALL_COLLECTIONS:
                return None
            found.add(collection)
    return sorted(found)


def _require_somewhere(principal: Principal, action: Action) -> list[str] | None:
    collections = allowed_collections(principal, action)
    if collections == []:
        raise PermissionDeniedError(str(action), f"no role of {principal.label} grants {action} in any collection")
    return collections


def case_in_scope(session: ReadSession, case_id: str, action: Action) -> str:
    """The collection of `case_id` when the principal may do `action` there; NotFoundError (the same for a case
    that does not exist and one of another collection) when the case is not visible at all, and
    PermissionDeniedError when it is visible but `action` is not granted."""
    collection = records.case_collection(session.conn, case_id)
    if collection is None or not check(session.principal, Action.VIEW_CASE, collection).allowed:
        raise NotFoundError(f"no case {case_id!r} in the collections {session.principal.label} may see")
    allowed, reason = check(session.principal, action, collection)
    if not allowed:
        raise PermissionDeniedError(str(action), reason)
    return collection


def list_cases(session: ReadSession, ring: Keyring, *, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
    """The pseudonymised lines of the cases in the principal's collections (view-case)."""
    collections = _require_somewhere(session.principal, Action.VIEW_CASE)
    rows = records.case_summaries(session.conn, collections, limit=limit, offset=offset)
    audit.append(session.conn, ring, actor=session.principal.label, action="list", target="cases",
                 detail={"cases": len(rows)})
    return rows


def show_case(session: ReadSession, ring: Keyring, case_id: str, *, reveal_identity: bool = False,
              reason: str = "") -> dict[str, Any]:
    """One case, pseudonymised; with `reveal_identity` (view-identity and a reason) in full. Audited."""
    if reveal_identity and not reason.strip():
        raise UsageError("revealing identities needs a reason (--reason TEXT): it is written to the audit log")
    case_in_scope(session, case_id, Action.VIEW_IDENTITY if reveal_identity else Action.VIEW_CASE)
    stored = records.load_case(session.conn, ring, case_id)
    assert stored is not None
    audit.append(session.conn, ring, actor=session.principal.label,
                 action="view-identity" if reveal_identity else "view", case_id=case_id, target=f"case:{case_id}",
                 reason=reason.strip())
    return reveal(stored) if reveal_identity else redact(stored)


def search_names(session: ReadSession, ring: Keyring, name: str) -> list[dict[str, Any]]:
    """The cases naming a person whose name reads like `name` (any script or romanization), in the collections
    where the principal may see identities. The audit records the search, not the name searched for."""
    collections = _require_somewhere(session.principal, Action.VIEW_IDENTITY)
    ids = set(records.find_by_name(session.conn, ring, name, collections))
    rows = records.case_summaries(session.conn, collections, ids=ids) if ids else []
    audit.append(session.conn, ring, actor=session.principal.label, action="name-search", target="cases",
                 detail={"found": len(rows)})
    return rows


def export_cases(session: ReadSession, ring: Keyring, *, full: bool, reason: str, fmt: str,
                 sink: Callable[[StoredCase], None] | None = None) -> tuple[list[StoredCase], int]:
    """The cases the principal may export (export-case; with `full`, view-identity too and a reason) whose
    victims' consent to analysis is in force today, and how many were left out for want of it. Audited.
    With `sink`, each case is handed to it as it is read (streamed: the list returned stays empty)."""
    collections = _export_scope(session, full=full, reason=reason)
    kept: list[StoredCase] = []
    handle = sink or kept.append
    exported = left_out = 0
    today = dt.date.today()
    for stored in records.iter_cases(session.conn, ring, collections, identities=full):
        if analysis_allowed(stored.case, on=today):
            handle(stored)
            exported += 1
        else:
            left_out += 1
    _audit_export(session, ring, full=full, reason=reason, fmt=fmt, collections=collections,
                  exported=exported, left_out=left_out)
    return kept, left_out


def export_redacted_rows(session: ReadSession, ring: Keyring, *, fmt: str,
                         sink: Callable[[list[tuple[Any, ...]]], None]) -> tuple[int, int]:
    """The redacted export as flat rows (`cases.views.export_rows`, full=False, as tuples in EXPORT_COLUMNS
    order), handed to `sink` a case at a time, read from the plain columns without building each case (`store.case_export`): export-case, the same
    consent rule and audit entry as `export_cases`. Returns (cases exported, cases left out)."""
    collections = _export_scope(session, full=False, reason="")
    exported = left_out = 0
    for _, rows in case_export.redacted_rows(session.conn, ring, collections, on=dt.date.today()):
        if rows is None:
            left_out += 1
        else:
            sink(rows)
            exported += 1
    _audit_export(session, ring, full=False, reason="", fmt=fmt, collections=collections, exported=exported,
                  left_out=left_out)
    return exported, left_out


def _export_scope(session: ReadSession, *, full: bool, reason: str) -> list[str] | None:
    """The collections the principal may export from (None: all); refused without export-case, and for a full
    export without view-identity in the same collections or without a reason."""
    if full and not reason.strip():
        raise UsageError("a full export needs a reason (--reason TEXT): it is written to the audit log")
    collections = _require_somewhere(session.principal, Action.EXPORT_CASE)
    if full:
        identity = _require_somewhere(session.principal, Action.VIEW_IDENTITY)
        collections = identity if collections is None else (
            collections if identity is None else sorted(set(collections) & set(identity)))
        if collections == []:
            raise PermissionDeniedError(str(Action.VIEW_IDENTITY), f"{session.principal.label} may not both export"
                                        " and see identities in any one collection")
    return collections


def _audit_export(session: ReadSession, ring: Keyring, *, full: bool, reason: str, fmt: str,
                  collections: list[str] | None, exported: int, left_out: int) -> None:
    audit.append(session.conn, ring, actor=session.principal.label, action="export-full" if full else "export",
                 target="cases", reason=reason.strip(),
                 detail={"format": fmt, "cases": exported, "left_out_without_consent": left_out,
                         "collections": collections if collections is not None else ["*"]})


def case_history(session: ReadSession, case_id: str) -> list[dict[str, Any]]:
    """The audit entries of one case (view-case in its collection)."""
    case_in_scope(session, case_id, Action.VIEW_CASE)
    return audit.entries(session.conn, case_id=case_id)


def all_history(session: ReadSession, *, limit: int = 1000) -> list[dict[str, Any]]:
    """The latest audit entries of everything (manage-users: an administrator of every collection)."""
    allowed, reason = check(session.principal, Action.MANAGE_USERS)
    if not allowed:
        raise PermissionDeniedError(str(Action.MANAGE_USERS), reason)
    return audit.entries(session.conn, limit=limit)
