"""Response helpers: JSON with dates as ISO text, CSV and JSON exports, and the security headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette import responses
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rightsdesk.export import csv_text, json_text

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def security_headers() -> dict[str, str]:
    """The headers every response carries."""
    return {"content-security-policy": CSP, "x-content-type-options": "nosniff",
            "referrer-policy": "same-origin", "x-frame-options": "DENY",
            "cross-origin-opener-policy": "same-origin"}


class JSONResponse(responses.JSONResponse):
    """JSON, UTF-8, with anything not JSON-native (dates) as text."""

    def render(self, content: Any) -> bytes:
        return json_text(content, indent=None).encode("utf-8")


def export(rows: Sequence[dict[str, Any]], fmt: str, name: str,
           columns: Sequence[str] = ()) -> responses.Response:
    """Rows as a CSV download or a JSON array, through the one exporter (`rightsdesk.export`: lists of plain values
    joined with '; ', anything nested as JSON, formulas made inert); `columns` head an empty CSV."""
    if fmt == "json":
        response: responses.Response = JSONResponse(list(rows))
    else:
        text = csv_text(rows, list(rows[0].keys()) if rows else list(columns))
        response = responses.Response(text, media_type="text/csv; charset=utf-8")
    response.headers["content-disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class SecurityHeaders:
    """ASGI middleware adding `security_headers()` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in security_headers().items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in self.headers if h[0] not in present]
            await send(message)

        await self.app(scope, receive, with_headers)
