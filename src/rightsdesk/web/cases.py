"""The case pages of the workbench (issue 12): the case list with facets, a case with its history, the identity
reveal, the intake form, and the cases shown on a designation page. Behind the desk's sign-in (`desk.py`).

    GET  /cases                 pseudonymised cases of the user's collections, keyset pages (after/before a case
                                id), facets: act, collection, country, province, start year
    GET  /cases/new             the intake form (edit-case in some collection); works at a phone's width
    POST /cases/new             checks every field server-side; a bad form comes back with each problem by its
                                field and nothing stored; a good one is stored encrypted and audited
    GET  /cases/{id}            one case, pseudonymised, with its history (the case's audit entries) and, for a
                                user who may see identities, the "possibly the same person" suggestions
    POST /cases/{id}/reveal     the same page with identities shown: needs view-identity, a typed reason and the
                                form's CSRF token; written to the audit log with the reason
    POST /cases/{id}/evidence   attach a file (edit-case; CSRF; bounded while it streams in)
    POST /cases/{id}/evidence/verify  re-hash the case's files against their intake (view-case; CSRF; audited)
    POST /evidence/{id}         one file as an attachment (view-identity; CSRF; a reason, audited; no-store)

Every route here is thin: it reads the request, calls one guarded reader or workflow (`store/readers/`,
`pipeline/case_intake.py`), which checks the permission and audits, and renders a template. A case of another collection
answers 404 like a case that does not exist. Case pages are sent with `Cache-Control: no-store`.
"""

from __future__ import annotations

import re
import tempfile
import threading
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Message

from rightsdesk.access import Action, Principal, check
from rightsdesk.cases.csv_format import COLUMNS
from rightsdesk.cases.vocab import ActKind, Certainty, Mechanism, PersonKind, Reliability, SourceKind
from rightsdesk.errors import InputError, NotFoundError, PermissionDeniedError, TooLargeError
from rightsdesk.pipeline.case_evidence import MAX_EVIDENCE_BYTES, list_evidence, open_evidence, verify_evidence
from rightsdesk.pipeline.case_evidence import attach as attach_evidence
from rightsdesk.pipeline.case_intake import IntakeProblems, create_case
from rightsdesk.store import evidence as stored_evidence
from rightsdesk.store.case_browse import CURSOR, CaseFilters, check_cursor
from rightsdesk.store.readers.case_browse import browse_cases, browse_facets, case_suggestions, cases_naming
from rightsdesk.store.readers.cases import allowed_collections, case_history, guarded, show_case
from rightsdesk.web.params import Param, read_params

if TYPE_CHECKING:
    from rightsdesk.web.desk import Desk

LIST_PARAMS = (
    Param("act", "Only cases with this act.", enum=tuple(ActKind)),
    Param("collection", "Only cases of this collection."),
    Param("country", "Only cases with an event in this country (ISO alpha-3)."),
    Param("province", "Only cases with an event in this province."),
    Param("from", "Only cases with an event starting in or after this year.", int, minimum=1900, maximum=2100),
    Param("to", "Only cases with an event starting in or before this year.", int, minimum=1900, maximum=2100),
    Param("designation", "Only cases naming a perpetrator with this sanctions designation (e.g. KPe.052)."),
    Param("after", "The page after this case id."), Param("before", "The page before this case id."),
    Param("limit", "Cases per page.", int, minimum=1, maximum=200, default=50),
)
FACET_TTL_S = 30.0
UPLOAD_OVERHEAD = 64 * 1024  # the multipart framing and the CSRF field around the file
EVIDENCE_ID = re.compile(r"^[0-9a-f]{24}$")
MULTI = ("acts", "consent_share")
NO_STORE = {"Cache-Control": "no-store"}
#: Audit actions that read a case without changing it: the case page lists them apart from its changes.
READS = frozenset({"view", "view-identity", "denied", "list", "name-search", "export", "export-full",
                   "evidence-list", "evidence-view", "evidence-verify"})


