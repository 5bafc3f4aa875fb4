"""The HTML pages: each reads its parameters, calls the library, and renders one template.

Every list page takes `format=csv` or `format=json` to export all its rows under the current filters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from markupsafe import Markup, escape
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
from rightsdesk.search.hybrid import Meaning, Mode, default_mode
from rightsdesk.search.index import highlights, split_marked
from rightsdesk.search.query import SearchQuery
from rightsdesk.situation.coverage import (
    designation_coverage,
    resolution_coverage,
    timeline_coverage,
    upr_coverage,
    vote_coverage,
)
from rightsdesk.situation.overview import Situation, situation
from rightsdesk.situation.profiles import profile
from rightsdesk.situation.records import resolutions, situation_state
from rightsdesk.situation.resolution_list import ListedResolution, find_resolution, resolution_list
from rightsdesk.situation.sources import essay_footnotes, essay_passages, loaded_sources
from rightsdesk.situation.timeline import actor_names, actors, all_events
from rightsdesk.stats.coalition import coalition, voting_spans
from rightsdesk.store import ReadSession, Store
from rightsdesk.store.readers.designations import DesignationEntry, designation
from rightsdesk.store.readers.votes import absent_from, roll_call, roll_calls
from rightsdesk.web import api
from rightsdesk.web.charts import stacked_bars
from rightsdesk.web.display import state_name
from rightsdesk.web.memo import ContentMemo
from rightsdesk.web.network import network_svg
from rightsdesk.web.params import (
    CURSOR,
    DES_PARAMS,
    LABEL_PARAMS,
    MAX_QUERY,
    PAGE_MODE,
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
PAGE_LIMIT = Param("limit", "Rows per page.", int, minimum=1, maximum=500, default=50)
VOTE_ORDER = ("yes", "no", "abstain")
MEMO = 512
GROUPS = REGIONAL_GROUPS

Render = Callable[[Request, ReadSession], Response]
T = TypeVar("T")


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


def _profile_and_network(session: ReadSession, d: DesignationEntry) -> tuple[dict[str, Any], Any]:
    """A designation's profile and its network drawn as SVG."""
    p = profile(session, d.reference_number, d.list_name).to_dict()
    return p, network_svg(d.to_dict(), p, session)


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

    def facets(self, session: ReadSession, filters: Mapping[str, Any], query: SearchQuery,
               labels: Mapping[str, str | None], mode: Mode, near: Meaning | None) -> dict[str, Any]:
        """Facet counts within the chosen labels; without labels remembered while the store's content stays the
        same (labels change as people judge them, so facets under a label are counted afresh)."""
        if any(labels.values()):
            return label_facets.recommendation_facets(session, filters, labels, query, meaning=near)
        key = ("facets", tuple(sorted((k, str(v)) for k, v in filters.items() if v is not None)), query.text,
               mode if near else "keyword")
        return self.memo(session, key, lambda: browse.recommendation_facets(session, filters, query,
                                                                            meaning=near))

    def mode(self, session: ReadSession, asked: Mode | None) -> tuple[Mode, str]:
        """The search mode asked for, else the default (hybrid where the store holds vectors), and a line that
        says which and why."""
        if asked:
            return asked, ""
        held = self.memo(session, ("default-mode",), lambda: default_mode(session))
        why = ("hybrid: words and meaning, as this store holds the recommendations' vectors" if held == "hybrid"
               else "keyword: this store holds no vectors (run `rightsdesk build` to search by meaning)")
        return held, f"Searching by {why}."

    def memo(self, session: ReadSession, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """`compute()`, remembered under `key` while the store's content stays the same (`memo.ContentMemo`)."""
        return cast(T, self._memo.get(session, key, compute))  # the key names what computed it

    def page(self, render: Render) -> Callable[[Request], Response]:
        """Wrap a handler: open a connection for it."""
        def endpoint(request: Request) -> Response:
            with self.store.reading(ANONYMOUS) as session:
                return render(request, session)
        return endpoint

    def html(self, request: Request, name: str, **context: Any) -> Response:
        """Render a template."""
        return self.templates.TemplateResponse(request, name, context)

    def country(self, request: Request, session: ReadSession) -> Response:
        """The country dashboard."""
        iso3 = request.path_params["iso3"]
        found = country(iso3)
        if found.un_status == "historic":  # a former state (SCG, SUN): its votes, and who carries on from it
            spans = self.memo(session, ("voting-spans",), lambda: voting_spans(session))
            return self.html(request, "former.html", c=found, successor=SUCCESSORS.get(found.iso3),
                             span=spans.get(found.iso3))
        overview: Situation = self.memo(session, ("situation", iso3, dt.date.today()), lambda: situation(iso3, session))
        if overview.country != request.path_params["iso3"]:
            return RedirectResponse(f"/country/{overview.country}", status_code=301)
        assert overview.counts is not None  # asked with a session
        data = overview.to_dict()
        by_cycle = overview.counts.held.received_by_cycle
        cycles = sorted(by_cycle, key=int)
        upr_chart = stacked_bars("UPR recommendations received, by cycle and response",
                                 [f"Cycle {c}" for c in cycles],
                                 [(r, [by_cycle[c].get(r, 0) for c in cycles]) for r in ("supported", "noted",
                                                                                      "unknown")])
        ours = overview.country == situation_state()  # the resolutions are entered for the pack's state
        voted = [r for r in resolutions() if r.yes is not None] if ours else []
        vote_chart = stacked_bars("Recorded votes on the resolutions on the situation, over time",
                                  [f"{r.body} {r.date.year}" for r in voted],
                                  [(k, [getattr(r, k) or 0 for r in voted]) for k in VOTE_ORDER]) if voted else None
        upr_total = sum(sum(v.values()) for v in by_cycle.values())
        coverage = self.memo(session, ("upr-coverage", (overview.country,)), lambda: [upr_coverage(session, (overview.country,))])
        if ours:
            coverage = [*coverage, resolution_coverage()]
        designated = sum(overview.counts.held.designations.values())
        return self.html(request, "country.html", d=data, upr_total=upr_total, designated=designated,
                         upr_chart=upr_chart, vote_chart=vote_chart, voted=voted, coverage=coverage,
                         without_vote=[r for r in resolutions() if r.without_vote] if ours else [])

    def timeline(self, request: Request, session: ReadSession) -> Response:
        """The timeline with filters."""
        a = read_params(TIMELINE_PARAMS + (FORMAT,), request.query_params, {})
        events = api.timeline_events(session, a)
        if a["format"]:
            return export(events, a["format"], "timeline")
        symbols = [e["symbol"] for e in events if e.get("symbol") and DocumentSymbol.is_symbol(e["symbol"])]
        voted = {c.symbol for c in roll_calls(session, symbols=symbols)} if symbols else set()
        return self.html(request, "timeline.html", events=events, a=a, voted=voted, known=set(mechanisms()),
                         mechanisms=sorted(mechanisms()) + ["context"], actors=actors(),
                         chosen_actors=actor_names(a["actor"]),
                         coverage=[timeline_coverage(events)])

    def recommendations(self, request: Request, session: ReadSession) -> Response:
        """The recommendations browser with facets and search."""
        a = read_params(REC_PARAMS + LABEL_PARAMS + (PAGE_MODE, CURSOR, PAGE_LIMIT, FORMAT), request.query_params, {})
        query = SearchQuery.parse(a["q"])
        filters = browse.resolve_issues(session, {k: a[k] for k in browse.REC_FILTERS})
        labels = {k: a[k] for k in label_facets.LABEL_FACETS}
        mode, why = self.mode(session, a["mode"])
        near = label_facets.by_meaning(session, filters, labels, query, mode)
        if a["format"]:
            return export(label_facets.recommendations_all(session, filters, labels, query, meaning=near), a["format"],
                          "recommendations",
                          ("id", "to", "from", "text", "response", "response_original", "cycle", "session", "issues",
                           "action_category", "action_category_name", "paragraph", "report_symbol", "citation"))
        page = label_facets.recommendation_page(session, filters, labels, query, a["cursor"], a["limit"], meaning=near)
        marked = highlights(session, query, "recommendation", [r["id"] for r in page.items])
        for r in page.items:
            r["segments"] = split_marked(marked.get(r["id"], r["text"]))
        facets = self.facets(session, filters, query, labels, mode, near)
        facets = {**facets, **label_facets.label_facets(session, filters, labels, query, meaning=near)}
        coverage = self.memo(session, ("upr-coverage", filters["to"]), lambda: [upr_coverage(session, filters["to"] or ())])
        return self.html(request, "recommendations.html", page=page, facets=facets, a={**a, **filters},
                         notices=query.notices, coverage=coverage, mode=mode, mode_note=why if a["q"] else "")

    def recommendation(self, request: Request, session: ReadSession) -> Response:
        """One recommendation, with its predicted labels (and the forms to judge them, for who may)."""
        rec = browse.recommendation(session, request.path_params["id"])
        labels = self.labelling.context(request, session.conn, rec) if self.labelling else None
        return self.html(request, "recommendation.html", r=rec, labels=labels)

    def votes(self, request: Request, session: ReadSession) -> Response:
        """Recorded votes."""
        a = read_params(VOTE_PARAMS + (CURSOR, PAGE_LIMIT, FORMAT), request.query_params, {})
        query = SearchQuery.parse(a["q"])
        if a["format"]:
            return export(browse.votes_all(session, query, a["session"], a["sort"]), a["format"], "votes")
        page = browse.vote_page(session, query, a["session"], a["cursor"], a["limit"], a["sort"])
        coverage = self.memo(session, ("vote-coverage",), lambda: [vote_coverage(session)])
        return self.html(request, "votes.html", page=page, a=a, notices=query.notices, coverage=coverage,
                         sorts=VOTE_SORT_LABELS)

    def vote(self, request: Request, session: ReadSession) -> Response:
        """The roll-call page of one resolution, grouped by regional group."""
        a = read_params((FORMAT,), request.query_params, {})
        try:
            found = roll_call(session, request.path_params["symbol"])
        except NotFoundError:
            adopted = find_resolution(request.path_params["symbol"])
            if adopted is None:
                raise
            return self.html(request, "adopted.html", r=ListedResolution(adopted).to_dict(),
                             coverage=[resolution_coverage()])
        absent = [{"country": c, "vote": "absent", "name": state_name(c), "regional_group": _group(c)}
                  for c in absent_from(session, found.rcid, found.date)]
        votes: list[dict[str, Any]] = [v.to_dict() for v in found.votes] + absent
        call = {**found.to_dict(), "title": browse.full_title(found.title, found.description), "votes": votes,
                "absent": len(absent)}
        if a["format"]:
            return export(votes, a["format"], found.symbol.replace("/", "-"))
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for v in votes:
            grouped[v["regional_group"] or "Other"].append(v)
        groups = [g for g in GROUPS if g in grouped] + sorted(set(grouped) - set(GROUPS))
        chart = stacked_bars(f"Votes on {found.symbol} by regional group", groups,
                             [(k, [sum(1 for v in grouped[g] if v["vote"] == k) for g in groups])
                              for k in (*VOTE_ORDER, "absent")])
        return self.html(request, "vote.html", call=call, groups=[(g, grouped[g]) for g in groups], chart=chart,
                         coverage=self.memo(session, ("vote-coverage",), lambda: [vote_coverage(session)]))

    def designations(self, request: Request, session: ReadSession) -> Response:
        """The designations list."""
        a = read_params(DES_PARAMS + (CURSOR, PAGE_LIMIT, FORMAT), request.query_params, {})
        query, filters = SearchQuery.parse(a["q"]), {k: a[k] for k in browse.DES_FILTERS}
        named = designation_name_matches(session, a["q"])
        if a["format"]:
            return export(browse.designations_all(session, filters, query, named), a["format"], "designations",
                          ("list", "reference_number", "kind", "name", "name_original_script", "aliases",
                           "birth_dates", "documents", "regimes", "nationalities", "listed_on"))
        page = browse.designation_page(session, filters, query, a["cursor"], a["limit"], named)
        coverage = self.memo(session, ("designation-coverage",), lambda: [designation_coverage(session)])
        return self.html(request, "designations.html", page=page, a=a, regimes=browse.designation_regimes(session),
                         notices=query.notices, coverage=coverage)

    def designation(self, request: Request, session: ReadSession) -> Response:
        """One designation."""
        a = read_params((Param("list", "", enum=SanctionsList.names()),), request.query_params, {})
        entry = designation(session, request.path_params["reference"], a["list"])
        p, network = _profile_and_network(session, entry)  # not memoized: a link decided or a list loaded shows at once
        cases = self.case_hook(request, entry.reference_number) if self.case_hook else None
        response = self.html(request, "designation.html", d=entry.to_dict(), p=p, network=network, cases=cases)
        if cases is not None:
            response.headers["Cache-Control"] = "no-store"  # this page now holds what only this user may see
        return response

    def mechanisms(self, request: Request, session: ReadSession) -> Response:
        """Every mechanism."""
        return self.html(request, "mechanisms.html", mechanisms=api.mechanism_list(session, {}))

    def mechanism(self, request: Request, session: ReadSession) -> Response:
        """One mechanism, its children and its events."""
        m = api.mechanism_dict(request.path_params["code"])
        parent = mechanism(m["parent"]) if m["parent"] in mechanisms() else None
        events = [e.as_dict() for e in all_events() if e.mechanism == m["code"]]
        return self.html(request, "mechanism.html", m=m, parent=parent, kids=children(m["code"]), events=events)

    def council(self, request: Request, session: ReadSession) -> Response:
        """The Security Council of a year."""
        a = read_params((Param("year", "", int, minimum=1946, maximum=2100, where="path"),), {},
                        request.path_params)
        return self.html(request, "council.html", c=api.council(session, a), years=council_years())

    def hrc(self, request: Request, session: ReadSession) -> Response:
        """The Human Rights Council of a year, or of one day of it."""
        a = read_params((Param("year", "", int, minimum=2006, maximum=2100, where="path"), Param("on", "")),
                        request.query_params, request.path_params)
        return self.html(request, "hrc.html", c=api.hrc(session, a), years=hrc_years())

    def coalition(self, request: Request, session: ReadSession) -> Response:
        """States × recorded votes on the resolutions on a situation."""
        a = read_params((SORT, FORMAT), request.query_params, {})
        iso3 = request.path_params["iso3"]
        data: dict[str, Any] = self.memo(session, ("coalition", iso3, a["sort"]),
                                         lambda: coalition(session, iso3, a["sort"]).to_dict())
        if a["format"]:
            rows = [{k: v for k, v in s.items() if k != "votes"} | {c["symbol"]: s["votes"][i] or ""
                    for i, c in enumerate(data["resolutions"])} for s in data["states"]]
            return export(rows, a["format"], f"coalition-{data['country']}")
        coverage = [*self.memo(session, ("vote-coverage",), lambda: [vote_coverage(session)]), resolution_coverage()]
        table = self.memo(session, ("coalition-rows", iso3, a["sort"]), lambda: _coalition_rows(data))
        return self.html(request, "coalition.html", c=data, coverage=coverage, rows=table)

    def search(self, request: Request, session: ReadSession) -> Response:
        """One search box across everything."""
        a = read_params((Param("q", "", max_length=MAX_QUERY), PAGE_MODE), request.query_params, {})
        mode, why = self.mode(session, a["mode"])
        found = search_all(session, SearchQuery.parse(a["q"]), named=designation_name_matches(session, a["q"]), mode=mode)
        for r in found["groups"].get("recommendations", {}).get("items", []):
            r["segments"] = split_marked(r.pop("marked"))
        coverage = self.memo(session, ("search-coverage",), lambda: [upr_coverage(session), vote_coverage(session),
                                                            designation_coverage(session)])
        return self.html(request, "search.html", found=found, q=a["q"] or "", notices=found["notices"],
                         coverage=coverage, mode=mode, mode_note=why if a["q"] else "")

    # ---- resolutions and sources (issue 11) ------------------------------------------------------------------

    def resolutions(self, request: Request, session: ReadSession) -> Response:
        """Every resolution on a situation, how it was adopted, and its roll call where one exists."""
        a = read_params((FORMAT,), request.query_params, {})
        found = resolution_list(session, request.path_params["iso3"])
        if a["format"]:
            return export([i.to_dict() for i in found.items], a["format"], f"resolutions-{found.country}",
                          ("symbol", "date", "body", "session", "adopted_without_vote", "yes", "no", "abstain",
                           "cosponsors_joined", "note", "citation", "roll_call"))
        voted = [i.resolution for i in found.items if i.resolution.yes is not None]
        chart = stacked_bars("Recorded votes on the resolutions (those adopted without a vote have none)",
                             [f"{r.body} {r.date.iso()[:4]}" for r in voted],
                             [(k, [getattr(r, k) or 0 for r in voted]) for k in VOTE_ORDER]) if voted else None
        return self.html(request, "resolutions.html", d=found.to_dict(), chart=chart,
                         coverage=[resolution_coverage()])

    def sources(self, request: Request, session: ReadSession) -> Response:
        """Where the data come from: the essay the footnotes cite, and the files loaded."""
        return self.html(request, "sources.html", essay=ESSAY, reference=essay_reference(),
                         footnotes=essay_footnotes(), passages=essay_passages(), files=self.memo(session, ("sources",), lambda: [f.to_dict() for f in loaded_sources(session)]))

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
