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

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rightsdesk.access import ANONYMOUS
from rightsdesk.errors import InputError, NotFoundError, TooLargeError
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.vocab import SanctionsList
from rightsdesk.screening import THRESHOLD, ScreeningIndex, ScreeningQuery, rank, screen
from rightsdesk.screening.query import OFFERED_SCHEMAS
from rightsdesk.screening.yente import DATASETS, MAX_QUERIES, match_request, strings
from rightsdesk.store import ReadSession, Store
from rightsdesk.store.readers.designations import load_designations
from rightsdesk.store.readers.sources import content_version
from rightsdesk.web.params import INTEGER, PARTIAL_DATE_PATTERN
from rightsdesk.web.responses import JSONResponse

_QUERY_FIELDS = {"name", "aliases", "dob", "nationality", "identifiers", "schema", "lists"}
HAS_WORD = r"\w"  # a name must hold a letter or a digit (a name of punctuation would silently match nothing)


class IndexHolder:
    """The screening index over a store: the one index per database that `shared_index` keeps (built on first
    use and again whenever the lists' content changes), so the POST endpoints, /screen and the designation
    search hold one copy between them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self) -> ScreeningIndex:
        with self.store.reading(ANONYMOUS) as session:
            return shared_index(session)


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


def _number(body: dict[str, Any], key: str, default: float, low: float, high: float, *, whole: bool = False) -> float:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high \
            or (whole and not float(value).is_integer()):
        kind = "a whole number" if whole else "a number"
        raise InputError(f"{key!r} must be {kind} from {low} to {high}")
    return float(value)


NUMBER = r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?"  # a number as JSON (and the document) writes it


def _param(request: Request, key: str, default: float, low: float, high: float, *, whole: bool = False) -> float:
    raw = request.query_params.get(key)
    if raw is None:
        return default
    kind = "a whole number" if whole else "a number"
    if not re.fullmatch(INTEGER if whole else NUMBER, raw) or not low <= float(raw) <= high:
        raise InputError(f"{key} must be {kind} from {low} to {high}")
    return float(raw)


def _strings(value: Any, field: str) -> list[str]:
    return strings(value, repr(field))


def known_nationalities(values: list[str]) -> tuple[list[str], list[str]]:
    """The nationality values that name a country, and a warning for each that names none: an unknown spelling
    leaves that query's nationality unused instead of failing a whole batch (yente does the same)."""
    known, warnings = [], []
    for value in (v for v in values if v.strip()):
        try:
            if resolve_country(value):
                known.append(value)
        except InputError:
            warnings.append(f"nationality {value[:60]!r} names no country known here; not used")
    return known, warnings


def _query(i: int, raw: Any) -> tuple[ScreeningQuery, list[str]]:
    """A checked query of a /screen body, with its warnings; InputError (naming the query) for what the OpenAPI
    document does not allow."""
    if not isinstance(raw, dict):
        raise InputError(f"queries[{i}]: expected an object with at least a 'name'")
    unknown = set(raw) - _QUERY_FIELDS
    if unknown:
        raise InputError(f"queries[{i}]: unknown field(s) {', '.join(repr(u) for u in sorted(unknown))}")
    try:
        name = raw.get("name")
        if not isinstance(name, str):
            raise InputError("'name' must be a string")
        if not re.search(HAS_WORD, name):
            raise InputError("empty name: a screening query needs a name with letters or digits")
        dob = _strings(raw.get("dob"), "dob")
        if bad := [d for d in dob if not re.search(PARTIAL_DATE_PATTERN, d)]:
            raise InputError(f"dob {bad[0][:40]!r}: expected YYYY, YYYY-MM or YYYY-MM-DD (a day that exists)")
        schema = raw.get("schema")
        if schema is not None and schema not in OFFERED_SCHEMAS:
            raise InputError(f"unknown schema {schema!r}: expected one of {', '.join(OFFERED_SCHEMAS)}")
        nationality, warnings = known_nationalities(_strings(raw.get("nationality"), "nationality"))
        query = ScreeningQuery.build([name, *_strings(raw.get("aliases"), "aliases")], dob=dob,
                                     nationality=nationality, identifiers=_strings(raw.get("identifiers"),
                                                                                    "identifiers"),
                                     schema=schema, lists=_strings(raw.get("lists"), "lists") or None)
        return query, warnings
    except InputError as exc:
        raise InputError(f"queries[{i}]: {exc}") from None


