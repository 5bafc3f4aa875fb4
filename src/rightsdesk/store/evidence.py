"""Evidence files of cases in and out of `case_evidence`: the content and the file name encrypted (each token
bound to its row), the sha256 of the file as received kept beside them.

No permission is checked here: `pipeline/case_evidence.py` checks and audits, then calls these. Reading the content
back never trusts the stored hash alone: `open_content` decrypts (AES-GCM fails on any change to the token, or
a token moved from another row) and re-hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, RowMapping, select

from rightsdesk.cases.crypto import Keyring
from rightsdesk.errors import StoreError
from rightsdesk.store.case_records import aad, row_id, utc
from rightsdesk.store.schema_case_records import case_evidence, case_source
from rightsdesk.store.schema_cases import audit_log

INTAKE_ACTION = "evidence-added"


@dataclass(frozen=True)
class Evidence:
    """One attached file as listed: never its content; its name only when decrypted for one allowed to see it."""

    id: str
    case_id: str
    source_id: str
    sha256: str
    size: int
    media_type: str
    added_at: dt.datetime
    added_by: str
    filename: str = ""


def evidence_id(case_id: str, source_id: str, sha256: str) -> str:
    """The id of a file attached to a case (and source): the same file twice is one piece of evidence."""
    return row_id(case_id, "evidence", source_id, sha256)


def source_ids(conn: Connection, case_id: str) -> list[str]:
    """The ids of the case's information sources, in the order the case's views list them."""
    query = select(case_source.c.id).where(case_source.c.case_id == case_id).order_by(case_source.c.id)
    return list(conn.scalars(query))


def exists(conn: Connection, rid: str) -> bool:
    """True when evidence `rid` is stored."""
    return conn.scalar(select(case_evidence.c.id).where(case_evidence.c.id == rid)) is not None


def insert(conn: Connection, ring: Keyring, *, case_id: str, source_id: str, content: bytes, filename: str,
           media_type: str, actor: str) -> Evidence:
    """Store a file (content and name encrypted) with its sha256; return what was stored."""
    digest = hashlib.sha256(content).hexdigest()
    rid = evidence_id(case_id, source_id, digest)
    now = dt.datetime.now(dt.UTC)
    conn.execute(case_evidence.insert().values(
        id=rid, case_id=case_id, source_id=source_id or None, sha256=digest, size=len(content),
        media_type=media_type, filename_enc=ring.encrypt(filename, aad("case_evidence", "filename_enc", rid)),
        content_enc=ring.encrypt(content, aad("case_evidence", "content_enc", rid)), added_at=now,
        added_by=actor))
    return Evidence(rid, case_id, source_id, digest, len(content), media_type, now, actor, filename)


_LISTED = [case_evidence.c[k] for k in ("id", "case_id", "source_id", "sha256", "size", "media_type", "added_at",
                                        "added_by", "filename_enc")]


def _listed(ring: Keyring | None, row: RowMapping) -> Evidence:
    name = ring.decrypt(row["filename_enc"], aad("case_evidence", "filename_enc", row["id"])) if ring else ""
    return Evidence(row["id"], row["case_id"], row["source_id"] or "", row["sha256"], int(row["size"]),
                    row["media_type"], utc(row["added_at"]), row["added_by"], name)


def of_case(conn: Connection, case_id: str, *, ring: Keyring | None = None) -> list[Evidence]:
    """The files attached to a case, oldest first; their names decrypted when `ring` is given."""
    query = select(*_LISTED).where(case_evidence.c.case_id == case_id).order_by(case_evidence.c.added_at,
                                                                                 case_evidence.c.id)
    return [_listed(ring, r) for r in conn.execute(query).mappings()]


def one(conn: Connection, rid: str, *, ring: Keyring | None = None) -> Evidence | None:
    """One attached file (no content); None when there is none with this id."""
    row = conn.execute(select(*_LISTED).where(case_evidence.c.id == rid)).mappings().first()
    return _listed(ring, row) if row else None


def open_content(conn: Connection, ring: Keyring, rid: str) -> bytes:
    """The file as received; StoreError when it fails the integrity check (see `check`)."""
    row = conn.execute(select(case_evidence.c.case_id, case_evidence.c.sha256, case_evidence.c.size,
                              case_evidence.c.content_enc).where(case_evidence.c.id == rid)).first()
    if row is None:
        raise StoreError(f"no evidence {rid!r}")
    intake = intake_hashes(conn, [row.case_id]).get(rid)
    found, content = _check_one(ring, rid, row.case_id, row.sha256, int(row.size), row.content_enc, intake)
    if not found.intact or content is None:
        raise StoreError(f"evidence {rid} fails its integrity check: {found.problem}; it is not handed out")
    return content


def intake_hashes(conn: Connection, case_ids: list[str]) -> dict[str, str]:
    """Evidence id -> the sha256 that the audit log (hash-chained) recorded when the file was added."""
    out: dict[str, str] = {}
    for start in range(0, len(case_ids), 500):
        query = select(audit_log.c.detail).where(audit_log.c.action == INTAKE_ACTION,
                                                 audit_log.c.case_id.in_(case_ids[start:start + 500]))
        for detail in conn.scalars(query):
            if isinstance(detail, dict) and "evidence" in detail:
                out.setdefault(str(detail["evidence"]), str(detail.get("sha256", "")))
    return out


@dataclass(frozen=True)
class Check:
    """The integrity check of one file: its id, its case, whether intact, and what is wrong otherwise."""

    id: str
    case_id: str
    sha256: str
    intact: bool
    problem: str = ""


def check(conn: Connection, ring: Keyring, case_ids: list[str], intake: dict[str, str]) -> list[Check]:
    """Re-hash every file of `case_ids` (decrypting it in memory, one at a time) and compare with the sha256
    stored beside it and with `intake` (evidence id -> the sha256 the audit log recorded when it was added)."""
    out: list[Check] = []
    for start in range(0, len(case_ids), 500):
        ids = [r.id for r in conn.execute(select(case_evidence.c.id).where(
            case_evidence.c.case_id.in_(case_ids[start:start + 500])).order_by(case_evidence.c.id))]
        for rid in ids:
            row = conn.execute(select(case_evidence.c.case_id, case_evidence.c.sha256, case_evidence.c.size,
                                      case_evidence.c.content_enc).where(case_evidence.c.id == rid)).one()
            out.append(_check_one(ring, rid, row.case_id, row.sha256, int(row.size), row.content_enc,
                                  intake.get(rid))[0])
    return out


def _check_one(ring: Keyring, rid: str, case_id: str, recorded: str, size: int, token: str,
               at_intake: str | None) -> tuple[Check, bytes | None]:
    """The check of one file, and its content (None when it does not decrypt)."""
    try:
        content = ring.decrypt_bytes(token, aad("case_evidence", "content_enc", rid))
    except StoreError:
        return Check(rid, case_id, recorded, False, "the encrypted file was altered, or belongs to another row"), None
    actual = hashlib.sha256(content).hexdigest()
    problem = ""
    if actual != recorded:
        problem = f"the file hashes to {actual}, not to the sha256 recorded"
    elif len(content) != size:
        problem = f"the file has {len(content)} bytes, not the {size} recorded"
    elif at_intake is None:
        problem = "no intake entry in the audit log names this file"
    elif at_intake != recorded:
        problem = f"the audit log recorded sha256 {at_intake} at intake"
    return Check(rid, case_id, recorded, not problem, problem), content
