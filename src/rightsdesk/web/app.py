"""The workbench: `create_app(store)` builds the Starlette app serving the pages, the JSON API and the assets.

Read-only over the public data. Every asset is served from the package (nothing from a CDN). The full-text
index is brought up to date once, when the app is created. Errors are handled in `errors.py` only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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
from rightsdesk.errors import RightsdeskError
from rightsdesk.model.essay import essay_reference
from rightsdesk.model.vocab import SanctionsList, SubjectKind
from rightsdesk.search import ensure_index
from rightsdesk.store import Store
from rightsdesk.web import screening_api
from rightsdesk.web.api import ENDPOINTS, Endpoint
from rightsdesk.web.desk import Desk
from rightsdesk.web.errors import error_handler
from rightsdesk.web.labelling import Labelling
from rightsdesk.web.openapi import openapi_document
from rightsdesk.web.pages import Pages
from rightsdesk.web.params import read_params
from rightsdesk.web.responses import JSONResponse, SecurityHeaders

HERE = Path(__file__).parent


def url_with(request: Request, **changes: Any) -> str:
    """The current URL with some query parameters changed (None removes one); the cursor is always reset."""
    params = {k: v for k, v in request.query_params.items() if k != "cursor"}
    for key, value in changes.items():
        key = key.rstrip("_")
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(url_with=url_with, version=__version__, sanctions_lists=SanctionsList.names(),
                                 subject_kinds=tuple(k.value for k in SubjectKind), essay_reference=essay_reference())
    return templates


def _api_route(store: Store, ep: Endpoint) -> Route:
    def endpoint(request: Request) -> Response:
        args = read_params(ep.params, request.query_params, request.path_params)
        with store.reading(ANONYMOUS) as session:
            return JSONResponse(ep.handler(session.conn, args))
    return Route(ep.path, endpoint, name=ep.path)


def create_app(store: Store, *, index: bool = True, keyring: Any = None) -> Starlette:
    """The workbench over `store`; with `index`, the full-text index is brought up to date first. With a
    `keyring` (the database key) the case desk opens: sign-in and the victim-lists page (`desk.py`)."""
    if index:
        with store.writing() as conn:
            ensure_index(conn)
    templates = _templates()
    document = openapi_document()
    routes: list[BaseRoute] = [_api_route(store, ep) for ep in ENDPOINTS]
    routes += screening_api.routes(store)
    routes += [Route("/openapi.json", lambda r: JSONResponse(document)),
               Route("/api", lambda r: templates.TemplateResponse(r, "api.html", {"endpoints": ENDPOINTS})),
               Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    desk = Desk(store, keyring, templates)
    labelling = Labelling(store, desk)
    routes += desk.routes() + labelling.routes()
    routes += Pages(store, templates, labelling).routes()
    handler = error_handler(templates)
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                     exception_handlers={HTTPException: handler, RightsdeskError: handler, Exception: handler})


def app_from_env() -> Starlette:
    """The workbench over the store named by RIGHTSDESK_DB_URL: the factory each `serve --workers` process calls.

    The index is left as the parent process made it, so that workers do not rebuild it side by side.
    """
    from rightsdesk.settings import Settings

    return create_app(Store.open(Settings.from_env().db_url), index=False, keyring=desk_keyring())


def desk_keyring() -> Any:
    """The database key from the environment, or None when none is set (the case desk stays closed)."""
    from rightsdesk.cases.crypto import keyring_from_env
    from rightsdesk.errors import InputError

    try:
        return keyring_from_env()
    except InputError:
        return None