def routes(store: Store, holder: IndexHolder | None = None) -> list[Route]:
    """The two POST routes over `store` (screening with `holder`'s index, shared with the /screen page)."""
    holder = holder or IndexHolder(store)

    async def screen_endpoint(request: Request) -> Response:
        body = await _body(request)
        queries = body.get("queries")
        if not isinstance(queries, list) or not queries:
            raise InputError("'queries' must be a non-empty list of objects with a 'name'")
        if len(queries) > MAX_QUERIES:
            raise InputError(f"at most {MAX_QUERIES} queries per request; send {len(queries)} in several")
        limit = int(_number(body, "limit", 10, 1, 100, whole=True))
        threshold = _number(body, "threshold", THRESHOLD, 0, 1)
        checked = [_query(i, q) for i, q in enumerate(queries)]

        def work() -> list[dict[str, Any]]:
            index = holder.get()
            return [screen(index, q, limit=limit, threshold=threshold) | ({"warnings": w} if w else {})
                    for q, w in checked]
        return JSONResponse({"threshold": threshold, "responses": await run_in_threadpool(work)})

    async def match_endpoint(request: Request) -> Response:
        dataset = request.path_params.get("dataset", "default")
        if dataset not in DATASETS:
            raise NotFoundError(f"unknown dataset {dataset!r}: one of {', '.join(DATASETS)}")
        body = match_body(await _body(request))
        limit = int(_param(request, "limit", 5, 1, 100, whole=True))
        threshold = _param(request, "threshold", THRESHOLD, 0, 1)
        queries = body["queries"]
        asked = {k: e for k, e in queries.items() if named(e)}

        def work() -> dict[str, Any]:
            answer: dict[str, Any] = match_request(holder.get(), {**body, "queries": asked}, limit=limit,
                                                   threshold=threshold, lists=DATASETS[dataset]) \
                if asked else {"responses": {}, "limit": limit}
            found: dict[str, Any] = answer["responses"]
            answer["responses"] = {k: found[k] if k in asked else unnamed_response(e) for k, e in queries.items()}
            return answer
        return JSONResponse(await run_in_threadpool(work))

    return [Route("/api/v1/screen", screen_endpoint, methods=["POST"]),
            Route("/api/v1/match", match_endpoint, methods=["POST"]),
            Route("/api/v1/match/{dataset}", match_endpoint, methods=["POST"])]


# FollowTheMoney's schema names a yente client may send, and the properties that carry a name.
FTM_SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane", "Thing")
NAME_PROPERTIES = ("name", "alias", "firstName", "middleName", "fatherName", "lastName")


def named(entity: dict[str, Any]) -> bool:
    """Whether a checked /match entity carries a name with a letter or digit (one without is answered, in the
    batch, with its own status 400 and no results)."""
    return any(re.search(HAS_WORD, v) for prop in NAME_PROPERTIES for v in entity["properties"].get(prop, []))


def unnamed_response(entity: dict[str, Any]) -> dict[str, Any]:
    """The yente-shaped answer to a query entity without a name: status 400 for that query alone."""
    return {"status": 400, "error": "empty name: give a name (or alias, firstName, lastName) with letters or digits",
            "query": entity, "results": [], "total": {"value": 0, "relation": "eq"}}


