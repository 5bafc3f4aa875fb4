"""The HTML pages: each reads its parameters, calls the library, and renders one template.

Every list page takes `format=csv` or `format=json` to export all its rows under the current filters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from rightsdesk.access import ANONYMOUS
from rightsdesk.errors import NotFoundError, RightsdeskError
from rightsdesk.mechanisms.memberships import council_years, hrc_years
from rightsdesk.mechanisms.registry import children, mechanism, mechanisms
from rightsdesk.model.countries import REGIONAL_GROUPS, SUCCESSORS, country
from rightsdesk.model.essay import ESSAY, essay_reference
from rightsdesk.model.symbols import DocumentSymbol
from rightsdesk.model.vocab import SanctionsList
from rightsdesk.search import browse, label_facets
from rightsdesk.search.everything import search_all
from rightsdesk.search.index import highlights, split_marked
from rightsdesk.search.query import SearchQuery
from rightsdesk.situation.coverage import (
    designation_coverage,
    resolution_coverage,
    timeline_coverage,
    upr_coverage,
    vote_coverage,
)
from rightsdesk.situation.overview import situation
from rightsdesk.situation.profiles import profile
from rightsdesk.situation.records import resolutions, situation_state
from rightsdesk.situation.resolution_list import find_resolution, resolution_dict, resolution_list
from rightsdesk.situation.sources import essay_footnotes, loaded_sources
from rightsdesk.situation.timeline import actor_names, actors, all_events
from rightsdesk.stats.coalition import absence, coalition, voting_spans
from rightsdesk.store import Store, reader
from rightsdesk.web import api
from rightsdesk.web.charts import stacked_bars
from rightsdesk.web.display import state_name
from rightsdesk.web.memo import ContentMemo
from rightsdesk.web.network import network_svg
from rightsdesk.web.params import (
    CURSOR,
    DES_PARAMS,
    MAX_QUERY,
    REC_PARAMS,
    SORT,
    TIMELINE_PARAMS,
    VOTE_PARAMS,
    Param,
    read_params,
)
from rightsdesk.web.responses import export
from rightsdesk.web.screening_api import designation_name_matches

if TYPE_CHECKING:
    from rightsdesk.web.labelling import Labelling

FORMAT = Param("format", "Export every row: csv or json.", enum=("csv", "json"))
LABEL_PARAMS = (Param("theme", "UHRI theme (predicted or confirmed)."), Param("sdg", "SDG (predicted or confirmed)."),
                Param("persons", "UHRI affected persons (predicted or confirmed)."))
PAGE_LIMIT = Param("limit", "Rows per page.", int, minimum=1, maximum=500, default=50)
VOTE_ORDER = ("yes", "no", "abstain")
MEMO = 512
GROUPS = REGIONAL_GROUPS

Render = Callable[[Request, Connection], Response]


VOTE_SORT_LABELS = {"-date": "newest first", "date": "oldest first", "symbol": "symbol", "-yes": "most yes",
                    "-no": "most no", "-abstain": "most abstentions", "relevance": "best match"}


def _group(code: str) -> str | None:
    """A state's UN regional group, from the country table."""
    try:
        return country(code).regional_group
    except RightsdeskError:
        return None


def _this_year(years: range) -> int:
    """This year, or the nearest year the data holds."""
    return min(max(dt.date.today().year, years.start), years.stop - 1)


