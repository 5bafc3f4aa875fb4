"""POST endpoints for screening: `/api/v1/screen` (batches of queries, ranked candidates) and `/api/v1/match`
(the request and response shape of OpenSanctions' yente `/match`, so tools written for it work unchanged).

The screening index is built from the store on the first request and kept while the sanctions lists stay as
they are: each request asks the store for the lists' content version (one small query) and rebuilds the index
when a load has changed them, so a running server never screens against a list it no longer holds. Bad bodies raise InputError, which the one error handler turns into a 400; a body over MAX_BODY_BYTES is
refused while it streams in (413), JSON nested deeper than Python's parser allows or holding a number of more
than 4,300 digits is a 400. Screening runs in a worker thread, off the event loop, so a large batch never stalls
the other requests the server is answering.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import weakref
from typing import Any

from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rightsdesk.errors import InputError, NotFoundError, TooLargeError
from rightsdesk.model.vocab import SanctionsList
from rightsdesk.screening import THRESHOLD, ScreeningIndex, ScreeningQuery, rank, screen
from rightsdesk.screening.query import OFFERED_SCHEMAS
from rightsdesk.screening.yente import DATASETS, MAX_QUERIES, match_request
from rightsdesk.store import Store, reader
from rightsdesk.web.responses import JSONResponse

_QUERY_FIELDS = {"name", "aliases", "dob", "nationality", "identifiers", "schema", "lists"}


class IndexHolder:
    """The screening index over a store, built on first use and again whenever the lists' content changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: ScreeningIndex | None = None
        self._version = ""
        self._lock = threading.Lock()

    def get(self) -> ScreeningIndex:
        with self._lock, self.store.engine.connect() as conn:
            version = reader.content_version(conn, SanctionsList.ingestors())
            if self._index is None or version != self._version:
                self._index = ScreeningIndex.build(reader.load_designations(conn))
                self._version = version
            return self._index


#: The largest request body accepted: MAX_QUERIES queries of generous size fit well within it.
MAX_BODY_BYTES = 2 * 1024 * 1024