def match_body(body: dict[str, Any]) -> dict[str, Any]:
    """A /match body checked against what the OpenAPI document states of it (InputError otherwise), with the
    nationality and country values that name no known country left out, as yente leaves them."""
    queries = body.get("queries")
    if not isinstance(queries, dict) or not queries:
        raise InputError("a match request needs a non-empty 'queries' object")
    if len(queries) > MAX_QUERIES:
        raise InputError(f"at most {MAX_QUERIES} queries per request; send {len(queries)} in several")
    out = {}
    for key, entity in queries.items():
        if not isinstance(entity, dict):
            raise InputError(f"query {key!r}: expected an entity object")
        schema = entity.get("schema", "Thing")
        if schema not in FTM_SCHEMAS:
            raise InputError(f"query {key!r}: 'schema' must be one of {', '.join(FTM_SCHEMAS)}")
        props = entity.get("properties")
        if not isinstance(props, dict):
            raise InputError(f"query {key!r}: 'properties' must be an object of lists of strings")
        try:
            values = {prop: _strings(value if value is not None else 0, prop) for prop, value in props.items()}
        except InputError as exc:
            raise InputError(f"query {key!r}: {exc}") from None
        if bad := [d for d in values.get("birthDate", []) if not re.search(PARTIAL_DATE_PATTERN, d)]:
            raise InputError(f"query {key!r}: birthDate {bad[0][:40]!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        for prop in ("nationality", "country"):
            if prop in values:
                values[prop] = known_nationalities(values[prop])[0]
        out[key] = {**entity, "schema": schema, "properties": values}
    return {**body, "queries": out}


def _strings_of(item: dict[str, Any], description: str = "") -> dict[str, Any]:
    """One string, a list of them or null: how every list-like field of a query may be given."""
    return {"anyOf": [{"type": "null"}, item, {"type": "array", "items": item}],
            **({"description": description} if description else {})}


_DATE = {"type": "string", "pattern": PARTIAL_DATE_PATTERN}
_NAMED = {"type": "string", "pattern": r"[\p{L}\p{N}_]"}  # HAS_WORD as the document's (ECMA) patterns spell it
QUERY_SCHEMA = {
    "type": "object", "required": ["name"], "additionalProperties": False,
    "properties": {
        "name": {**_NAMED, "example": "Cho Yong Won", "description": "holds at least one letter or digit"},
        "aliases": _strings_of({"type": "string"}),
        "dob": _strings_of(_DATE, "YYYY, YYYY-MM or YYYY-MM-DD (a day that exists)"),
        "nationality": _strings_of({"type": "string"}, "ISO alpha-3 or a country name; a value that names no "
                                                       "known country is left unused, with a warning"),
        "identifiers": _strings_of({"type": "string"}, "passport, national ID or IMO numbers"),
        "schema": {"anyOf": [{"type": "null"}, {"type": "string", "enum": list(OFFERED_SCHEMAS)}]},
        "lists": _strings_of({"type": "string", "enum": list(SanctionsList.names())}),
    },
}


def _entity_schema() -> dict[str, Any]:
    """A FollowTheMoney query entity as /match takes it: a schema, and properties of which one carries a name."""
    value = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    dates = {"anyOf": [_DATE, {"type": "array", "items": _DATE}]}
    return {"type": "object", "required": ["properties"], "properties": {
        "schema": {"type": "string", "enum": list(FTM_SCHEMAS), "default": "Thing"},
        "properties": {"type": "object", "additionalProperties": value, "properties": {"birthDate": dates},
                       "description": "An entity with no name (name, alias, firstName, middleName, fatherName or "
                                      "lastName with a letter or digit) is answered with its own status 400 and no "
                                      "results; the others in the batch are screened."}}}


def openapi_paths() -> dict[str, Any]:
    """The OpenAPI entries of the POST endpoints."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    screen_body = {"type": "object", "required": ["queries"], "properties": {
        "queries": {"type": "array", "minItems": 1, "maxItems": MAX_QUERIES, "items": QUERY_SCHEMA},
        "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
        "threshold": {"type": "number", "minimum": 0, "maximum": 1, "default": THRESHOLD}}}
    match_body_schema = {"type": "object", "required": ["queries"], "properties": {"queries": {
        "type": "object", "minProperties": 1, "maxProperties": MAX_QUERIES, "additionalProperties": _entity_schema()}}}
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 5}}
    threshold = {"name": "threshold", "in": "query",
                 "schema": {"type": "number", "minimum": 0, "maximum": 1, "default": THRESHOLD}}
    dataset = {"name": "dataset", "in": "path", "required": True, "schema": {"type": "string", "enum": list(DATASETS)},
               "description": "yente's dataset name: which lists to screen against"}

    def op(op_id: str, summary: str, body: dict[str, Any], params: list[dict[str, Any]]) -> dict[str, Any]:
        return {"post": {"summary": summary, "operationId": op_id, "tags": ["screening"], "parameters": params,
                         "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                         "responses": {"200": {"description": "Ranked candidates, best first, with explanations.",
                                               "content": {"application/json": {"schema": {"type": "object"}}}},
                                       "400": {"description": "The body breaks what this document states.", **error},
                                       "404": {"description": "No such dataset.", **error},
                                       "413": {"description": f"The body is over {MAX_BODY_BYTES:,} bytes.",
                                               **error},
                                       "503": {"description": "The database is not available.", **error}}}}

    return {
        "/api/v1/screen": op("screen", "Screen a batch of names against the sanctions lists.", screen_body, []),
        "/api/v1/match": op("match", "yente-compatible /match: FollowTheMoney query entities in, scored entities out.",
                            match_body_schema, [limit, threshold]),
        "/api/v1/match/{dataset}": op("match_dataset", "yente-compatible /match against one dataset's lists.",
                                      match_body_schema, [dataset, limit, threshold]),
    }


# ---- the designation search's name model (issue 11) -----------------------------------------------------------
# A designation search for a name finds what screening finds ("Ri Jaeil" is RI JAE IL at 1.0): the same index,
# one per database, rebuilt when the lists change, as IndexHolder does for the POST endpoints.

_SHARED: weakref.WeakKeyDictionary[Any, tuple[str, ScreeningIndex]] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()
_NAME_WORDS = 6  # a longer search is not a name


def shared_index(session: ReadSession) -> ScreeningIndex:
    """The screening index of the database `session` reads, built on first use and again when the lists
    change."""
    version = content_version(session, SanctionsList.ingestors())
    engine = session.conn.engine
    with _SHARED_LOCK:
        held = _SHARED.get(engine)
        if held is None or held[0] != version:
            held = (version, ScreeningIndex.build(load_designations(session)))
            _SHARED[engine] = held
        return held[1]


def warm_shared_index(store: Store) -> None:
    """Build the shared index of `store`'s database now (in a background thread at start-up); a failure is
    logged, and the first search then builds it."""
    try:
        with store.reading(ANONYMOUS) as session:
            shared_index(session)
    except Exception:  # noqa: BLE001  (a warm-up must never stop the server)
        logging.getLogger(__name__).warning("the name index was not built ahead", exc_info=True)


def designation_name_matches(session: ReadSession, text: str | None, limit: int = 20) -> list[tuple[str, str, float]]:
    """The designations whose names screening matches to `text` (at or above THRESHOLD), as (list, reference,
    score), best first; none when the text is not a plain name (operators, quotes, prefixes, many words)."""
    words = re.findall(r"[^\W\d_][\w'-]*", text or "", re.UNICODE)
    if not words or len(words) > _NAME_WORDS or re.search(r'["*()]|(^|\s)-|\bOR\b', text or ""):
        return []
    query = ScreeningQuery.build(" ".join(words))
    return [(index.entries[c.entry].designation.list_name, index.entries[c.entry].designation.reference_number,
             round(c.score, 4)) for index in (shared_index(session),) for c in rank(index, query, limit=limit)
            if c.score >= THRESHOLD]
