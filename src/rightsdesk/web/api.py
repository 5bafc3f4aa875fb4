"""The JSON API under /api/v1/: one declared `Endpoint` per resource, each calling one library function.

The same declarations produce the routes and the OpenAPI document (`openapi.py`). Handlers take an open
connection and the checked parameters and return JSON-ready data; errors are raised, never caught here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from rightsdesk.errors import NotFoundError
from rightsdesk.mechanisms.memberships import council_years, hrc_years
from rightsdesk.mechanisms.registry import describe, mechanisms
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.vocab import SanctionsList
from rightsdesk.search import browse, label_facets
from rightsdesk.search.everything import search_all
from rightsdesk.search.query import SearchQuery
from rightsdesk.situation.council import council_view, hrc_view
from rightsdesk.situation.coverage import designation_coverage, resolution_coverage, upr_coverage, vote_coverage
from rightsdesk.situation.overview import situation
from rightsdesk.situation.profiles import profile
from rightsdesk.situation.resolution_list import adoption, find_resolution, resolution_list
from rightsdesk.situation.timeline import actors, timeline
from rightsdesk.stats.coalition import coalition
from rightsdesk.store import ReadSession
from rightsdesk.store.readers.designations import designation as read_designation
from rightsdesk.store.readers.sources import stats
from rightsdesk.store.readers.votes import absent_from
from rightsdesk.store.readers.votes import roll_call as read_roll_call
from rightsdesk.web.params import (
    CURSOR,
    DAY_PATTERN,
    DES_PARAMS,
    LABEL_PARAMS,
    LIMIT,
    MAX_QUERY,
    MODE,
    REC_PARAMS,
    SORT,
    TIMELINE_PARAMS,
    VOTE_PARAMS,
    Param,
)
from rightsdesk.web.screening_api import designation_name_matches

Handler = Callable[[ReadSession, Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Endpoint:
    """A GET endpoint: path (Starlette syntax), summary, parameters, handler, whether it returns a Page, and
    whether its answer may be remembered while the store's content (and the day) stays the same: true only for
    an answer computed from the public data alone (`web.memo`)."""

    path: str
    summary: str
    params: tuple[Param, ...]
    handler: Handler
    paged: bool = False
    tag: str = "data"
    remembered: bool = False
    body: str | None = None  # the name of its answer's schema in the OpenAPI document's components, where declared


def _filters(args: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: args.get(k) for k in names}


def _noted(page: dict[str, Any], query: SearchQuery) -> dict[str, Any]:
    """A page with the search's notices (what was dropped, cut or added), where there are any."""
    return {**page, "notices": list(query.notices)} if query.notices else page


