"""The case workflows that the CLI and the web share: import, export, submission, consent, notes, key
rotation. Each takes the store, the keyring and the Principal; checks the permission; writes the audit entry in
the same transaction as the change, so an action and its record stand or fall together.

Reads that need no change of their own (list, show, name search) are in `store/readers/cases.py`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rightsdesk.access import Action, Principal, check, require
from rightsdesk.cases import exchange
from rightsdesk.cases.crypto import Keyring
from rightsdesk.cases.csv_format import parse_rows
from rightsdesk.cases.model import Intervention, Note, StoredCase
from rightsdesk.cases.submission import consent_to_submit, disappeared, missing_elements, render_html, wgeid_case
from rightsdesk.cases.views import EXPORT_COLUMNS, FULL_COLUMNS, export_rows, view
from rightsdesk.cases.vocab import ConsentScope, Mechanism
from rightsdesk.errors import IngestError, InputError, PermissionDeniedError
from rightsdesk.export import csv_writer, json_text, tuple_writer
from rightsdesk.store import Store, accounts, audit
from rightsdesk.store import case_records as records
from rightsdesk.store.case_browse import reencrypt_suggestions
from rightsdesk.store.readers.cases import case_in_scope, export_cases, export_redacted_rows, guarded

IMPORT_BATCH = 1000


@dataclass(frozen=True)
class ImportResult:
    """What an import did: cases created, and those already stored (skipped, unchanged)."""

    created: list[str]
    skipped: list[str]


def import_csv(store: Store, ring: Keyring, principal: Principal, path: Path, collection: str) -> ImportResult:
    """Validate the whole file, then store every new case in one transaction (edit-case in `collection`).
    A bad row raises IngestError naming its line and field, and nothing is loaded."""
    with guarded(store, ring, principal, f"cases import into {collection}") as session:
        require(principal, Action.EDIT_CASE, collection)
        try:
            with path.open(encoding="utf-8-sig", newline="") as fp:
                parsed = parse_rows(fp, path=str(path), collection=collection, recorded_by=principal.label)
        except OSError as exc:
            raise IngestError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise IngestError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
        stored = set(records.case_ids(session.conn, [collection]))
        fresh = [item for item in parsed if item.case.id not in stored]
        for start in range(0, len(fresh), IMPORT_BATCH):
            batch = fresh[start:start + IMPORT_BATCH]
            records.insert_cases(session.conn, ring, [(item.case, item.ref) for item in batch],
                                 actor=principal.label)
            audit.append_many(session.conn, ring, [
                {"actor": principal.label, "action": "create", "case_id": item.case.id,
                 "target": f"case:{item.case.id}", "detail": {"source": "csv import", "line": item.line}}
                for item in batch])
        return ImportResult([i.case.id for i in fresh], [i.case.id for i in parsed if i.case.id in stored])


EXPORT_FORMATS = ("csv", "json", "huridocs-json", "uwazi-csv")


def export_text(store: Store, ring: Keyring, principal: Principal, *, full: bool = False, reason: str = "",
                fmt: str = "csv") -> tuple[str, int, int]:
    """The export as text, redacted unless `full`: our CSV (a row per victim) or JSON (an object per case), the
    HURIDOCS-style JSON or the Uwazi import CSV (`cases.exchange`); (text, cases exported, cases left out for
    want of consent to analysis). Cases are streamed from the store into the output a batch at a time."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    out = io.StringIO()
    documents: list[dict[str, Any]] = []
    columns = exchange.uwazi_columns(full=full) if fmt == "uwazi-csv" else \
        (*EXPORT_COLUMNS, *(FULL_COLUMNS if full else ()))
    write_row = csv_writer(out, columns) if fmt in ("csv", "uwazi-csv") else None

    def write(stored: StoredCase) -> None:
        if fmt == "json":
            documents.append(view(stored, full=full))
        elif fmt == "huridocs-json":
            documents.append(exchange.huridocs_case(stored, full=full))
        elif write_row is not None and fmt == "uwazi-csv":
            write_row(exchange.uwazi_row(stored, full=full))
        elif write_row is not None:
            for row in export_rows(stored, full=full):
                write_row(row)
        exported.append(stored.case.id)

    exported: list[str] = []
    with guarded(store, ring, principal, "cases export") as session:
        if fmt == "csv" and not full:  # the common case, read without building each case (store.case_export)
            count, left_out = export_redacted_rows(session, ring, fmt=fmt, sink=tuple_writer(out))
            return out.getvalue(), count, left_out
        _, left_out = export_cases(session, ring, full=full, reason=reason, fmt=fmt, sink=write)
    if fmt == "json":
        return json_text(documents, indent=1), len(exported), left_out
    if fmt == "huridocs-json":
        document = exchange.huridocs_document([], full=full, left_out=left_out) | {"records": documents}
        return json_text(document, indent=1), len(exported), left_out
    return out.getvalue(), len(exported), left_out


@dataclass(frozen=True)
class Submission:
    """A generated submission: its JSON elements, the printable HTML, and what the mechanism needs but lacks."""

    documents: list[dict[str, Any]]
    html: str
    missing: list[str]
    intervention_id: str


