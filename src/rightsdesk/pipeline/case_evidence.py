"""Evidence files attached to a case (or to one of its information sources): taken in with their sha256, stored
encrypted, every access audited, and an integrity check that proves each stored file is the one received.

    attach(store, ring, principal, case_id, path, source=1)     edit-case; the sha256 goes into the audit log
    list_evidence(store, ring, principal, case_id)              view-case (file names only with view-identity)
    open_evidence(store, ring, principal, evidence_id, reason)  view-identity and a reason: the file's bytes
    verify_evidence(store, ring, principal, case_id=None)       view-case: re-hash every file, report tampering

A file is checked three ways: AES-GCM refuses a token that was altered or moved from another row; the content
must hash to the sha256 stored beside it; and that sha256 must be the one the intake's audit entry recorded
(the audit log is hash-chained, so one who rewrites a file and its stored hash is still caught). Files are
limited to MAX_EVIDENCE_BYTES: they are read into memory, and go into the encrypted backup.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from rightsdesk.access import Action, Principal, check
from rightsdesk.cases.crypto import Keyring
from rightsdesk.errors import InputError, NotFoundError, TooLargeError, UsageError
from rightsdesk.store import Store, audit
from rightsdesk.store import case_records as records
from rightsdesk.store import evidence as stored_evidence
from rightsdesk.store.evidence import Check, Evidence
from rightsdesk.store.readers.cases import allowed_collections, case_in_scope, guarded

MAX_EVIDENCE_BYTES = 25 * 1024 * 1024


def read_file(path: Path, *, max_bytes: int = MAX_EVIDENCE_BYTES) -> bytes:
    """The bytes of an evidence file; InputError (naming the file) when it cannot be read or is empty, and
    TooLargeError when it is over `max_bytes`."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(f"{path}: a folder, not a file")
        if size > max_bytes:
            raise TooLargeError(f"{path}: {size:,} bytes, over the limit of {max_bytes:,} bytes for an evidence "
                                "file (split it, or compress it)")
        content = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not content:
        raise InputError(f"{path}: the file is empty; nothing was attached")
    if len(content) > max_bytes:  # it grew while we looked
        raise TooLargeError(f"{path}: over the limit of {max_bytes:,} bytes for an evidence file")
    return content


def attach(store: Store, ring: Keyring, principal: Principal, case_id: str, path: Path, *,
           source: int | None = None, max_bytes: int = MAX_EVIDENCE_BYTES,
           name: str | None = None) -> tuple[Evidence, bool]:
    """Attach the file at `path` to a case (edit-case), to its `source`-th information source (from 1) when
    given, under `name` (default: the path's file name; the web gives the uploaded file's name). Returns the evidence and True, or the evidence already stored and False for the same file attached
    to the same place again (nothing changes)."""
    content = read_file(path, max_bytes=max_bytes)
    digest = hashlib.sha256(content).hexdigest()
    filename = name or path.name
    media_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    with guarded(store, ring, principal, "cases attach", case_id[:40]) as session:
        case_in_scope(session, case_id, Action.EDIT_CASE)
        conn = session.conn
        source_id = _source(stored_evidence.source_ids(conn, case_id), source, case_id)
        rid = stored_evidence.evidence_id(case_id, source_id, digest)
        if stored_evidence.exists(conn, rid):
            found = stored_evidence.one(conn, rid)
            assert found is not None
            return found, False
        item = stored_evidence.insert(conn, ring, case_id=case_id, source_id=source_id, content=content,
                                      filename=filename, media_type=media_type, actor=principal.label)
        records.bump_version(conn, case_id)
        audit.append(conn, ring, actor=principal.label, action=stored_evidence.INTAKE_ACTION, case_id=case_id,
                     target=f"evidence:{rid}", detail={"evidence": rid, "sha256": digest, "size": len(content),
                                                       "media_type": media_type, "source": source_id})
        return item, True


def _source(sources: list[str], number: int | None, case_id: str) -> str:
    if number is None:
        return ""
    if not 1 <= number <= len(sources):
        raise InputError(f"case {case_id} has {len(sources)} information source(s): --source takes 1 to "
                         f"{len(sources)}, not {number}" if sources else
                         f"case {case_id} has no information source: attach the file to the case (no --source)")
    return sources[number - 1]


def list_evidence(store: Store, ring: Keyring, principal: Principal, case_id: str) -> list[Evidence]:
    """The files attached to a case (view-case), without their content; their names (which may name a person)
    only for one with view-identity in the case's collection. Audited."""
    with guarded(store, ring, principal, "cases evidence list", case_id[:40]) as session:
        collection = case_in_scope(session, case_id, Action.VIEW_CASE)
        names = check(principal, Action.VIEW_IDENTITY, collection).allowed
        found = stored_evidence.of_case(session.conn, case_id, ring=ring if names else None)
        audit.append(session.conn, ring, actor=principal.label, action="evidence-list", case_id=case_id,
                     target=f"case:{case_id}", detail={"files": len(found), "names_shown": names})
        return found


def open_evidence(store: Store, ring: Keyring, principal: Principal, evidence_id: str,
                  reason: str) -> tuple[Evidence, bytes]:
    """One attached file and its bytes (view-identity in the case's collection, and a reason, which goes into
    the audit log). StoreError, and nothing handed out, when the stored file fails its integrity check."""
    if not reason.strip():
        raise UsageError("opening an evidence file needs a reason (--reason TEXT): it is written to the audit log")
    with guarded(store, ring, principal, "cases evidence get", evidence_id[:40]) as session:
        found = stored_evidence.one(session.conn, evidence_id, ring=None)
        if found is None:
            raise NotFoundError(f"no evidence {evidence_id!r} in the collections {principal.label} may see")
        case_in_scope(session, found.case_id, Action.VIEW_IDENTITY)
        content = stored_evidence.open_content(session.conn, ring, evidence_id)
        named = stored_evidence.one(session.conn, evidence_id, ring=ring)
        assert named is not None
        audit.append(session.conn, ring, actor=principal.label, action="evidence-view", case_id=found.case_id,
                     target=f"evidence:{evidence_id}", reason=reason.strip(), detail={"sha256": found.sha256})
        return named, content


def verify_evidence(store: Store, ring: Keyring, principal: Principal,
                    case_id: str | None = None) -> list[Check]:
    """Re-hash every attached file of one case, or of every case the principal may view (view-case), and
    compare with the sha256 stored and the one the intake's audit entry recorded. Audited with the counts."""
    with guarded(store, ring, principal, "cases evidence verify", case_id[:40] if case_id else None) as session:
        if case_id is not None:
            case_in_scope(session, case_id, Action.VIEW_CASE)
            ids = [case_id]
        else:
            ids = records.case_ids(session.conn, allowed_collections(principal, Action.VIEW_CASE))
        intake = stored_evidence.intake_hashes(session.conn, ids)
        checks = stored_evidence.check(session.conn, ring, ids, intake)
        broken = [c.id for c in checks if not c.intact]
        audit.append(session.conn, ring, actor=principal.label, action="evidence-verify", case_id=case_id,
                     target=f"case:{case_id}" if case_id else "cases",
                     detail={"files": len(checks), "broken": broken[:50]})
        return checks
