"""The case desk of the workbench: sign-in, and the page that links victim lists and estimates how many people
are on none of them (issue 13).

Sessions are signed cookies (itsdangerous, with a key derived from the database key, so the workbench needs
RIGHTSDESK_SECRET_KEY like the case commands do): HttpOnly, SameSite=Strict, eight hours. Every form carries a
CSRF token bound to the session (or, before sign-in, to a signed pre-session cookie) and is refused without it.
Passwords are checked by `store.accounts.authenticate`: argon2id, the one-time code of an account enrolled in
TOTP, the lock-out after repeated failures, and the audit of every sign-in and failure. A client address that
failed too many sign-ins lately is refused with 429 and Retry-After before any password is checked
(`store.throttle`, counted in the store so that every worker agrees).

`/lists` needs the `view-identity` permission (lists hold names): a signed-in user uploads CSV lists, the
workbench links them (`linkage.workflow`) and estimates the total (`stats.mse`), and shows the clusters'
summary, the estimate with its interval and a plot, and the pairs to review with both names. The uploaded files
live in a temporary folder for the request only; nothing of them is stored, indexed or logged, and each run is
written to the audit log (who, how many records from which lists; never a name). A reviewer confirms or splits a
pair from the review table (`/lists/judge`, with why): the judgement is stored (`store.judgements`, append-only,
withdrawable) and audited, and every later run respects it. When a full case export is among the lists, the
clusters holding its victims are brought back to the cases as "possibly the same person" suggestions
(`pipeline.case_suggestions`), shown on the case pages (`web/cases.py`).
"""

from __future__ import annotations

import base64
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from rightsdesk.access import ANONYMOUS, Action, Principal, check
from rightsdesk.errors import (
    AuthenticationError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    TooLargeError,
)
from rightsdesk.pipeline.case_suggestions import bring_back
from rightsdesk.store import Store, judgements

SESSION_COOKIE = "rd_session"
PRE_COOKIE = "rd_pre"
SESSION_AGE_S = 8 * 3600
MAX_LISTS = 10
MAX_LIST_BYTES = 20 * 1024 * 1024
REVIEW_SHOWN = 50
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def _private(response: Response) -> Response:
    """`response`, marked so that no browser or proxy keeps it: it holds what only this user may see."""
    response.headers["Cache-Control"] = "no-store"
    return response


