"""The account menu's pages: enrolling in the TOTP second factor (`/account/totp`).

Enrolment takes two steps, so that no account is locked behind a secret its owner never saved: the first POST,
which needs the password again (and the current code when a factor is set, so that a session left open cannot
replace it), makes a secret and shows it once (the otpauth:// URI and the base32 text), carried to the second step only
encrypted in the form (bound to the user and the session's CSRF token, so it cannot be replayed elsewhere); the
second POST stores it when the code typed from the app matches. Both are CSRF-protected, no-store, and the
enrolment is audited as `totp-enrolled` (as `users totp` does on the command line).
"""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from rightsdesk.access import totp
from rightsdesk.errors import AuthenticationError, InputError, StoreError

if TYPE_CHECKING:
    from rightsdesk.web.desk import Desk

NO_STORE = {"Cache-Control": "no-store"}


class AccountPages:
    """The account routes over the desk's store, keyring, templates and sessions."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def routes(self) -> list[Route]:
        """GET shows the state and the form; POST makes a secret (step 1) or confirms it (step 2)."""
        return [Route("/account/totp", self.page, methods=["GET"]), Route("/account/totp", self.enrol,
                                                                          methods=["POST"])]

    def _signed_in(self, request: Request) -> tuple[str, str] | Response:
        self.desk._signer()
        principal, csrf = self.desk.principal(request)
        if principal.anonymous or principal.user is None:
            return RedirectResponse(f"/login?next={request.url.path}" if request.method == "GET" else "/login",
                                    status_code=303)
        return principal.user, csrf

    def _html(self, request: Request, status: int = 200, **context: Any) -> Response:
        return self.desk.templates.TemplateResponse(request, "account_totp.html", context, status_code=status,
                                                    headers=NO_STORE)

    def _enrolled(self, user: str) -> bool:
        from rightsdesk.store.accounts import totp_enrolled

        with self.desk.store.engine.connect() as conn:
            return totp_enrolled(conn, user)

    async def page(self, request: Request) -> Response:
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        user, csrf = signed
        enrolled = await run_in_threadpool(self._enrolled, user)
        done = request.query_params.get("done") == "1"
        return self._html(request, user=user, csrf=csrf, enrolled=enrolled, pending=None, done=done, message="")

    async def enrol(self, request: Request) -> Response:
        signed = self._signed_in(request)
        if isinstance(signed, Response):
            return signed
        user, csrf = signed
        form = await request.form(max_files=0, max_fields=4)
        self.desk._check_csrf(form, csrf)
        ring = self.desk.keyring
        assert ring is not None  # the desk is open: _signer() passed
        aad = f"totp-pending:{user}:{csrf}"
        if not form.get("pending"):  # step 1, after signing in again: a new secret, shown once
            enrolled = await run_in_threadpool(self._enrolled, user)
            try:
                await run_in_threadpool(self._again, user, str(form.get("password", "")),
                                        str(form.get("code", "")) if enrolled else None)
            except AuthenticationError:
                return self._html(request, 400, user=user, csrf=csrf, enrolled=enrolled, pending=None, done=False,
                                  message="Type your password" + (" and the code your current app shows" if enrolled
                                                                  else "") + " to change your second factor.")
            secret = totp.new_secret()
            return self._pending(request, user, csrf, secret, ring.encrypt(secret, aad), "")
        try:
            secret = ring.decrypt_bytes(str(form["pending"]), aad)
        except StoreError:
            raise InputError("the enrolment form is stale: start again") from None
        step = totp.matching_step(secret, str(form.get("code", "")), now=time.time())
        if step is None:
            return self._pending(request, user, csrf, secret, str(form["pending"]),
                                 "That code does not match: type the code your app shows now.", status=400)
        await run_in_threadpool(self._store, user, secret, step)
        return RedirectResponse("/account/totp?done=1", status_code=303)

    def _again(self, user: str, password: str, code: str | None) -> None:
        """Sign `user` in again (password, and the current code when a factor is set; failures count towards the
        lock-out and are audited): a session left open, or taken, cannot set or replace the second factor alone."""
        from rightsdesk.store.accounts import authenticate

        ring = self.desk.keyring
        assert ring is not None
        authenticate(self.desk.store, ring, user, password, code, second_factor=code is not None)

    def _pending(self, request: Request, user: str, csrf: str, secret: bytes, token: str, message: str,
                 status: int = 200) -> Response:
        pending = {"uri": totp.provisioning_uri(secret, user), "token": token,
                   "text": base64.b32encode(secret).decode("ascii")}
        return self._html(request, status, user=user, csrf=csrf, enrolled=False, pending=pending, done=False,
                          message=message)

    def _store(self, user: str, secret: bytes, step: int) -> None:
        from rightsdesk.store import accounts, audit

        ring = self.desk.keyring
        assert ring is not None
        with self.desk.store.writing() as conn:
            accounts.enrol_totp(conn, ring, user, secret, used_step=step)  # its code is used up
            audit.append(conn, ring, actor=user, action="totp-enrolled", target=user, detail={"via": "web"})
