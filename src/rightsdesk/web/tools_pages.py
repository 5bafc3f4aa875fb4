"""Workbench pages for what was command-line only: screening names (one, or a CSV of many), the Commission of
Inquiry's recommendations, a state's calendar and treaty bodies, the Security Council what-if, and the list of
states with their overviews.

Each handler reads its parameters, calls the library function the CLI command calls (`screening.screen`,
`situation.records.coi_recommendations`, `situation.calendar.calendar`, `situation.treaty_reviews`,
`situation.council.what_if`) and renders one template; `format=json` or `format=csv` answers the same data
(shareable URLs, the same as the page's). Errors are raised and reach the one error edge (`errors.py`).

The screening upload (POST /screen) is a form with a CSRF token: a double-submit cookie (`rd_form`, random,
HttpOnly, SameSite=Strict) whose value the form echoes; a POST whose token is missing or differs is refused
(403). The uploaded file is read in memory for the request only: nothing of it is stored, indexed or logged.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from rightsdesk.errors import InputError, PermissionDeniedError, TooLargeError
from rightsdesk.export import csv_text
from rightsdesk.mechanisms.memberships import council_members, council_years, ratifications
from rightsdesk.mechanisms.rules import CouncilVoteKind, VoteOutcome
from rightsdesk.model.countries import REGIONAL_GROUPS, countries, existing_state
from rightsdesk.model.vocab import SanctionsList
from rightsdesk.screening import THRESHOLD, ScreeningQuery, screen
from rightsdesk.screening.csvfile import decode, parse_queries, result_rows
from rightsdesk.screening.query import OFFERED_SCHEMAS
from rightsdesk.screening.yente import MAX_QUERIES
from rightsdesk.situation.calendar import calendar
from rightsdesk.situation.council import what_if
from rightsdesk.situation.records import COI_STATUSES, coi_recommendations
from rightsdesk.situation.treaty_reviews import treaty_reviews
from rightsdesk.store import Store
from rightsdesk.web.api import Endpoint
from rightsdesk.web.params import Param, read_params
from rightsdesk.web.responses import JSONResponse, export

FORM_COOKIE = "rd_form"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
FORMAT = Param("format", "Answer as data: csv or json.", enum=("csv", "json"))
SCREEN_PARAMS = (
    Param("name", "The name to screen, in any script."),
    Param("dob", "Date of birth: YYYY, YYYY-MM or YYYY-MM-DD."),
    Param("nationality", "Nationality: ISO alpha-3 code or a country name."),
    Param("schema", "What the name is of.", enum=OFFERED_SCHEMAS, default="thing"),
    Param("list", "Screen against one list only.", enum=SanctionsList.names()),
    Param("limit", "Candidates to show.", int, minimum=1, maximum=50, default=10),
)
COI_PARAMS = (Param("status", "Only recommendations of this status.", enum=COI_STATUSES),
              Param("addressee", "Only recommendations to this addressee (PRK, CHN, SC, SG, HRC, states, UN)."))
VOTE_KINDS = ("substantive", "procedural")
POSITIONS = ("yes", "no", "abstain")


def _states(values: Sequence[str]) -> list[str]:
    """States named in repeated values or comma-separated lists (`no=CHN&no=RUS`, `no=CHN,RUS`)."""
    return [existing_state(v).iso3 for value in values for v in value.split(",") if v.strip()]


def _council_vote(year: int, kind: str, given: Mapping[str, Sequence[str]], predict: bool) -> VoteOutcome:
    vote_kind: CouncilVoteKind = "procedural" if kind == "procedural" else "substantive"
    return what_if(year, vote_kind, given["yes"], given["no"], given["abstain"], predict=predict)


def _year_param() -> Param:
    years = council_years()
    return Param("year", "The Council of this year votes.", int, minimum=years.start, maximum=years.stop - 1,
                 default=2024)


KIND = Param("kind", "Procedural (nine votes) or substantive (nine votes, no veto).", enum=VOTE_KINDS,
             default="substantive")
PREDICT = Param("predict", "Predict unnamed members from their past GA votes on the DPRK.", enum=("on", "1", "true"))
STATE = Param("iso3", "A state: ISO 3166 alpha-3 code or name.", where="path")
#: The same data as JSON under /api/v1/ (declared like `api.ENDPOINTS`, and in the OpenAPI document).
ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("/api/v1/coi", "The Commission of Inquiry's recommendations with status, evidence and citation.",
             COI_PARAMS, lambda c, a: _coi_rows(a["status"], a["addressee"]), tag="situation"),
    Endpoint("/api/v1/calendar/{iso3}", "A state's next expected dates, each with its rule.", (STATE,),
             lambda c, a: [e.as_dict() for e in calendar(existing_state(a["iso3"]).iso3)], tag="situation"),
    Endpoint("/api/v1/treaty-bodies/{iso3}", "The treaty bodies that review a state, from its ratifications.",
             (STATE,), lambda c, a: treaty_reviews(existing_state(a["iso3"]).iso3), tag="situation"),
    Endpoint("/api/v1/council-vote", "Security Council what-if: would a draft pass, and why.",
             (_year_param(), KIND, PREDICT,
              *(Param(p, f"Members voting {p}: ISO codes, comma-separated.") for p in POSITIONS)),
             lambda c, a: _council_vote(a["year"], a["kind"], {p: _states([a[p] or ""]) for p in POSITIONS},
                                        bool(a["predict"])).as_dict(), tag="situation"),
)


def _coi_rows(status: str | None, addressee: str | None) -> list[dict[str, Any]]:
    return [r for r in (x.as_dict() for x in coi_recommendations()) if (not status or r["status"] == status)
            and (not addressee or r["addressee"].casefold() == addressee.casefold())]


class Tools:
    """The page handlers over one store; `index` gives the screening index (shared with the screening API)."""

    def __init__(self, store: Store, templates: Jinja2Templates, index: Callable[[], Any]) -> None:
        self.store = store
        self.templates = templates
        self.index = index

    def html(self, request: Request, name: str, **context: Any) -> Response:
        """Render a template."""
        return self.templates.TemplateResponse(request, name, context)

    # screening --------------------------------------------------------------------------------------------

    def _form_token(self, request: Request) -> tuple[str, bool]:
        """The double-submit token of this browser, and whether it is new (then the response sets it)."""
        token = request.cookies.get(FORM_COOKIE, "")
        if len(token) >= 32 and token.replace("-", "").replace("_", "").isalnum():
            return token, False
        return secrets.token_urlsafe(32), True

    def _with_token(self, request: Request, response: Response, token: str, new: bool) -> Response:
        if new:
            response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        return response

    async def screen_page(self, request: Request) -> Response:
        """One name screened (when `name` is given), and the upload form."""
        a = read_params(SCREEN_PARAMS + (FORMAT,), request.query_params, {})
        result = None
        if a["name"]:
            query = ScreeningQuery.build(a["name"], dob=a["dob"], nationality=a["nationality"], schema=a["schema"],
                                         lists=[a["list"]] if a["list"] else None)
            index = self.index
            result = await run_in_threadpool(lambda: screen(index(), query, limit=a["limit"]))
            if a["format"] == "json":
                return JSONResponse(result)
            if a["format"] == "csv":
                return export([_flat(r) for r in result["results"]], "csv", "screening",
                              ("list", "reference_number", "name", "schema", "score", "match", "explanation"))
        token, new = self._form_token(request)
        response = self.html(request, "screen.html", a=a, result=result, csrf=token, threshold=THRESHOLD,
                             schemas=OFFERED_SCHEMAS, max_rows=MAX_QUERIES, upload=None)
        return self._with_token(request, response, token, new)

    async def screen_upload(self, request: Request) -> Response:
        """A CSV of names screened: the results on the page (with a CSV download), or the CSV itself."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + 64 * 1024:
            raise TooLargeError(f"the upload is {int(declared):,} bytes; at most {MAX_UPLOAD_BYTES:,}")
        form = await request.form(max_files=1, max_fields=10)
        given, expected = str(form.get("csrf", "")), request.cookies.get(FORM_COOKIE, "")
        if not expected or not secrets.compare_digest(given, expected):
            raise PermissionDeniedError("form", "the form's CSRF token is missing or wrong: reload the page")
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InputError("choose a CSV file with a 'name' column to upload")
        raw = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise TooLargeError(f"{upload.filename}: over {MAX_UPLOAD_BYTES:,} bytes; screen the file in parts")
        chosen = str(form.get("list", "")) or None
        lists = [Param("list", "", enum=SanctionsList.names()).read(chosen)] if chosen else None
        where = upload.filename.replace("/", "_")[:80]
        rows, lines, queries = parse_queries(decode(raw, where), where, lists, max_rows=MAX_QUERIES)
        if not queries:
            raise InputError(f"{where}: no names to screen (a header and no rows)")
        index = self.index
        results = await run_in_threadpool(lambda: [screen(index(), q, limit=3) for q in queries])
        columns, out = result_rows(rows, lines, results)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", where.rsplit(".", 1)[0])[:60].strip("_") or "names"
        if str(form.get("format", "")) == "csv":
            return export(out, "csv", f"{stem}-screened", columns)
        upload_view = {"file": where, "rows": list(zip(rows, lines, results, strict=True)),
                       "matches": sum(1 for r in out if r["screening_match"]),
                       "download": _data_uri(columns, out), "download_name": f"{stem}-screened.csv"}
        return self.html(request, "screen.html", a=read_params(SCREEN_PARAMS, {}, {}), result=None, csrf=expected,
                         threshold=THRESHOLD, schemas=OFFERED_SCHEMAS, max_rows=MAX_QUERIES, upload=upload_view)

    # the situation ----------------------------------------------------------------------------------------

    def coi(self, request: Request) -> Response:
        """The Commission of Inquiry's main recommendations: status, evidence, citation; filtered."""
        a = read_params(COI_PARAMS + (FORMAT,), request.query_params, {})
        every = _coi_rows(None, None)
        shown = _coi_rows(a["status"], a["addressee"])
        if a["format"]:
            return export(shown, a["format"], "coi-recommendations")
        counts = Counter(r["status"] for r in every)
        return self.html(request, "coi.html", recs=shown, a=a, statuses=[(s, counts[s]) for s in COI_STATUSES],
                         addressees=sorted({r["addressee"] for r in every}), total=len(every))

    def calendar(self, request: Request) -> Response:
        """A state's next expected dates."""
        state = existing_state(request.path_params["iso3"])
        a = read_params((FORMAT,), request.query_params, {})
        entries = [e.as_dict() for e in calendar(state.iso3)]
        if a["format"]:
            return export(entries, a["format"], f"calendar-{state.iso3}")
        return self.html(request, "calendar.html", entries=entries, state=state,
                         treaties=ratifications(state.iso3) is not None)

    def treaty_bodies(self, request: Request) -> Response:
        """The treaty bodies that review a state."""
        state = existing_state(request.path_params["iso3"])
        a = read_params((FORMAT,), request.query_params, {})
        bodies = treaty_reviews(state.iso3)
        if a["format"]:
            return export(bodies, a["format"], f"treaty-bodies-{state.iso3}")
        return self.html(request, "treaty_bodies.html", bodies=bodies, state=state)

    def council_vote(self, request: Request) -> Response:
        """What-if: would a Security Council draft pass? Members' positions given (per member or as lists), the
        others absent or predicted from their past GA votes on the DPRK."""
        years = council_years()
        a = read_params((_year_param(), KIND, PREDICT, FORMAT), request.query_params, {})
        members = council_members(a["year"]).members
        given = {p: _states(request.query_params.getlist(p)) for p in POSITIONS}
        for member in members:
            chosen = request.query_params.get(member, "")
            if chosen:
                given[Param(member, "", enum=POSITIONS).read(chosen)].append(member)
        asked = bool(request.query_params.get("kind"))
        outcome = _council_vote(a["year"], a["kind"], given, bool(a["predict"])) if asked else None
        if a["format"] and outcome is not None:
            return JSONResponse(outcome.as_dict()) if a["format"] == "json" else export(
                [{"member": m, "position": str(outcome.positions.get(m, "absent"))} for m in members], "csv",
                f"council-vote-{a['year']}")
        named = {m: p for p in POSITIONS for m in given[p]}
        return self.html(request, "council_vote.html", a=a, members=members, named=named,
                         outcome=outcome.as_dict() if outcome else None,
                         years=years, kinds=VOTE_KINDS)

    def states(self, request: Request) -> Response:
        """Every UN member and observer state by regional group, each with its overview, calendar and treaty
        bodies."""
        a = read_params((FORMAT,), request.query_params, {})
        rows = sorted(({"iso3": c.iso3, "name": c.name, "regional_group": c.regional_group or "none",
                        "un_status": c.un_status, "treaty_data": ratifications(c.iso3) is not None}
                       for c in countries().values() if c.un_status in ("member", "observer")),
                      key=lambda r: (str(r["regional_group"]), str(r["name"])))
        if a["format"]:
            return export(rows, a["format"], "states")
        groups = [(g, [r for r in rows if r["regional_group"] == g]) for g in (*REGIONAL_GROUPS, "none")]
        return self.html(request, "states.html", groups=[(g, rs) for g, rs in groups if rs])

    def tools(self, request: Request) -> Response:
        """The index of the tools."""
        return self.html(request, "tools.html")

    def routes(self) -> list[Route]:
        """Every route of these pages."""
        plain: Mapping[str, Callable[[Request], Response]] = {
            "/coi": self.coi, "/calendar/{iso3}": self.calendar, "/treaty-bodies/{iso3}": self.treaty_bodies,
            "/council-vote": self.council_vote, "/states": self.states, "/tools": self.tools}
        return [Route("/screen", self.screen_page, methods=["GET"]),
                Route("/screen", self.screen_upload, methods=["POST"]),
                Route("/calendar", lambda r: RedirectResponse("/calendar/PRK")),
                Route("/treaty-bodies", lambda r: RedirectResponse("/treaty-bodies/PRK"))] + [
            Route(path, handler) for path, handler in plain.items()]


def _flat(result: dict[str, Any]) -> dict[str, Any]:
    """A candidate as one CSV row, its explanation as text."""
    why = "; ".join(f"{f['feature']} {f['value']}×{f['weight']}: {f['description']}" for f in result["explanation"])
    return {k: result[k] for k in ("list", "reference_number", "name", "schema", "score", "match")} | {
        "explanation": why}


def _data_uri(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """The results as a CSV `data:` link (formula cells made inert): downloaded by the browser, kept nowhere."""
    text = csv_text(rows, list(columns))
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")

