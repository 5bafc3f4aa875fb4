"""The one error edge of the web app: every exception becomes a status and a message, never a stack trace.

    RightsdeskError                 its kind's status (`errors.HTTP_STATUS`): 400 input, 401 authentication,
                                    403 permission (with its reason), 404 not found, 409 conflict, 429 too
                                    many failed sign-ins (with Retry-After), 503 store
                                    unavailable or not upgraded; store errors say nothing of the database (the
                                    details go to the log only)
    HTTPException                   its own status, with its headers (405 for a wrong method, with `Allow`: the
                                    route's methods, or GET, HEAD for the static files)
    anything else                   500, with a generic message (the details go to the log only)

Under /api the answer is JSON `{"error": ..., "status": ...}`; elsewhere an HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from rightsdesk.errors import RateLimitedError, RightsdeskError, StoreError, http_status
from rightsdesk.web.responses import JSONResponse, security_headers

log = logging.getLogger("rightsdesk.web")
MESSAGES = {404: "Not found.", 405: "Method not allowed.", 500: "Something went wrong on our side.",
            503: "The database is not available or not ready: the operator may need to run `rightsdesk db upgrade`."}


def status_and_message(exc: Exception) -> tuple[int, str]:
    """The HTTP status and the user-facing message for `exc`."""
    if isinstance(exc, HTTPException):
        return exc.status_code, MESSAGES.get(exc.status_code, str(exc.detail))
    if isinstance(exc, StoreError):  # its text names the database and its tables: the log only
        log.error("store error: %s", exc)
        status = http_status(exc)
        return status, MESSAGES.get(status, MESSAGES[500])
    if isinstance(exc, RightsdeskError):
        return http_status(exc), str(exc)
    log.exception("unexpected error", exc_info=exc)
    return 500, MESSAGES[500]


def error_handler(templates: Jinja2Templates) -> Callable[[Request, Exception], Awaitable[Response]]:
    """The handler registered for every exception class."""
    async def handle(request: Request, exc: Exception) -> Response:
        status, message = status_and_message(exc)
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            response: Response = JSONResponse({"error": message, "status": status}, status_code=status)
        else:
            response = templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                                  status_code=status)
        if isinstance(exc, RateLimitedError):
            response.headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, HTTPException):
            response.headers.update(exc.headers or {})
            if status == 405 and "allow" not in response.headers:
                response.headers["Allow"] = "GET, HEAD"  # StaticFiles says 405 without naming what it allows
        response.headers.update(security_headers())  # a 500 leaves by the outermost layer, past the middleware
        return response
    return handle
