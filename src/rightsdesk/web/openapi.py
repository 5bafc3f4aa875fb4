"""The OpenAPI 3.1 document of the JSON API, generated from the declared endpoints (`api.ENDPOINTS`)."""

from __future__ import annotations

import re
from typing import Any

from rightsdesk import __version__
from rightsdesk.web import screening_api, tools_pages
from rightsdesk.web.api import ENDPOINTS, Endpoint

ERROR = {"type": "object", "required": ["error", "status"],
         "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}
PAGE = {"type": "object", "required": ["items", "total", "next_cursor"],
        "properties": {"items": {"type": "array", "items": {"type": "object"}}, "total": {"type": "integer"},
                       "next_cursor": {"type": ["string", "null"]}}}


def _operation(ep: Endpoint) -> dict[str, Any]:
    body = {"$ref": "#/components/schemas/Page"} if ep.paged else {}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "summary": ep.summary,
        "operationId": re.sub(r"\W+", "_", ep.path.removeprefix("/api/v1/")).strip("_") or "root",
        "tags": [ep.tag],
        "parameters": [p.schema() for p in ep.params],
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": body}}},
            "400": {"description": "A parameter breaks what this document states of it.", **error},
            "404": {"description": "No such record, or nothing held for what the parameters name (a country no "
                                   "table knows, a year without members).", **error},
            "503": {"description": "The database is not available or not upgraded.", **error},
        },
    }


def openapi_document() -> dict[str, Any]:
    """The whole document."""
    paths = {re.sub(r":\w+}", "}", ep.path): {"get": _operation(ep)} for ep in ENDPOINTS + tools_pages.ENDPOINTS}
    paths.update(screening_api.openapi_paths())
    return {
        "openapi": "3.1.0",
        "info": {"title": "rightsdesk API", "version": __version__,
                 "description": "The UN human rights system as data: UPR recommendations, recorded votes, "
                                "sanctions designations, mechanisms and timelines. Read-only. Errors are "
                                '`{"error": ..., "status": ...}`; lists are paged with `next_cursor`.'},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": {"Error": ERROR, "Page": PAGE}},
    }