class CasePages:
    """The case routes over the desk's store, keyring, templates and sessions."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self._facets: dict[tuple[Any, ...], tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def routes(self) -> list[Route]:
        """The case routes (the intake form before the case page, so that "new" is not read as an id)."""
        return [Route("/cases", self.list_page, methods=["GET"]),
                Route("/cases/new", self.intake_page, methods=["GET"]),
                Route("/cases/new", self.intake, methods=["POST"]),
                Route("/cases/{case_id}", self.case_page, methods=["GET"]),
                Route("/cases/{case_id}/reveal", self.reveal, methods=["POST"]),
                Route("/cases/{case_id}/evidence", self.attach, methods=["POST"]),
                Route("/cases/{case_id}/evidence/verify", self.verify, methods=["POST"]),
                Route("/evidence/{evidence_id}", self.download, methods=["POST"])]

    def _signed_in(self, request: Request) -> tuple[Principal, str] | Response:
        self.desk._signer()
        principal, csrf = self.desk.principal(request)
        if principal.anonymous:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={target}" if request.method == "GET" else "/login",
                                    status_code=303)
        return principal, csrf

    def _html(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        return self.desk.templates.TemplateResponse(request, name, context, status_code=status, headers=NO_STORE)

    # the list ---------------------------------------------------------------------------------------------

    async def list_page(self, request: Request) -> Response:
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        principal, csrf = signed
        a = read_params(LIST_PARAMS, request.query_params, {})
        filters = CaseFilters(act=a["act"], collection=a["collection"], country=(a["country"] or "").upper() or None,
                              province=a["province"], year_from=a["from"], year_to=a["to"],
                              designation=(a["designation"] or "").strip()[:40] or None)
        after, before = check_cursor(a["after"], "after"), check_cursor(a["before"], "before")
        page, facets = await run_in_threadpool(self._list, principal, filters, after, before, a["limit"])
        may_add = allowed_collections(principal, Action.EDIT_CASE) != []
        return self._html(request, "cases.html", page=page, facets=facets, a=a, filters=filters,
                          user=principal.user, csrf=csrf, may_add=may_add, page_url=page_url)

    def _list(self, principal: Principal, filters: CaseFilters, after: str | None, before: str | None,
              limit: int) -> tuple[Any, Any]:
        ring = self.desk.keyring
        with guarded(self.desk.store, ring, principal, "web cases list") as session:
            page = browse_cases(session, ring, filters, after=after, before=before, limit=limit)
            return page, self._remembered_facets(session, principal, filters)

    def _remembered_facets(self, session: Any, principal: Principal, filters: CaseFilters) -> Any:
        """Facet counts, remembered for FACET_TTL_S per set of visible collections and filters (so users who
        see the same collections share them; forgotten at once when a case is taken in here): counting 100,000
        cases on every page turn would cost more than the page itself."""
        visible = allowed_collections(principal, Action.VIEW_CASE)
        key = (tuple(visible) if visible is not None else ("*",), tuple(sorted(filters.as_dict().items())))
        now = time.monotonic()
        with self._lock:
            hit = self._facets.get(key)
        if hit and now - hit[0] < FACET_TTL_S:
            return hit[1]
        facets = browse_facets(session, filters)
        with self._lock:
            if len(self._facets) > 256:
                self._facets.clear()
            self._facets[key] = (now, facets)
        return facets

    # one case ---------------------------------------------------------------------------------------------

    async def case_page(self, request: Request) -> Response:
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        principal, csrf = signed
        case_id = _case_id(request)
        data = await run_in_threadpool(self._case, principal, case_id, "")
        return self._html(request, "case.html", **data, csrf=csrf, user=principal.user,
                          created=request.query_params.get("created") == "1")

    async def reveal(self, request: Request) -> Response:
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        principal, csrf = signed
        case_id = _case_id(request)
        form = await request.form(max_files=0, max_fields=4)
        self.desk._check_csrf(form, csrf)
        reason = str(form.get("reason", "")).strip()
        if not reason:
            raise InputError("type why you reveal the identities (the reason is written to the audit log)")
        if len(reason) > 500:
            raise InputError("the reason is longer than 500 characters")
        data = await run_in_threadpool(self._case, principal, case_id, reason)
        return self._html(request, "case.html", **data, csrf=csrf, user=principal.user, created=False)

    def _case(self, principal: Principal, case_id: str, reason: str) -> dict[str, Any]:
        ring = self.desk.keyring
        with guarded(self.desk.store, ring, principal, "web case", case_id) as session:
            view = show_case(session, ring, case_id, reveal_identity=bool(reason), reason=reason)
            history = case_history(session, case_id)
            suggestions = case_suggestions(session, ring, case_id)
            attached = bool(stored_evidence.of_case(session.conn, case_id))
        files = list_evidence(self.desk.store, ring, principal, case_id) if attached else []  # audited
        may_reveal = check(principal, Action.VIEW_IDENTITY, view["collection"]).allowed
        may_attach = check(principal, Action.EDIT_CASE, view["collection"]).allowed
        changes = [h for h in history if h["action"] not in READS]
        reads = [h for h in history if h["action"] in READS]
        return {"c": view, "changes": changes, "reads": reads, "suggestions": suggestions, "may_reveal": may_reveal,
                "revealed": bool(reason), "reason": reason, "files": files, "may_attach": may_attach,
                "max_evidence_mb": MAX_EVIDENCE_BYTES // (1024 * 1024), "checks": None}

    # evidence ---------------------------------------------------------------------------------------------

    async def attach(self, request: Request) -> Response:
        """Attach an uploaded file to the case (edit-case; CSRF; at most MAX_EVIDENCE_BYTES), audited."""
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        principal, csrf = signed
        case_id = _case_id(request)
        limit = MAX_EVIDENCE_BYTES
        form = await _bounded(request, limit + UPLOAD_OVERHEAD).form(max_files=1, max_fields=3)
        self.desk._check_csrf(form, csrf)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InputError("choose a file to attach")
        name = upload_name(upload.filename)
        with tempfile.TemporaryDirectory(prefix="rightsdesk-evidence-") as tmp:
            path = Path(tmp) / "upload"  # the sender's name is data, never a path on this machine
            await _save_bounded(upload, path, limit)
            await run_in_threadpool(partial(attach_evidence, name=name), self.desk.store, self.desk.keyring,
                                    principal, case_id, path)
        return RedirectResponse(f"/cases/{case_id}#evidence-h", status_code=303)

    async def verify(self, request: Request) -> Response:
        """Re-hash the case's files against their intake (view-case; CSRF), audited; the case page with the
        results."""
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        principal, csrf = signed
        case_id = _case_id(request)
        self.desk._check_csrf(await request.form(max_files=0, max_fields=2), csrf)
        checks = await run_in_threadpool(verify_evidence, self.desk.store, self.desk.keyring, principal, case_id)
        data = await run_in_threadpool(self._case, principal, case_id, "")
        return self._html(request, "case.html", **(data | {"checks": checks}), csrf=csrf, user=principal.user,
                          created=False)

    async def download(self, request: Request) -> Response:
        """One evidence file as an attachment (view-identity in its case's collection, the form's CSRF token, and a
        reason written to the audit log); no-store. A POST, so the reason stays out of URLs, browser history and
        proxy logs."""
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        principal, csrf = signed
        evidence_id = str(request.path_params["evidence_id"])
        if not EVIDENCE_ID.match(evidence_id):
            raise NotFoundError(f"no evidence {evidence_id[:40]!r}")
        form = await request.form(max_files=0, max_fields=2)
        self.desk._check_csrf(form, csrf)
        reason = str(form.get("reason", "")).strip()[:500]
        found, content = await run_in_threadpool(open_evidence, self.desk.store, self.desk.keyring, principal,
                                                 evidence_id, reason)
        filename = found.filename or f"evidence-{found.id}"
        return Response(content, media_type="application/octet-stream", headers={
            **NO_STORE, "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}"})

    # intake -----------------------------------------------------------------------------------------------

    def _edit_collections(self, principal: Principal) -> list[str] | None:
        collections = allowed_collections(principal, Action.EDIT_CASE)
        if collections == []:
            raise PermissionDeniedError(str(Action.EDIT_CASE), f"no role of {principal.label} grants edit-case in "
                                                               "any collection")
        return collections

    def _intake_html(self, request: Request, principal: Principal, csrf: str, values: dict[str, Any],
                     problems: dict[str, str], collection: str, status: int = 200) -> Response:
        return self._html(request, "case_new.html", status, csrf=csrf, user=principal.user, v=values,
                          problems=problems, collection=collection,
                          collections=self._edit_collections(principal), acts=tuple(ActKind),
                          certainties=tuple(Certainty), person_kinds=tuple(PersonKind),
                          source_kinds=tuple(SourceKind), reliabilities=tuple(Reliability),
                          mechanisms=tuple(Mechanism))

    async def intake_page(self, request: Request) -> Response:
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        principal, csrf = signed
        return self._intake_html(request, principal, csrf, {c: "" for c in COLUMNS}, {}, "")

    async def intake(self, request: Request) -> Response:
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        principal, csrf = signed
        form = await request.form(max_files=0, max_fields=80)
        self.desk._check_csrf(form, csrf)
        self._edit_collections(principal)
        values = {c: (";".join(str(v) for v in form.getlist(c)) if c in MULTI else str(form.get(c, "")))
                  for c in COLUMNS}
        collection = str(form.get("collection", "")).strip()
        try:
            case_id = await run_in_threadpool(create_case, self.desk.store, self.desk.keyring, principal, values,
                                              collection)
        except IntakeProblems as exc:
            return self._intake_html(request, principal, csrf, values, exc.problems, collection, status=400)
        with self._lock:
            self._facets.clear()
        return RedirectResponse(f"/cases/{case_id}?created=1", status_code=303)

    # designation pages ------------------------------------------------------------------------------------

    def designation_cases(self, request: Request, reference: str) -> list[dict[str, Any]] | None:
        """The cases naming `reference`, for a signed-in user who may see cases; None (show nothing) otherwise."""
        if self.desk.signer is None:
            return None
        principal, _ = self.desk.principal(request)
        if principal.anonymous or allowed_collections(principal, Action.VIEW_CASE) == []:
            return None
        ring = self.desk.keyring
        with guarded(self.desk.store, ring, principal, f"designation {reference}"[:120]) as session:
            return cases_naming(session, ring, reference)


def upload_name(sent: str) -> str:
    """The name an uploaded file is stored under: its last path part, without control characters, at most 200
    characters; "evidence" when nothing usable is left (an empty name, "." or "..")."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", sent.replace("\\", "/").rsplit("/", 1)[-1]).strip()[:200]
    return name if name.strip(".") else "evidence"