def submit(store: Store, ring: Keyring, principal: Principal, case_id: str, mechanism: Mechanism) -> Submission:
    """Generate the WGEID individual-case submission of `case_id` (submit-case and view-identity); refused with
    the reason when a disappeared person's consent to share with the WGEID is missing or withdrawn. Recorded as
    an intervention of the case and in the audit log."""
    if mechanism != Mechanism.WGEID:
        raise InputError(f"submissions to {mechanism} are not generated yet: only to WGEID")
    with guarded(store, ring, principal, "cases submission", case_id[:40]) as session:
        collection = case_in_scope(session, case_id, Action.SUBMIT_CASE)
        require(principal, Action.VIEW_IDENTITY, collection)
        stored = records.load_case(session.conn, ring, case_id)
        assert stored is not None
        persons = disappeared(stored.case)
        if not persons:
            raise InputError(f"case {case_id} records no enforced disappearance or abduction: the WGEID takes "
                             "individual cases of enforced disappearance only")
        refused = [stored.pseudonyms[p.id] for p in persons if not consent_to_submit(stored.case, p, mechanism)]
        if refused:
            raise PermissionDeniedError("submit-case", f"no consent in force of {', '.join(refused)} to share "
                                        f"with the {mechanism} (missing or withdrawn)")
        today = dt.date.today()
        docs = [wgeid_case(stored.case, p, submitted_by=principal.label, on=today) for p in persons]
        missing = sorted({m for d in docs for m in missing_elements(d)})
        for doc in docs:
            doc["missing_elements"] = missing_elements(doc)
        rid = records.row_id(case_id, "intervention", mechanism, dt.datetime.now(dt.UTC).isoformat())
        records.add_intervention(session.conn, ring, case_id, Intervention(
            rid, mechanism, "individual-case-submission", today, principal.label),
            document=json.dumps(docs, ensure_ascii=False))
        records.bump_version(session.conn, case_id)
        audit.append(session.conn, ring, actor=principal.label, action="submission", case_id=case_id,
                     target=f"case:{case_id}", reason=f"to {mechanism}",
                     detail={"intervention": rid, "persons": len(docs), "missing": missing})
    return Submission(docs, render_html(docs), missing, rid)


def withdraw(store: Store, ring: Keyring, principal: Principal, case_id: str, scope: ConsentScope,
             mechanism: Mechanism | None, *, pseudonym: str | None = None) -> int:
    """Record the withdrawal, today, of the consents to `scope` (with `mechanism`) of the case's victims (or of
    the person `pseudonym`); edit-case. Every later export, share and submission respects it."""
    with guarded(store, ring, principal, "cases consent", case_id[:40]) as session:
        case_in_scope(session, case_id, Action.EDIT_CASE)
        stored = records.load_case(session.conn, ring, case_id)
        assert stored is not None
        people = [p.id for p in stored.case.victims()] if pseudonym is None else \
            [pid for pid, ps in stored.pseudonyms.items() if ps == pseudonym]
        if not people:
            raise InputError(f"case {case_id} has no person {pseudonym!r}")
        done = sum(records.withdraw_consent(session.conn, case_id, pid, scope, mechanism, on=dt.date.today(),
                                            by=principal.label) for pid in people)
        records.bump_version(session.conn, case_id)
        audit.append(session.conn, ring, actor=principal.label, action="consent-withdrawn", case_id=case_id,
                     target=f"case:{case_id}", detail={"scope": str(scope), "mechanism": str(mechanism or ""),
                                                       "consents": done})
        return done


def add_note(store: Store, ring: Keyring, principal: Principal, case_id: str, target: str, text: str) -> str:
    """Add a clarification note on one field of a case (edit-case); its text is encrypted."""
    if not text.strip() or not target.strip():
        raise InputError("a note needs the field it is on (--on, e.g. event.start) and its text")
    with guarded(store, ring, principal, "cases note", case_id[:40]) as session:
        case_in_scope(session, case_id, Action.EDIT_CASE)
        rid = records.add_note(session.conn, ring, case_id, Note(target.strip()[:120], text, principal.label,
                                                                 dt.datetime.now(dt.UTC)))
        records.bump_version(session.conn, case_id)
        audit.append(session.conn, ring, actor=principal.label, action="update", case_id=case_id,
                     target=f"case:{case_id}", detail={"note": rid, "on": target.strip()[:120]})
        return rid


def rotate_keys(store: Store, old: Keyring, new: Keyring, principal: Principal) -> int:
    """Re-encrypt every identity field (evidence files, TOTP secrets and suggestions' other records included)
    under the new key, rebuild the
    name index and re-sign the audit head,
    in one transaction (manage-users in every collection). Returns how many values were re-encrypted."""
    allowed, reason = check(principal, Action.MANAGE_USERS)
    if not allowed:
        with store.writing() as conn:
            audit.append(conn, old, actor=principal.label, action="denied", target="keys rotate", reason=reason)
        raise PermissionDeniedError(str(Action.MANAGE_USERS), reason)
    with store.writing() as conn:
        done = records.reencrypt(conn, old, new)
        done += accounts.reencrypt_totp(conn, old, new)
        done += reencrypt_suggestions(conn, old, new)
        audit.resign_head(conn, old, new)
        audit.append(conn, new, actor=principal.label, action="keys-rotated", target="keys",
                     detail={"from": old.current_id, "to": new.current_id, "values": done})
    return done