def _profile_and_network(conn: Connection, d: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """A designation's profile and its network drawn as SVG."""
    p = profile(conn, d["reference_number"], d["list_name"])
    return p, network_svg(d, p, conn)


_VOTE_MARKS = {"yes": ("Y", "yes"), "no": ("N", "no"), "abstain": ("A", "abstained"), "absent": ("·", "absent"),
               "non-member": ("–", "not a member")}


def _coalition_rows(data: Mapping[str, Any]) -> Markup:
    """The coalition table's rows, a state a row and a resolution a cell: built once per content version, for
    3,500 cells through the template cost 25 ms a request."""
    symbols = [escape(r["symbol"]) for r in data["resolutions"]]
    out = []
    for s in data["states"]:
        cells = "".join(
            f'<td class="cell v-{escape(v)}" title="{sym}: {escape(_VOTE_MARKS.get(v, ("?", v))[1])}">'
            f'{escape(_VOTE_MARKS.get(v, ("?", v))[0])}</td>' for sym, v in zip(symbols, s["votes"], strict=False))
        out.append(f'<tr><th scope="row"><a href="/country/{escape(s["country"])}" title="{escape(s["country"])}">'
                   f'{escape(s["name"])}</a></th><td>{escape(s["regional_group"])}</td>'
                   f'<td class="num">{s["yes_share"] * 100:.0f}%</td>\n{cells}</tr>')
    return Markup("".join(out))


class Pages:
    """The page handlers, sharing the store and the templates."""

    def __init__(self, store: Store, templates: Jinja2Templates, labelling: Labelling | None = None) -> None:
        self.store = store
        self.templates = templates
        self.labelling = labelling
        self._memo = ContentMemo(MEMO)
        #: The cases naming a designation, for a signed-in user who may see cases (None: show nothing).
        self.case_hook: Callable[[Request, str], list[dict[str, Any]] | None] | None = None

    def facets(self, conn: Connection, filters: Mapping[str, Any], query: SearchQuery) -> dict[str, Any]:
        """Facet counts, remembered while the store's content stays the same."""
        key = ("facets", tuple(sorted((k, str(v)) for k, v in filters.items() if v is not None)), query.text)
        return self.memo(conn, key, lambda: browse.recommendation_facets(conn, filters, query))

    def memo(self, conn: Connection, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """`compute()`, remembered under `key` while the store's content stays the same (`memo.ContentMemo`)."""
        return self._memo.get(conn, key, compute)

    def page(self, render: Render) -> Callable[[Request], Response]:
        """Wrap a handler: open a connection for it."""
        def endpoint(request: Request) -> Response:
            with self.store.reading(ANONYMOUS) as session:
                return render(request, session.conn)
        return endpoint

    def html(self, request: Request, name: str, **context: Any) -> Response:
        """Render a template."""
        return self.templates.TemplateResponse(request, name, context)

    def country(self, request: Request, conn: Connection) -> Response:
        """The country dashboard."""
        iso3 = request.path_params["iso3"]
        found = country(iso3)
        if found.un_status == "historic":  # a former state (SCG, SUN): its votes, and who carries on from it
            spans = self.memo(conn, ("voting-spans",), lambda: voting_spans(conn))
            return self.html(request, "former.html", c=found, successor=SUCCESSORS.get(found.iso3),
                             span=spans.get(found.iso3))
        data = self.memo(conn, ("situation", iso3, dt.date.today()), lambda: situation(iso3, conn.engine))
        if data["country"] != request.path_params["iso3"]:
            return RedirectResponse(f"/country/{data['country']}", status_code=301)
        by_cycle = data["counts"]["upr_recommendations_by_cycle"]
        cycles = sorted(by_cycle, key=int)
        upr_chart = stacked_bars("UPR recommendations received, by cycle and response",
                                 [f"Cycle {c}" for c in cycles],
                                 [(r, [by_cycle[c].get(r, 0) for c in cycles]) for r in ("supported", "noted",
                                                                                      "unknown")])
        ours = data["country"] == situation_state()  # the resolutions are entered for the pack's state
        voted = [r for r in resolutions() if r.yes is not None] if ours else []
        vote_chart = stacked_bars("Recorded votes on the resolutions on the situation, over time",
                                  [f"{r.body} {r.date.year}" for r in voted],
                                  [(k, [getattr(r, k) or 0 for r in voted]) for k in VOTE_ORDER]) if voted else None
        upr_total = sum(sum(v.values()) for v in by_cycle.values())
        coverage = self.memo(conn, ("upr-coverage", (data["country"],)), lambda: [upr_coverage(conn, (data["country"],))])
        if ours:
            coverage = [*coverage, resolution_coverage()]
        held = data["counts"].get("designations", data["counts"].get("designations_of_nationals", 0))
        designated = sum(held.values()) if isinstance(held, dict) else int(held)
        return self.html(request, "country.html", d=data, upr_total=upr_total, designated=designated,
                         upr_chart=upr_chart, vote_chart=vote_chart, voted=voted, coverage=coverage,
                         without_vote=[r for r in resolutions() if r.without_vote] if ours else [])

    def timeline(self, request: Request, conn: Connection) -> Response:
        """The timeline with filters."""
        a = read_params(TIMELINE_PARAMS + (FORMAT,), request.query_params, {})
        events = api.timeline_events(conn, a)
        if a["format"]:
            return export(events, a["format"], "timeline")
        symbols = [e["symbol"] for e in events if e.get("symbol") and DocumentSymbol.is_symbol(e["symbol"])]
        voted = {c["symbol"] for c in reader.roll_calls(conn, symbols=symbols)} if symbols else set()
        return self.html(request, "timeline.html", events=events, a=a, voted=voted, known=set(mechanisms()),
                         mechanisms=sorted(mechanisms()) + ["context"], actors=actors(),
                         chosen_actors=actor_names(a["actor"]),
                         coverage=[timeline_coverage(events)])

    def recommendations(self, request: Request, conn: Connection) -> Response:
        """The recommendations browser with facets and search."""
        a = read_params(REC_PARAMS + LABEL_PARAMS + (CURSOR, PAGE_LIMIT, FORMAT), request.query_params, {})
        query = SearchQuery.parse(a["q"])
        filters = browse.resolve_issues(conn, {k: a[k] for k in browse.REC_FILTERS})
        labels = {k: a[k] for k in label_facets.LABEL_FACETS}
        if a["format"]:
            return export(label_facets.recommendations_all(conn, filters, labels, query), a["format"],
                          "recommendations",
                          ("id", "to", "from", "text", "response", "response_original", "cycle", "session", "issues",
                           "action_category", "action_category_name", "paragraph", "report_symbol", "citation"))
        page = label_facets.recommendation_page(conn, filters, labels, query, a["cursor"], a["limit"])
        marked = highlights(conn, query, "recommendation", [r["id"] for r in page.items])
        for r in page.items:
            r["segments"] = split_marked(marked.get(r["id"], r["text"]))
        facets = self.facets(conn, filters, query)
        facets = {**facets, **label_facets.label_facets(conn, filters, labels, query)}
        coverage = self.memo(conn, ("upr-coverage", filters["to"]), lambda: [upr_coverage(conn, filters["to"] or ())])
        return self.html(request, "recommendations.html", page=page, facets=facets, a={**a, **filters},
                         notices=query.notices, coverage=coverage)

    def recommendation(self, request: Request, conn: Connection) -> Response:
        """One recommendation, with its predicted labels (and the forms to judge them, for who may)."""
        rec = browse.recommendation(conn, request.path_params["id"])
        labels = self.labelling.context(request, conn, rec) if self.labelling else None
        return self.html(request, "recommendation.html", r=rec, labels=labels)

    def votes(self, request: Request, conn: Connection) -> Response:
        """Recorded votes."""
        a = read_params(VOTE_PARAMS + (CURSOR, PAGE_LIMIT, FORMAT), request.query_params, {})
        query = SearchQuery.parse(a["q"])
        if a["format"]:
            return export(browse.votes_all(conn, query, a["session"], a["sort"]), a["format"], "votes")
        page = browse.vote_page(conn, query, a["session"], a["cursor"], a["limit"], a["sort"])
        coverage = self.memo(conn, ("vote-coverage",), lambda: [vote_coverage(conn)])
        return self.html(request, "votes.html", page=page, a=a, notices=query.notices, coverage=coverage,
                         sorts=VOTE_SORT_LABELS)

    def vote(self, request: Request, conn: Connection) -> Response:
        """The roll-call page of one resolution, grouped by regional group."""
        a = read_params((FORMAT,), request.query_params, {})
        try:
            call = reader.roll_call(conn, request.path_params["symbol"])
        except NotFoundError:
            adopted = find_resolution(request.path_params["symbol"])
            if adopted is None:
                raise
            return self.html(request, "adopted.html", r=resolution_dict(adopted, set()),
                             coverage=[resolution_coverage()])
        spans = self.memo(conn, ("voting-spans",), lambda: voting_spans(conn))
        voted = {v["country"] for v in call["votes"]}
        absent = [{"country": c, "vote": "absent", "name": state_name(c),
                   "regional_group": _group(c)} for c in sorted(spans)
                  if c not in voted and call["date"] and absence(spans, c, call["date"]) == "absent"]
        call = {**call, "title": browse.full_title(call["title"], call["description"]),
                "votes": call["votes"] + absent, "absent": len(absent)}
        if a["format"]:
            return export(call["votes"], a["format"], call["symbol"].replace("/", "-"))
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for v in call["votes"]:
            grouped[v["regional_group"] or "Other"].append(v)
        groups = [g for g in GROUPS if g in grouped] + sorted(set(grouped) - set(GROUPS))
        chart = stacked_bars(f"Votes on {call['symbol']} by regional group", groups,
                             [(k, [sum(1 for v in grouped[g] if v["vote"] == k) for g in groups])
                              for k in (*VOTE_ORDER, "absent")])
        return self.html(request, "vote.html", call=call, groups=[(g, grouped[g]) for g in groups], chart=chart,
                         coverage=self.memo(conn, ("vote-coverage",), lambda: [vote_coverage(conn)]))

    def designations(self, request: Request, conn: Connection) -> Response:
        """The designations list."""
        a = read_params(DES_PARAMS + (CURSOR, PAGE_LIMIT, FORMAT), request.query_params, {})
        query, filters = SearchQuery.parse(a["q"]), {k: a[k] for k in browse.DES_FILTERS}
        named = designation_name_matches(conn, a["q"])
        if a["format"]:
            return export(browse.designations_all(conn, filters, query, named), a["format"], "designations",
                          ("list", "reference_number", "kind", "name", "name_original_script", "aliases",
                           "birth_dates", "documents", "regimes", "nationalities", "listed_on"))
        page = browse.designation_page(conn, filters, query, a["cursor"], a["limit"], named)
        coverage = self.memo(conn, ("designation-coverage",), lambda: [designation_coverage(conn)])
        return self.html(request, "designations.html", page=page, a=a, regimes=browse.designation_regimes(conn),
                         notices=query.notices, coverage=coverage)

    def designation(self, request: Request, conn: Connection) -> Response:
        """One designation."""
        a = read_params((Param("list", "", enum=SanctionsList.names()),), request.query_params, {})
        d = reader.designation(conn, request.path_params["reference"], a["list"])
        p, network = _profile_and_network(conn, d)  # not memoized: a link decided or a list loaded shows at once
        cases = self.case_hook(request, d["reference_number"]) if self.case_hook else None
        response = self.html(request, "designation.html", d=d, p=p, network=network, cases=cases)
        if cases is not None:
            response.headers["Cache-Control"] = "no-store"  # this page now holds what only this user may see
        return response

    def mechanisms(self, request: Request, conn: Connection) -> Response:
        """Every mechanism."""
        return self.html(request, "mechanisms.html", mechanisms=api.mechanism_list(conn, {}))

    def mechanism(self, request: Request, conn: Connection) -> Response:
        """One mechanism, its children and its events."""
        m = api.mechanism_dict(request.path_params["code"])
        parent = mechanism(m["parent"]) if m["parent"] in mechanisms() else None
        events = [e.as_dict() for e in all_events() if e.mechanism == m["code"]]
        return self.html(request, "mechanism.html", m=m, parent=parent, kids=children(m["code"]), events=events)

    def council(self, request: Request, conn: Connection) -> Response:
        """The Security Council of a year."""
        a = read_params((Param("year", "", int, minimum=1946, maximum=2100, where="path"),), {},
                        request.path_params)
        return self.html(request, "council.html", c=api.council(conn, a), years=council_years())

    def hrc(self, request: Request, conn: Connection) -> Response:
        """The Human Rights Council of a year, or of one day of it."""
        a = read_params((Param("year", "", int, minimum=2006, maximum=2100, where="path"), Param("on", "")),
                        request.query_params, request.path_params)
        return self.html(request, "hrc.html", c=api.hrc(conn, a), years=hrc_years())

    def coalition(self, request: Request, conn: Connection) -> Response:
        """States × recorded votes on the resolutions on a situation."""
        a = read_params((SORT, FORMAT), request.query_params, {})
        iso3 = request.path_params["iso3"]
        data = self.memo(conn, ("coalition", iso3, a["sort"]), lambda: coalition(conn, iso3, a["sort"]))
        if a["format"]:
            rows = [{k: v for k, v in s.items() if k != "votes"} | {c["symbol"]: s["votes"][i] or ""
                    for i, c in enumerate(data["resolutions"])} for s in data["states"]]
            return export(rows, a["format"], f"coalition-{data['country']}")
        coverage = [*self.memo(conn, ("vote-coverage",), lambda: [vote_coverage(conn)]), resolution_coverage()]
        rows = self.memo(conn, ("coalition-rows", iso3, a["sort"]), lambda: _coalition_rows(data))
        return self.html(request, "coalition.html", c=data, coverage=coverage, rows=rows)

    def search(self, request: Request, conn: Connection) -> Response:
        """One search box across everything."""
        a = read_params((Param("q", "", max_length=MAX_QUERY),), request.query_params, {})
        found = search_all(conn, SearchQuery.parse(a["q"]), named=designation_name_matches(conn, a["q"]))
        for r in found["groups"].get("recommendations", {}).get("items", []):
            r["segments"] = split_marked(r.pop("marked"))
        coverage = self.memo(conn, ("search-coverage",), lambda: [upr_coverage(conn), vote_coverage(conn),
                                                            designation_coverage(conn)])
        return self.html(request, "search.html", found=found, q=a["q"] or "", notices=found["notices"],
                         coverage=coverage)

    # ---- resolutions and sources (issue 11) ------------------------------------------------------------------

    def resolutions(self, request: Request, conn: Connection) -> Response:
        """Every resolution on a situation, how it was adopted, and its roll call where one exists."""
        a = read_params((FORMAT,), request.query_params, {})
        data = resolution_list(conn, request.path_params["iso3"])
        if a["format"]:
            return export(data["items"], a["format"], f"resolutions-{data['country']}",
                          ("symbol", "date", "body", "session", "adopted_without_vote", "yes", "no", "abstain",
                           "cosponsors_joined", "note", "citation", "roll_call"))
        voted = [r for r in data["items"] if r["yes"] is not None]
        chart = stacked_bars("Recorded votes on the resolutions (those adopted without a vote have none)",
                             [f"{r['body']} {r['date'][:4]}" for r in voted],
                             [(k, [r[k] or 0 for r in voted]) for k in VOTE_ORDER]) if voted else None
        return self.html(request, "resolutions.html", d=data, chart=chart, coverage=[resolution_coverage()])

    def sources(self, request: Request, conn: Connection) -> Response:
        """Where the data come from: the essay the footnotes cite, and the files loaded."""
        return self.html(request, "sources.html", essay=ESSAY, reference=essay_reference(),
                         footnotes=essay_footnotes(), files=self.memo(conn, ("sources",), lambda: loaded_sources(conn)))

    def routes(self) -> list[Route]:
        """Every page route."""
        table: Mapping[str, Render] = {
            "/country/{iso3}": self.country, "/timeline": self.timeline,
            "/recommendations": self.recommendations, "/recommendations/{id}": self.recommendation,
            "/votes": self.votes, "/votes/{symbol:path}": self.vote,
            "/designations": self.designations, "/designations/{reference}": self.designation,
            "/mechanisms": self.mechanisms, "/mechanisms/{code}": self.mechanism,
            "/council/{year}": self.council, "/hrc/{year}": self.hrc, "/coalition/{iso3}": self.coalition, "/search": self.search,
            "/resolutions/{iso3}": self.resolutions, "/sources": self.sources,
        }
        return [Route("/", lambda r: RedirectResponse("/country/PRK")),
                Route("/council", lambda r: RedirectResponse(f"/council/{_this_year(council_years())}")),
                Route("/hrc", lambda r: RedirectResponse(f"/hrc/{_this_year(hrc_years())}"))] + [
            Route(path, self.page(render)) for path, render in table.items()]
