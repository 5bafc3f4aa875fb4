"""The workbench: `create_app(store)` builds the Starlette app serving the pages, the JSON API and the assets.

Read-only over the public data. Every asset is served from the package (nothing from a CDN). The full-text
index is brought up to date once, when the app is created. Errors are handled in `errors.py` only.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote_plus, urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from rightsdesk import __version__
from rightsdesk.access import ANONYMOUS
from rightsdesk.errors import InputError, NotFoundError, RightsdeskError, TooLargeError, UnknownCountryError
from rightsdesk.mechanisms.upr_reviews import ACTION_CATEGORIES
from rightsdesk.model.essay import essay_reference
from rightsdesk.model.vocab import SanctionsList, SubjectKind
from rightsdesk.pipeline import reindex
from rightsdesk.store import Store
from rightsdesk.web import screening_api, tools_pages
from rightsdesk.web.account import AccountPages
from rightsdesk.web.api import ENDPOINTS, Endpoint
from rightsdesk.web.cache import ResponseCache
from rightsdesk.web.cases import CasePages
from rightsdesk.web.desk import Desk
from rightsdesk.web.display import essay_links, state_name
from rightsdesk.web.errors import error_handler
from rightsdesk.web.labelling import Labelling
from rightsdesk.web.memo import ContentMemo
from rightsdesk.web.openapi import openapi_document
from rightsdesk.web.pages import Pages
from rightsdesk.web.params import read_params
from rightsdesk.web.public_sql import PublicSql
from rightsdesk.web.responses import JSONResponse, SecurityHeaders

HERE = Path(__file__).parent


def _kept(request: Request) -> list[tuple[str, str]]:
    """The current query's parameters but the cursor, each as (name, "name=value" encoded as `urlencode` does),
    worked out once a request: a list page asks for a hundred or more links from the same query."""
    kept: list[tuple[str, str]] | None = request.scope.get("rightsdesk.url_kept")
    if kept is None:
        kept = [(k, f"{quote_plus(k)}={quote_plus(v)}") for k, v in request.query_params.multi_items() if k != "cursor"]
        request.scope["rightsdesk.url_kept"] = kept
    return kept


def url_with(request: Request, **changes: Any) -> str:
    """The current URL with some query parameters changed (None removes one, a tuple or list gives it several
    values; repeated parameters not changed are kept); the cursor is always reset."""
    changed = {key.rstrip("_"): value for key, value in changes.items()}
    items = [pair for k, pair in _kept(request) if k not in changed]
    for key, value in changed.items():
        for one in value if isinstance(value, (list, tuple)) else (value,):
            if one is not None and one != "":
                items.append(f"{quote_plus(key)}={quote_plus(str(one))}")
    return request.url.path + ("?" + "&".join(items) if items else "")


def url_without(request: Request, key: str, value: Any) -> str:
    """The current URL without one value of a (maybe repeated) parameter; the cursor is reset."""
    items = [(k, v) for k, v in request.query_params.multi_items()
             if k != "cursor" and not (k == key and v.casefold() == str(value).casefold())]
    return request.url.path + ("?" + urlencode(items) if items else "")


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.auto_reload = False  # the templates ship with the package: no stat of each file on every render
    templates.env.globals.update(url_with=url_with, url_without=url_without, version=__version__,
                                 sanctions_lists=SanctionsList.names(),
                                 subject_kinds=tuple(k.value for k in SubjectKind), essay_reference=essay_reference(),
                                 action_categories=ACTION_CATEGORIES)
    templates.env.filters.update(state_name=state_name, essay_links=essay_links,
                                 basename=lambda p: PurePath(str(p or "").replace("\\", "/")).name)
    return templates


def _api_route(store: Store, ep: Endpoint, memo: ContentMemo) -> Route:
    """The route of one endpoint. Its parameters are checked against what the OpenAPI document states of them (a
    400 when a request breaks that); a request that keeps to the document and still names nothing the store or
    the library holds (a country no table knows, a year without members, a symbol of no recorded vote) is a 404,
    so that every request the document allows is answered (issue 15, 7)."""
    def endpoint(request: Request) -> Response:
        try:
            args = read_params(ep.params, request.query_params, request.path_params)
        except UnknownCountryError as exc:
            raise NotFoundError(str(exc)) from None
        with store.reading(ANONYMOUS) as session:
            try:
                if not ep.remembered:
                    return JSONResponse(ep.handler(session, args))
                key = (ep.path, repr(sorted(args.items())), dt.date.today())
                body = memo.get(session, key, lambda: JSONResponse(ep.handler(session, args)).body)
                return Response(body, media_type="application/json")
            except TooLargeError:
                raise
            except InputError as exc:
                raise NotFoundError(str(exc)) from None
    return Route(ep.path, endpoint, name=ep.path, methods=["GET", "HEAD"])


def create_app(store: Store, *, index: bool = True, keyring: Any = None, public_db: Path | None = None,
               warm: bool = False, cache: bool = True) -> Starlette:
    """The workbench over `store`; with `index`, the full-text index is brought up to date first. With a
    `keyring` (the database key) the case desk opens: sign-in and the victim-lists page (`desk.py`), and the case
    pages (`cases.py`). With `public_db` (a file made by `rightsdesk publish`) the read-only SQL page runs over it
    (`public_sql.py`). With `warm` (as `serve` does), the designation search's name index is built in the background at once, so the
    first name searched does not wait for it. With `cache` (the default), public GET answers are remembered while the
    store's content and edits stay the same (`cache.py`)."""
    if index:
        reindex(store, vectors=False)
    if warm:
        threading.Thread(target=screening_api.warm_shared_index, args=(store,), daemon=True).start()
    templates = _templates()
    document = openapi_document()
    memo = ContentMemo()
    routes: list[BaseRoute] = [_api_route(store, ep, memo) for ep in ENDPOINTS + tools_pages.ENDPOINTS]
    screening_index = screening_api.IndexHolder(store)
    routes += screening_api.routes(store, screening_index)
    routes += tools_pages.Tools(store, templates, screening_index.get).routes()  # /screen, /coi, /calendar, ...
    routes += PublicSql(public_db, templates).routes()
    routes += [Route("/openapi.json", lambda r: JSONResponse(document)),
               Route("/api", lambda r: templates.TemplateResponse(r, "api.html", {"endpoints": ENDPOINTS + tools_pages.ENDPOINTS})),
               Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    desk = Desk(store, keyring, templates)
    case_pages = CasePages(desk)
    labelling = Labelling(store, desk)
    routes += desk.routes() + case_pages.routes() + AccountPages(desk).routes() + labelling.routes()
    pages = Pages(store, templates, labelling)
    pages.case_hook = case_pages.designation_cases
    routes += pages.routes()
    handler = error_handler(templates)
    middleware = [Middleware(SecurityHeaders)] + ([Middleware(ResponseCache, store=store)] if cache else [])
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={HTTPException: handler, RightsdeskError: handler, Exception: handler})


def app_from_env() -> Starlette:
    """The workbench over the store named by RIGHTSDESK_DB_URL: the factory each `serve --workers` process calls.

    The index is left as the parent process made it, so that workers do not rebuild it side by side.
    """
    from rightsdesk.settings import Settings
    from rightsdesk.situation.pack import use_pack

    settings = Settings.from_env()
    if settings.situation:  # the pack `serve` checked and named for its workers
        use_pack(settings.situation)
    public = os.environ.get("RIGHTSDESK_PUBLIC_DB")
    return create_app(Store.open(settings.db_url), index=False, keyring=desk_keyring(),
                      public_db=Path(public) if public else None, warm=True)


def desk_keyring() -> Any:
    """The database key from the environment, or None when none is set (the case desk stays closed)."""
    from rightsdesk.cases.crypto import keyring_from_env
    from rightsdesk.errors import InputError

    try:
        return keyring_from_env()
    except InputError:
        return None
