"""The workbench: server-rendered pages and the JSON API over the store (Starlette, Jinja2, SVG charts).

    app        create_app(store): routes, middleware, error handling; the full-text index brought up to date
    pages      the HTML pages (each also exports CSV and JSON with `format=`)
    api        the JSON API under /api/v1/, declared once and documented in `openapi`
    params     declared parameters: read, checked and described from one place
    errors     the one error edge: RightsdeskError and every other exception to a status
    responses  JSON, CSV/JSON exports and the security headers
    charts     SVG charts drawn on the server
    openapi    the OpenAPI 3.1 document, generated from the declared endpoints
    tools_pages, network, public_sql, screening_api   screening, the COI, calendars, the Council what-if, a
               designation's network, read-only SQL over the public copy, the screening and yente /match API
    desk, cases, labelling   the case desk behind sign-in: list linkage, case pages, verdicts on predicted labels

Thin glue over `store`, `search`, `situation` and `mechanisms`: no business logic of its own.
"""

from rightsdesk.web.app import create_app

__all__ = ["create_app"]