def recommendations(session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """A page of UPR recommendations."""
    query, filters = SearchQuery.parse(a["q"]), _filters(a, browse.REC_FILTERS)
    labels = _filters(a, tuple(label_facets.LABEL_FACETS))
    near = label_facets.by_meaning(session, filters, labels, query, a["mode"])
    return _noted(label_facets.recommendation_page(session, filters, labels, query, a["cursor"], a["limit"],
                                                   meaning=near).as_dict(), query)


def recommendation_facets(session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """Facet counts of UPR recommendations, the ordinary facets and the label facets, all within every filter
    (a facet's own aside)."""
    query, filters = SearchQuery.parse(a["q"]), _filters(a, browse.REC_FILTERS)
    labels = _filters(a, tuple(label_facets.LABEL_FACETS))
    near = label_facets.by_meaning(session, filters, labels, query, a["mode"])
    facets = {**label_facets.recommendation_facets(session, filters, labels, query, meaning=near),
              **label_facets.label_facets(session, filters, labels, query, meaning=near)}
    return {k: [{"value": v, "count": n} for v, n in rows] for k, rows in facets.items()}


def votes(session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """A page of recorded votes."""
    query = SearchQuery.parse(a["q"])
    return _noted(browse.vote_page(session, query, a["session"], a["cursor"], a["limit"], a["sort"]).as_dict(), query)


def designations(session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """A page of designations; a search for a name also finds what screening matches to it."""
    query = SearchQuery.parse(a["q"])
    return _noted(browse.designation_page(session, _filters(a, browse.DES_FILTERS), query, a["cursor"], a["limit"],
                                          designation_name_matches(session, a["q"])).as_dict(), query)


def designation(session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """One designation; its source named by file, never by its path on the server."""
    d = read_designation(session, a["reference"], a["list"]).to_dict()
    source = dict(d["source"]) if isinstance(d["source"], dict) else {}
    if "path" in source:
        source["file"] = PurePath(str(source.pop("path")).replace("\\", "/")).name
    return {**d, "source": source}


def roll_call(session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """The recorded vote on a resolution, with `absent`: the members that day that cast no vote (`absent_from`,
    as `rightsdesk votes` and the roll-call page count them); for one adopted without a vote, a 404 that says so."""
    try:
        call = read_roll_call(session, a["symbol"])
        return {**call.to_dict(), "title": browse.full_title(call.title, call.description),
                "absent": absent_from(session, call.rcid, call.date)}
    except NotFoundError:
        r = find_resolution(a["symbol"])
        if r is None or not r.without_vote:
            raise
        raise NotFoundError(f"{r.symbol} was adopted {adoption(r)} ({r.date.iso()}): there is no roll call; see "
                            "/api/v1/resolutions/PRK") from None


def coverage(session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """What the data cover and what is known to be missing, kind by kind."""
    found = [upr_coverage(session, a["to"] or ()), vote_coverage(session), resolution_coverage(),
             designation_coverage(session)]
    return {"items": [c.as_dict() for c in found]}


def timeline_events(_session: ReadSession, a: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Timeline events."""
    since = PartialDate.parse(a["since"]) if a["since"] else None
    return [e.as_dict() for e in timeline(a["country"], since=since, mechanism=a["mechanism"],
                                          actor=a.get("actor"))]


def mechanism_list(_session: ReadSession, _a: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every mechanism."""
    return [mechanism_dict(m.code) for m in mechanisms().values()]


def mechanism_dict(code: str) -> dict[str, Any]:
    """One mechanism as JSON, with the codes of its children."""
    return describe(code)


def council(_session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """The Security Council of a year and its recorded votes on the DPRK."""
    return council_view(a["year"])


def hrc(_session: ReadSession, a: Mapping[str, Any]) -> dict[str, Any]:
    """The Human Rights Council of a year, or of one day of it (`on`), each member with its term."""
    return hrc_view(a["year"], a.get("on"))


ISO3 = Param("iso3", "ISO 3166 alpha-3 code of a state, e.g. PRK.", where="path")
ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("/api/v1/stats", "Counts of what the store holds.", (), lambda s, a: stats(s).to_dict()),
    Endpoint("/api/v1/recommendations", "UPR recommendations, filtered and searched.",
             REC_PARAMS + LABEL_PARAMS + (MODE, CURSOR, LIMIT), recommendations, paged=True),
    Endpoint("/api/v1/recommendations/facets", "Facet counts of UPR recommendations under the filters, with the "
             "theme, SDG and affected-person facets of predicted or confirmed labels.",
             REC_PARAMS + LABEL_PARAMS + (MODE,), recommendation_facets),  # not remembered: labels change as people judge them
    Endpoint("/api/v1/recommendations/{id}", "One UPR recommendation with its source.",
             (Param("id", "Recommendation id.", where="path"),), lambda s, a: browse.recommendation(s, a["id"])),
    Endpoint("/api/v1/votes", "Recorded General Assembly votes with totals.", VOTE_PARAMS + (CURSOR, LIMIT), votes,
             paged=True),
    Endpoint("/api/v1/votes/{symbol:path}", "The recorded vote on a resolution, with each state's vote and the "
             "members absent from it.",
             (Param("symbol", "Document symbol, e.g. A/RES/69/188.", where="path"),),
             roll_call, body="RollCall"),
    Endpoint("/api/v1/designations", "Sanctions designations.", DES_PARAMS + (CURSOR, LIMIT), designations,
             paged=True),
    Endpoint("/api/v1/designations/{reference}", "One designation with names, dates, documents and source.",
             (Param("reference", "Reference number, e.g. KPi.043.", where="path"),
              Param("list", "Sanctions list.", enum=SanctionsList.names())),
             designation),
    Endpoint("/api/v1/profiles/{reference}", "A designated person's or entity's profile: listing resolution, "
             "institutions or members, cross-list links and timeline events.",
             (Param("reference", "Reference number, e.g. KPi.043.", where="path"),
              Param("list", "Sanctions list.", enum=SanctionsList.names())),
             lambda s, a: profile(s, a["reference"], a["list"]).to_dict()),
    Endpoint("/api/v1/countries/{iso3}", "Overview of a state: mechanisms, seats, latest outputs, counts, dates.",
             (ISO3,), lambda s, a: situation(a["iso3"], s).to_dict(), remembered=True),
    Endpoint("/api/v1/timeline", "The cited timeline of a situation.", TIMELINE_PARAMS, timeline_events),
    Endpoint("/api/v1/timeline/actors", "Every actor the timeline names, with how many events name it.", (),
             lambda s, a: [{"actor": name, "events": n} for name, n in actors()]),
    Endpoint("/api/v1/mechanisms", "The UN mechanisms.", (), mechanism_list, tag="machinery"),
    Endpoint("/api/v1/mechanisms/{code}", "One mechanism.", (Param("code", "Mechanism code, e.g. HRC.", where="path"),),
             lambda s, a: mechanism_dict(a["code"]), tag="machinery"),
    Endpoint("/api/v1/council/{year}", "The Security Council of a year.",
             (Param("year", "Calendar year (those whose members are held).", int, minimum=council_years().start,
                    maximum=council_years().stop - 1, where="path"),), council, tag="machinery"),
    Endpoint("/api/v1/hrc/{year}", "The Human Rights Council of a year (or of one day of it), with terms.",
             (Param("year", "Calendar year (those whose members are held).", int, minimum=hrc_years().start,
                    maximum=hrc_years().stop - 1, where="path"),
              Param("on", "One day of the year, YYYY-MM-DD: the members sitting that day (404 for a day of "
                          "another year).", pattern=DAY_PATTERN, shape="one day that exists, YYYY-MM-DD")), hrc,
             tag="machinery"),
    Endpoint("/api/v1/coalition/{iso3}", "States × recorded votes on the resolutions on a situation.",
             (ISO3, SORT), lambda s, a: coalition(s, a["iso3"], a["sort"]).to_dict(), remembered=True),
    Endpoint("/api/v1/search", "One search across recommendations, votes, designations, mechanisms, events.",
             (Param("q", 'Search text: words, "phrases", prefix*, -excluded, a OR b.', required=True,
                    max_length=MAX_QUERY),
              Param("limit", "Hits per kind.", int, minimum=1, maximum=50, default=5), MODE),
             lambda s, a: search_all(s, SearchQuery.parse(a["q"]), a["limit"],
                                     designation_name_matches(s, a["q"]), mode=a["mode"])),
    # ---- issue 11: resolutions and coverage ----
    Endpoint("/api/v1/resolutions/{iso3}", "Every resolution on a situation and how it was adopted: symbol, date, "
             "adopted_without_vote, yes, no, abstain (null without a vote), co-sponsorship changes, citation, and "
             "the roll call's page where one exists.", (ISO3,), lambda s, a: resolution_list(s, a["iso3"]).to_dict(),
             remembered=True),
    Endpoint("/api/v1/coverage", "What the data cover and what is known to be missing (UPR reviews not loaded, "
             "resolutions without a roll call, list issue dates).",
             (Param("to", "States under review to report UPR coverage for, e.g. PRK." + " Repeat it for several.",
                    country=True, multiple=True),), coverage, remembered=True),
)