class Desk:
    """Sign-in and the lists page over one store and keyring (None: the desk is not configured)."""

    def __init__(self, store: Store, keyring: Any, templates: Jinja2Templates) -> None:
        self.store = store
        self.keyring = keyring
        self.templates = templates
        self.signer = URLSafeTimedSerializer(keyring.session_key(), salt="rightsdesk session") if keyring else None

    def routes(self) -> list[Route]:
        """The desk's routes."""
        return [Route("/login", self.login_page, methods=["GET"]), Route("/login", self.login, methods=["POST"]),
                Route("/logout", self.logout, methods=["POST"]),
                Route("/lists", self.lists_page, methods=["GET"]), Route("/lists", self.link, methods=["POST"]),
                Route("/lists/judge", self.judge, methods=["POST"])]

    # sessions ---------------------------------------------------------------------------------------------

    def _signer(self) -> URLSafeTimedSerializer:
        if self.signer is None:
            raise NotFoundError("the case desk is not open here: start the workbench with RIGHTSDESK_SECRET_KEY "
                                "(or RIGHTSDESK_SECRET_KEY_FILE) set")
        return self.signer

    def _read(self, request: Request, cookie: str) -> dict[str, str] | None:
        raw = request.cookies.get(cookie)
        if not raw or self.signer is None:
            return None
        try:
            value = self.signer.loads(raw, max_age=SESSION_AGE_S)
        except BadSignature:
            return None
        return value if isinstance(value, dict) else None

    def principal(self, request: Request) -> tuple[Principal, str]:
        """The signed-in principal and the session's CSRF token (ANONYMOUS and "" when nobody is)."""
        from rightsdesk.store.accounts import principal_for

        session = self._read(request, SESSION_COOKIE)
        if not session:
            return ANONYMOUS, ""
        with self.store.engine.connect() as conn:
            try:
                return principal_for(conn, session["u"]), session["c"]
            except KeyError:
                return ANONYMOUS, ""

    def _check_csrf(self, form: Any, expected: str) -> None:
        given = str(form.get("csrf", ""))
        if not expected or not secrets.compare_digest(given, expected):
            raise PermissionDeniedError("form", "the form's CSRF token is missing or wrong: reload the page")

    # sign-in ----------------------------------------------------------------------------------------------

    async def login_page(self, request: Request) -> Response:
        signer = self._signer()
        token = secrets.token_urlsafe(24)
        response = self.templates.TemplateResponse(request, "login.html", {"csrf": token, "message": "",
                                                                           "next": _next(request)})
        response.set_cookie(PRE_COOKIE, signer.dumps({"c": token}), max_age=600, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    async def login(self, request: Request) -> Response:
        from rightsdesk.store.accounts import authenticate

        signer = self._signer()
        form = await request.form(max_files=0, max_fields=6)
        pre = self._read(request, PRE_COOKIE) or {}
        self._check_csrf(form, pre.get("c", ""))
        name, password = str(form.get("user", "")), str(form.get("password", ""))
        client = request.client.host if request.client else "unknown"
        await run_in_threadpool(self._throttle, client, name)
        try:
            principal = await run_in_threadpool(authenticate, self.store, self.keyring, name, password,
                                                str(form.get("code", "")) or None)
        except AuthenticationError as exc:  # the failure was counted before the check (`_throttle`)
            token = secrets.token_urlsafe(24)
            response = self.templates.TemplateResponse(request, "login.html", {"csrf": token, "message": str(exc),
                                                                               "next": _next(request)},
                                                       status_code=401)
            response.set_cookie(PRE_COOKIE, signer.dumps({"c": token}), max_age=600, httponly=True,
                                samesite="strict", secure=request.url.scheme == "https")
            return response
        await run_in_threadpool(self._refund, client)
        redirect = RedirectResponse(_next(request), status_code=303)
        redirect.set_cookie(SESSION_COOKIE, signer.dumps({"u": principal.user, "c": secrets.token_urlsafe(24)}),
                            max_age=SESSION_AGE_S, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        redirect.delete_cookie(PRE_COOKIE)
        return redirect

    def _throttle(self, client: str, name: str) -> None:
        """Count this attempt as a failure before its password is checked, or RateLimitedError (429, Retry-After;
        audited) when `client` failed too many sign-ins lately: counted in the store (`store.throttle`), so
        every worker sees the same count, and checked and counted in one statement, so parallel attempts
        cannot all slip past the check."""
        from rightsdesk.store import audit, throttle

        with self.store.writing() as conn:
            wait = throttle.claim_attempt(conn, self.keyring, client)
            if wait:
                audit.append(conn, self.keyring, actor=name.strip().casefold()[:120] or "?", action="login-throttled",
                             target=name.strip().casefold()[:120], reason="too many failed sign-ins from one address",
                             detail={"client": throttle.client_key(self.keyring, client)[:12], "retry_after": wait})
        if wait:
            raise RateLimitedError(f"too many failed sign-ins from this address: try again in {wait} seconds", wait)

    def _refund(self, client: str) -> None:
        from rightsdesk.store import throttle

        with self.store.writing() as conn:
            throttle.refund(conn, self.keyring, client)

    async def logout(self, request: Request) -> Response:
        _, csrf = self.principal(request)
        self._check_csrf(await request.form(max_files=0, max_fields=2), csrf)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    # lists ------------------------------------------------------------------------------------------------

    def _allowed(self, request: Request) -> tuple[Principal, str] | Response:
        self._signer()
        principal, csrf = self.principal(request)
        if principal.anonymous:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        # Lists belong to no collection: holding view-identity in any collection is what it takes.
        if not any(check(principal, Action.VIEW_IDENTITY, where).allowed for _, where in principal.grants):
            raise PermissionDeniedError(Action.VIEW_IDENTITY, f"no role of {principal.label} may see identities, "
                                                              "and victim lists hold names")
        return principal, csrf

    async def lists_page(self, request: Request) -> Response:
        allowed = self._allowed(request)
        if isinstance(allowed, Response):
            return allowed
        principal, csrf = allowed
        judged = request.query_params.get("judged", "")
        return _private(self.templates.TemplateResponse(request, "lists.html", {
            "csrf": csrf, "user": principal.user, "result": None, "judged": judged}))

    async def link(self, request: Request) -> Response:
        allowed = self._allowed(request)
        if isinstance(allowed, Response):
            return allowed
        principal, csrf = allowed
        form = await request.form(max_files=MAX_LISTS, max_fields=10, max_part_size=MAX_LIST_BYTES)
        self._check_csrf(form, csrf)
        uploads = [f for f in form.getlist("lists") if isinstance(f, UploadFile) and f.filename]
        if len(uploads) < 2:
            raise InputError("upload at least two lists (CSV: id,name[,sex,birth_year,place,date])")
        threshold = _float(form.get("threshold"), 0.8)
        duplicate_free = form.get("duplicate_free") == "on"
        method = "loglinear" if form.get("method") == "loglinear" else "lcmcr"
        with self.store.engine.connect() as conn:
            judged = judgements.constraints(conn)
        with tempfile.TemporaryDirectory(prefix="rightsdesk-lists-") as tmp:
            paths = [await _save(u, Path(tmp)) for u in uploads]
            result = await run_in_threadpool(_link_and_estimate, paths, threshold, duplicate_free, method, judged)
        self._audit(principal, result)
        result["brought_back"] = await run_in_threadpool(bring_back, self.store, self.keyring, principal,
                                                         result.pop("clusters"))
        return _private(self.templates.TemplateResponse(request, "lists.html", {
            "csrf": csrf, "user": principal.user, "result": result, "judged": ""}))

    async def judge(self, request: Request) -> Response:
        """Record a reviewer's confirm or split of one pair (with why); later runs respect it."""
        from rightsdesk.store import audit

        allowed = self._allowed(request)
        if isinstance(allowed, Response):
            return allowed
        principal, csrf = allowed
        form = await request.form(max_files=0, max_fields=8)
        self._check_csrf(form, csrf)
        left, right, decision = (str(form.get(k, "")) for k in ("left", "right", "decision"))
        why, withdraw = str(form.get("why", "")), form.get("withdraw") == "on"
        with self.store.writing() as conn:
            judgements.record(conn, left, right, decision, who=principal.label, why=why, withdraw=withdraw)
            audit.append(conn, self.keyring, actor=principal.label, action="link-judge", target=f"{left} {right}",
                         reason=why, detail={"decision": decision, "withdrawn": withdraw})
        return RedirectResponse(f"/lists?judged={'withdrawn' if withdraw else decision}", status_code=303)

    def _audit(self, principal: Principal, result: dict[str, Any]) -> None:
        from rightsdesk.store import audit

        with self.store.writing() as conn:
            audit.append(conn, self.keyring, actor=principal.label, action="link-lists",
                         target=", ".join(result["summary"]["lists"]),
                         detail={"records": result["summary"]["records"], "clusters": result["summary"]["clusters"],
                                 "review_shown": len(result["review"])})


def _next(request: Request) -> str:
    target = request.query_params.get("next", "/lists")
    # Only a path of this site: not "//host" nor "/\\host" (which browsers read as another host), no scheme.
    safe = target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target
    return target if safe and ":" not in target.split("?")[0] else "/lists"


def _float(value: Any, default: float) -> float:
    try:
        number = float(str(value)) if value not in (None, "") else default
    except ValueError:
        raise InputError(f"threshold {value!r}: expected a number from 0 to 1") from None
    if not 0.0 <= number <= 1.0:
        raise InputError(f"threshold {number}: expected a number from 0 to 1")
    return number


async def _save(upload: UploadFile, folder: Path) -> Path:
    stem = _SAFE_NAME.sub("_", Path(upload.filename or "list").stem)[:60] or "list"
    path = folder / f"{stem}.csv"
    n = 2
    while path.exists():
        path = folder / f"{stem}_{n}.csv"
        n += 1
    data = await upload.read()
    if len(data) > MAX_LIST_BYTES:
        raise TooLargeError(f"{upload.filename}: over {MAX_LIST_BYTES:,} bytes")
    path.write_bytes(data)
    return path


def _link_and_estimate(paths: list[Path], threshold: float, duplicate_free: bool, method: str,
                       judged: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> dict[str, Any]:
    """Link the saved lists (the stored judgements applied) and estimate the total from the clusters (in a
    worker thread)."""
    from rightsdesk.linkage import workflow
    from rightsdesk.linkage.model import LinkOptions
    from rightsdesk.stats import capture, mse
    from rightsdesk.stats.plot import posterior_svg

    linked = workflow.run(paths, LinkOptions(threshold=threshold, duplicate_free=duplicate_free), judged=judged)
    names = [lst.name for lst in linked.lists]
    table = capture.from_patterns(names, linked.capture_patterns())
    estimate = mse.estimate({capture.TOTAL: table}, method)[0]
    plot = ("data:image/svg+xml;base64," + base64.b64encode(posterior_svg(estimate).encode()).decode()
            if estimate.draws is not None else None)
    return {"summary": linked.summary(), "estimate": estimate.as_json(), "plot": plot,
            "review": linked.review_queue(REVIEW_SHOWN), "clusters": linked.cluster_of}
