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
_VOTE = {"type": "object", "properties": {"country": {"type": "string"}, "vote": {"type": "string"},
                                         "name": {"type": ["string", "null"]},
                                         "regional_group": {"type": ["string", "null"]}}}
ROLL_CALL = {
    "type": "object",
    "required": ["symbol", "rcid", "date", "yes", "no", "abstain", "votes", "absent"],
    "properties": {
        "symbol": {"type": "string"}, "rcid": {"type": "integer"}, "date": {"type": ["string", "null"]},
        "session": {"type": "integer"}, "title": {"type": ["string", "null"]}, "description": {"type": ["string", "null"]},
        "important_vote": {"type": "boolean"}, "yes": {"type": "integer"}, "no": {"type": "integer"},
        "abstain": {"type": "integer"}, "issues": {"type": "array", "items": {"type": "string"}},
        "other_roll_calls": {"type": "array", "items": {"type": "integer"}},
        "votes": {"type": "array", "items": _VOTE},
        "absent": {"type": "array", "items": {"type": "string"},
                   "description": "The members absent, by country code: a member that day (a recorded vote on or "
                                  "before it and one on or after it) that cast no vote in this roll call; as "
                                  "`rightsdesk votes --json` and the roll-call page count them."},
    },
}
SCHEMAS = {"Error": ERROR, "Page": PAGE, "RollCall": ROLL_CALL}


def _operation(ep: Endpoint) -> dict[str, Any]:
    body = ({"$ref": "#/components/schemas/Page"} if ep.paged else
            {"$ref": f"#/components/schemas/{ep.body}"} if ep.body else {})
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
        "components": {"schemas": SCHEMAS},
    }