async def _read_bounded(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise TooLargeError(f"the request body is {int(declared):,} bytes; at most {MAX_BODY_BYTES:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise TooLargeError(f"the request body is over {MAX_BODY_BYTES:,} bytes; send the queries in batches")
        chunks.append(chunk)
    return b"".join(chunks)


async def _body(request: Request) -> dict[str, Any]:
    raw = await _read_bounded(request)
    try:
        body = json.loads(raw or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"the request body is not JSON: {exc}") from None
    except RecursionError:
        raise InputError("the request body is nested too deeply") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise InputError(f"the request body holds a number too large: {str(exc)[:60]}") from None
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object")
    return body


def _number(body: dict[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InputError(f"{key!r} must be a number from {low} to {high}")
    return float(value)


def _param(request: Request, key: str, default: float, low: float, high: float) -> float:
    raw = request.query_params.get(key)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{key} must be a number from {low} to {high}") from None
    if not low <= value <= high:
        raise InputError(f"{key} must be a number from {low} to {high}")
    return value


def _query(i: int, raw: Any) -> ScreeningQuery:
    if not isinstance(raw, dict):
        raise InputError(f"queries[{i}]: expected an object with at least a 'name'")
    unknown = set(raw) - _QUERY_FIELDS
    if unknown:
        raise InputError(f"queries[{i}]: unknown field(s) {', '.join(sorted(unknown))}")
    try:
        name = raw.get("name")
        if not isinstance(name, str):
            raise InputError("'name' must be a string")
        aliases = raw.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list):
            raise InputError("'aliases' must be a string or a list of strings")
        return ScreeningQuery.build([name, *aliases], dob=raw.get("dob"), nationality=raw.get("nationality"),
                                    identifiers=raw.get("identifiers") or (), schema=raw.get("schema"),
                                    lists=raw.get("lists"))
    except InputError as exc:
        raise InputError(f"queries[{i}]: {exc}") from None


def routes(store: Store) -> list[Route]:
    """The two POST routes over `store`."""
    holder = IndexHolder(store)

    async def screen_endpoint(request: Request) -> Response:
        body = await _body(request)
        queries = body.get("queries")
        if not isinstance(queries, list) or not queries:
            raise InputError("'queries' must be a non-empty list of objects with a 'name'")
        if len(queries) > MAX_QUERIES:
            raise InputError(f"at most {MAX_QUERIES} queries per request; send {len(queries)} in several")
        limit = int(_number(body, "limit", 10, 1, 100))
        threshold = _number(body, "threshold", THRESHOLD, 0, 1)
        checked = [_query(i, q) for i, q in enumerate(queries)]

        def work() -> list[dict[str, Any]]:
            index = holder.get()
            return [screen(index, q, limit=limit, threshold=threshold) for q in checked]
        return JSONResponse({"threshold": threshold, "responses": await run_in_threadpool(work)})

    async def match_endpoint(request: Request) -> Response:
        dataset = request.path_params.get("dataset", "default")
        if dataset not in DATASETS:
            raise NotFoundError(f"unknown dataset {dataset!r}: one of {', '.join(DATASETS)}")
        body = await _body(request)
        limit = int(_param(request, "limit", 5, 1, 100))
        threshold = _param(request, "threshold", THRESHOLD, 0, 1)
        return JSONResponse(await run_in_threadpool(
            lambda: match_request(holder.get(), body, limit=limit, threshold=threshold, lists=DATASETS[dataset])))

    return [Route("/api/v1/screen", screen_endpoint, methods=["POST"]),
            Route("/api/v1/match", match_endpoint, methods=["POST"]),
            Route("/api/v1/match/{dataset}", match_endpoint, methods=["POST"])]


QUERY_SCHEMA = {
    "type": "object", "required": ["name"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "example": "Cho Yong Won"},
        "aliases": {"type": "array", "items": {"type": "string"}},
        "dob": {"type": "string", "description": "YYYY, YYYY-MM or YYYY-MM-DD", "example": "1957-10-24"},
        "nationality": {"type": "string", "description": "ISO alpha-3 or a country name", "example": "PRK"},
        "identifiers": {"type": "array", "items": {"type": "string"},
                        "description": "passport, national ID or IMO numbers"},
        "schema": {"type": "string", "enum": list(OFFERED_SCHEMAS)},
        "lists": {"type": "array", "items": {"type": "string", "enum": list(SanctionsList.names())}},
    },
}


def openapi_paths() -> dict[str, Any]:
    """The OpenAPI entries of the two POST endpoints."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    screen_body = {"type": "object", "required": ["queries"], "properties": {
        "queries": {"type": "array", "minItems": 1, "maxItems": MAX_QUERIES, "items": QUERY_SCHEMA},
        "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
        "threshold": {"type": "number", "minimum": 0, "maximum": 1, "default": THRESHOLD}}}
    match_body = {"type": "object", "required": ["queries"], "properties": {"queries": {
        "type": "object", "additionalProperties": {"type": "object", "properties": {
            "schema": {"type": "string", "example": "Person"},
            "properties": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}}}}
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}
    threshold = {"name": "threshold", "in": "query", "schema": {"type": "number", "minimum": 0, "maximum": 1}}

    def op(op_id: str, summary: str, body: dict[str, Any], params: list[dict[str, Any]]) -> dict[str, Any]:
        return {"post": {"summary": summary, "operationId": op_id, "tags": ["screening"], "parameters": params,
                         "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                         "responses": {"200": {"description": "Ranked candidates, best first, with explanations.",
                                               "content": {"application/json": {"schema": {"type": "object"}}}},
                                       "400": {"description": "The body cannot be understood.", **error},
                                       "413": {"description": f"The body is over {MAX_BODY_BYTES:,} bytes.",
                                               **error}}}}

    return {
        "/api/v1/screen": op("screen", "Screen a batch of names against the sanctions lists.", screen_body, []),
        "/api/v1/match": op("match", "yente-compatible /match: FollowTheMoney query entities in, scored entities out.",
                            match_body, [limit, threshold]),
    }


# ---- the designation search's name model (issue 11) -----------------------------------------------------------
# A designation search for a name finds what screening finds ("Ri Jaeil" is RI JAE IL at 1.0): the same index,
# one per database, rebuilt when the lists change, as IndexHolder does for the POST endpoints.

_SHARED: weakref.WeakKeyDictionary[Any, tuple[str, ScreeningIndex]] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()
_NAME_WORDS = 6  # a longer search is not a name


def shared_index(conn: Connection) -> ScreeningIndex:
    """The screening index of the database `conn` reads, built on first use and again when the lists change."""
    version = reader.content_version(conn, SanctionsList.ingestors())
    with _SHARED_LOCK:
        held = _SHARED.get(conn.engine)
        if held is None or held[0] != version:
            held = (version, ScreeningIndex.build(reader.load_designations(conn)))
            _SHARED[conn.engine] = held
        return held[1]


def warm_shared_index(store: Store) -> None:
    """Build the shared index of `store`'s database now (in a background thread at start-up); a failure is
    logged, and the first search then builds it."""
    try:
        with store.engine.connect() as conn:
            shared_index(conn)
    except Exception:  # noqa: BLE001  (a warm-up must never stop the server)
        logging.getLogger(__name__).warning("the name index was not built ahead", exc_info=True)


def designation_name_matches(conn: Connection, text: str | None, limit: int = 20) -> list[tuple[str, str, float]]:
    """The designations whose names screening matches to `text` (at or above THRESHOLD), as (list, reference,
    score), best first; none when the text is not a plain name (operators, quotes, prefixes, many words)."""
    words = re.findall(r"[^\W\d_][\w'-]*", text or "", re.UNICODE)
    if not words or len(words) > _NAME_WORDS or re.search(r'["*()]|(^|\s)-|\bOR\b', text or ""):
        return []
    query = ScreeningQuery.build(" ".join(words))
    return [(index.entries[c.entry].designation.list_name, index.entries[c.entry].designation.reference_number,
             round(c.score, 4)) for index in (shared_index(conn),) for c in rank(index, query, limit=limit)
            if c.score >= THRESHOLD]