def _bounded(request: Request, limit: int) -> Request:
    """The request with its body refused (TooLargeError) once more than `limit` bytes arrive, and at once when
    its Content-Length says so: Starlette's form parser spools an uploaded file of any size to disk before the
    handler sees it."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLargeError(f"the upload is {int(declared):,} bytes; an evidence file may have at most "
                            f"{MAX_EVIDENCE_BYTES:,}")
    receive, seen = request.receive, 0

    async def bounded_receive() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLargeError(f"the upload is over the limit of {MAX_EVIDENCE_BYTES:,} bytes for an "
                                    "evidence file")
        return message

    return Request(request.scope, bounded_receive)


async def _save_bounded(upload: UploadFile, path: Path, limit: int) -> None:
    """Write an upload to `path`, refusing it (TooLargeError) once it passes `limit` bytes."""
    size = 0
    with path.open("wb") as fp:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise TooLargeError(f"{upload.filename}: over the limit of {limit:,} bytes for an evidence file")
            fp.write(chunk)


def page_url(request: Request, **changes: Any) -> str:
    """The list's URL with some parameters changed (None removes one); the page keys are dropped unless given."""
    params = {k: v for k, v in request.query_params.items() if k not in ("after", "before")}
    for key, value in changes.items():
        key = key.rstrip("_")
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "/cases" + ("?" + urlencode(params) if params else "")


def _case_id(request: Request) -> str:
    case_id = str(request.path_params["case_id"])
    if not CURSOR.match(case_id):
        raise NotFoundError(f"no case {case_id[:40]!r}: a case id is 16 hex digits")
    return case_id
