"""The response cache: `ResponseCache`, an ASGI middleware remembering whole answers to public GET requests.

A GET of a public page or API call (`PUBLIC`) from a visitor who sends no cookie and no credentials is answered
from memory when the same request was answered before while the store held what it holds now. The key is the
path, the query as sent (the order of repeated parameters can matter), the day (some answers name today), and
one fingerprint (`store.edits.public_version`) of the store's content version (changed by every load) and its
edits version (`store.edits`: labels, link decisions, the search index and vectors, which change without a
load). The fingerprint is asked of the store on every request (two small queries, in a worker thread so that a
slow database never holds up the event loop), so a load, a label or a decision shows on the next request in
every worker and nothing is served stale.

Only a 200 answer is kept, never one that sets a cookie, says `Cache-Control: no-store` or `private`, streams,
or is larger than `MAX_ENTRY` bytes; case data, accounts, sign-in and the SQL page are never in `PUBLIC`.
Entries are forgotten least recently used first past `MAX_BYTES` in all (per worker). Every answer of a cacheable
request carries an `ETag` (a hash of its body); a request whose `If-None-Match` names it gets a 304 without a
body. The security headers are added outside this middleware, so a cached answer and a 304 carry them too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rightsdesk.access import ANONYMOUS
from rightsdesk.errors import RightsdeskError
from rightsdesk.store import Store
from rightsdesk.store.edits import public_version

#: Paths whose GET answers depend on the public data alone (never on who asks): a prefix ending in "/" covers
#: what lies under it; another covers itself and what lies under it ("/coi" and "/coi/x", never "/coin").
PUBLIC = ("/api/v1/", "/country/", "/recommendations", "/votes", "/designations", "/search", "/coalition/",
          "/resolutions/", "/timeline", "/mechanisms", "/council/", "/hrc/", "/sources", "/states", "/coi",
          "/calendar/", "/treaty-bodies/", "/council-vote")
MAX_BYTES = 64 * 1024 * 1024  # per worker
MAX_ENTRY = 2 * 1024 * 1024
_PRIVATE = (b"no-store", b"private")


@dataclass(frozen=True)
class Entry:
    """One remembered answer: its status, headers (with its ETag) and body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class ResponseCache:
    """ASGI middleware: public GET answers remembered per (request, day, content version, edits version)."""

    def __init__(self, app: ASGIApp, store: Store, *, max_bytes: int = MAX_BYTES, max_entry: int = MAX_ENTRY,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.app = app
        self.store = store
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.today = today
        self._held: OrderedDict[tuple[str, ...], Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _version(self) -> str | None:
        """The store's public version, or None when the store cannot say (the request then goes to the app
        uncached, whose error handlers answer for the store: a 503, not a traceback from the middleware)."""
        try:
            with self.store.reading(ANONYMOUS) as session:
                return public_version(session.conn)
        except RightsdeskError:
            return None

    @staticmethod
    def cacheable(scope: Scope) -> bool:
        """A GET of a public path, sent without a cookie or credentials."""
        if scope["type"] != "http" or scope["method"] != "GET" or not _public(scope["path"]):
            return False
        return not any(k in (b"cookie", b"authorization") for k, _ in scope["headers"])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.cacheable(scope):
            await self.app(scope, receive, send)
            return
        version = await run_in_threadpool(self._version)
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"].decode("latin-1"), self.today().isoformat(), version)
        asked = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
        with self._lock:
            entry = self._held.get(key)
            if entry is not None:
                self._held.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
        if entry is not None:
            await _answer(entry, asked, send)
            return
        start: Message = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                start = message
                headers = message.get("headers", [])
                keep = message["status"] == 200 and not any(_private(k.lower(), v.lower()) for k, v in headers)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                if start:  # a streamed answer: passed on as it comes, never kept
                    keep = False
                    await send(start)
                    start = {}
                await send({**message, "body": b"".join(chunks)})
                chunks.clear()
                return
            if not start:  # the end of a streamed answer
                await send({**message, "body": b"".join(chunks)})
                return
            body = b"".join(chunks)
            if start["status"] != 200:  # an error or a redirect: passed on as it is, never kept
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            etag = b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"etag"] + [(b"etag", etag)]
            made = Entry(start["status"], headers, body, etag)
            if keep and len(body) <= self.max_entry:
                self._keep(key, made)
            await _answer(made, asked, send)

        await self.app(scope, receive, capture)

    def _keep(self, key: tuple[str, ...], entry: Entry) -> None:
        with self._lock:
            old = self._held.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._held[key] = entry
            self._bytes += len(entry.body)
            while self._bytes > self.max_bytes and self._held:
                _, gone = self._held.popitem(last=False)
                self._bytes -= len(gone.body)


def _public(path: str) -> bool:
    return any(path.startswith(p) if p.endswith("/") else path == p or path.startswith(p + "/") for p in PUBLIC)


def _private(name: bytes, value: bytes) -> bool:
    """Whether a response header (lower case) says the answer is not to be kept: a cookie, no-store, private."""
    return name == b"set-cookie" or (name == b"cache-control" and any(p in value for p in _PRIVATE))


async def _answer(entry: Entry, asked: bytes | None, send: Send) -> None:
    """The entry, or a 304 with its ETag when the request's If-None-Match names it."""
    if asked is not None and (asked.strip() == b"*" or entry.etag in [t.strip().removeprefix(b"W/")
                                                                      for t in asked.split(b",")]):
        headers = [(k, v) for k, v in entry.headers if k.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": entry.status, "headers": list(entry.headers)})
    await send({"type": "http.response.body", "body": entry.body})
