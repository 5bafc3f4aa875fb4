"""Response helpers: JSON with dates as ISO text, CSV and JSON exports, and the security headers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from starlette import responses
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rightsdesk.cases.service import inert_cell

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
        return json.dumps(content, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


def export(rows: Sequence[dict[str, Any]], fmt: str, name: str,
           columns: Sequence[str] = ()) -> responses.Response:
    """Rows as a CSV download (lists joined with '; ', formulas made inert) or a JSON array; `columns` head an
    empty CSV."""
    if fmt == "json":
        response: responses.Response = JSONResponse(list(rows))
    else:
        out = io.StringIO()
        columns = list(rows[0].keys()) if rows else list(columns)
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: inert_cell("; ".join(map(str, v)) if isinstance(v, list) else v)
                             for k, v in row.items()})
        response = responses.Response(out.getvalue(), media_type="text/csv; charset=utf-8")
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
