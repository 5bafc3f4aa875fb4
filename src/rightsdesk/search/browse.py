"""Faceted, paginated browsing of the store: UPR recommendations, roll calls and designations, with search.

Each `*_page` function returns a `Page` (items, total, next cursor); each `*_all` returns every matching row
for export; `recommendation_facets` counts each facet's values under the other filters (so choosing one value
of a facet still shows the others). Cursors are opaque strings; a malformed one is an InputError.

The recommendation functions take `within`: selections of recommendation ids that a row must also be in (each
one a condition). It is the seam for filters this module does not know, such as the predicted labels of
`label_facets`, so that pages, exports, facets and ids all count the same set. They also take `meaning` (see
`hybrid.Meaning`, made by `by_meaning`): the recommendations nearest in meaning, which replace the full-text
matches (semantic) or join them (hybrid), best first by weighted reciprocal rank.

The statements are the store's (`store/readers/browse.py`); here the rows become pages and JSON, with cursors,
citations and the fusion of words and meaning. Nothing here builds SQL. Every function that reads takes the
`ReadSession` of who is asking (the data is public: any principal is answered alike).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.mechanisms.upr_reviews import action_category_name, citation, working_group_report
from rightsdesk.search import hybrid
from rightsdesk.search.query import SearchQuery
from rightsdesk.store import ReadSession
from rightsdesk.store.readers import browse as reader
from rightsdesk.store.readers.browse import DES_FILTERS, REC_FACETS, VOTE_SORTS, Selection, Within, values

__all__ = ["CURSOR_PATTERN", "DES_FILTERS", "MAX_LIMIT", "REC_FACETS", "REC_FILTERS", "VOTE_SORTS", "Page",
           "Selection", "Within", "by_meaning", "decode_cursor", "designation_page", "designation_regimes",
           "designations_all", "encode_cursor", "full_title", "recommendation", "recommendation_facets",
           "recommendation_ids", "recommendation_page", "recommendations_all", "resolve_issues", "values",
           "vote_page", "votes_all"]

MAX_LIMIT = 500
REC_FILTERS = ("to",) + REC_FACETS


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, how many match in all, and the cursor of the next page (None at the end)."""

    items: list[dict[str, Any]]
    total: int
    next_cursor: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON shape: items, total, next_cursor."""
        return {"items": self.items, "total": self.total, "next_cursor": self.next_cursor}


# A cursor is `o` and the offset of the page, in digits: a form the OpenAPI document states exactly (a pattern),
# so that every cursor the document allows is one the server reads (issue 15, 7).
CURSOR_PATTERN = r"^o(0|[1-9][0-9]{0,8})$"


def encode_cursor(offset: int) -> str:
    """The cursor of the page starting at `offset` (opaque to clients: use a page's next_cursor)."""
    return f"o{offset}"


def decode_cursor(cursor: str | None) -> int:
    """The offset behind a cursor; InputError if it is not one of ours."""
    if not cursor:
        return 0
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        raise InputError(f"invalid cursor {cursor[:40]!r}: use the next_cursor of a previous page")
    return int(cursor[1:])


def _offset(cursor: str | None, limit: int) -> int:
    """The offset of the page `cursor` names; InputError if the cursor is not ours or `limit` out of range."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return decode_cursor(cursor)


def _next(offset: int, limit: int, total: int) -> str | None:
    return encode_cursor(offset + limit) if offset + limit < total else None


# ---- UPR recommendations -----------------------------------------------------------------------------------

def resolve_issues(session: ReadSession, filters: Mapping[str, Any]) -> dict[str, Any]:
    """`filters` with each issue label spelled as stored, case aside ("torture and other CID treatment" finds
    "Torture and other CID treatment"); a label no recommendation carries is an InputError that says so and
    names the nearest labels."""
    wanted = values(filters.get("issue"))
    if not wanted:
        return dict(filters)
    known = {x.casefold(): x for x in reader.issue_labels(session)}
    out = []
    for label in wanted:
        stored = known.get(" ".join(str(label).split()).casefold())
        if stored is None:
            asked = " ".join(str(label).split()).casefold()
            near = [k for k in known if asked and asked in k][:3] or difflib.get_close_matches(
                asked, list(known), n=3, cutoff=0.5)  # "torture" means "Torture and other CID treatment"
            hint = f"; did you mean {' or '.join(repr(known[n]) for n in near)}?" if near else (
                "; see the issue facet (/api/v1/recommendations/facets) for the labels held")
            raise InputError(f"unknown issue {str(label)[:80]!r}: no recommendation carries it{hint}")
        out.append(stored)
    return {**filters, "issue": tuple(dict.fromkeys(out))}


def _ranked_ids(session: ReadSession, filters: Mapping[str, Any], query: SearchQuery, meaning: hybrid.Meaning,
                within: Within) -> list[str]:
    """The ids matching under the filters, best first: the full-text matches in their order (hybrid) fused with
    the nearest in meaning by weighted reciprocal rank, as `hybrid.search_recommendations` fuses them."""
    kept = set(reader.ids_among(session, filters, meaning.ids, within))
    by_meaning = [(ref, 0.0) for ref in meaning.ids if ref in kept]
    if not meaning.with_words or query.empty or query.only_excluded:
        return [ref for ref, _ in by_meaning]
    by_words = [(ref, 0.0) for ref in reader.word_match_ids(session, filters, query, within)]
    return [ref for ref, _ in hybrid.fuse(by_words, by_meaning, weights=(hybrid.KEYWORD_WEIGHT, 1.0))]


def _rows_of(session: ReadSession, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The recommendations of `ids` as JSON, in that order."""
    return [_rec_dict(r) for r in reader.recommendation_rows_by_id(session, ids)]


def by_meaning(session: ReadSession, filters: Mapping[str, Any], query: SearchQuery, mode: hybrid.Mode, *,
               within: Within = ()) -> hybrid.Meaning | None:
    """The recommendations nearest in meaning to the query among those the filters allow, for `mode` (None in
    keyword mode: see `hybrid.meaning`)."""
    if mode == "keyword" or query.empty or query.only_excluded:
        return hybrid.meaning(session, query, mode)  # checks the mode's name
    among = None
    if within or any(values(v) for v in filters.values()):
        among = reader.matching_ids(session, recommendation_ids(session, filters, SearchQuery.parse(None),
                                                                within=within))
    return hybrid.meaning(session, query, mode, among)


def _rec_dict(r: Any) -> dict[str, Any]:
    """A recommendation as JSON, citable: the Working Group report's symbol and paragraph where known (the
    report loaded, else the report entered for the review) and the citation line."""
    extra = r._mapping
    paragraph = r.paragraph or extra.get("report_paragraph")
    report = extra.get("report_symbol") or working_group_report(r.to_state, r.session)
    response = r.response or extra.get("report_response")
    return {"id": r.id, "to": r.to_state, "from": r.from_state, "text": r.text,
            "response": response, "response_original": r.response_original,
            "cycle": r.cycle, "session": r.session, "issues": list(r.issues), "action_category": r.action_category,
            "action_category_name": action_category_name(r.action_category),
            "paragraph": paragraph, "report_symbol": report,
            "citation": citation(to=r.to_state, from_=r.from_state, from_original=r.from_state_original,
                                 cycle=r.cycle, session=r.session, paragraph=paragraph, report=report,
                                 response=response)}


def recommendation_page(session: ReadSession, filters: Mapping[str, Any], query: SearchQuery,
                        cursor: str | None = None, limit: int = 50, *, within: Within = (),
                        meaning: hybrid.Meaning | None = None) -> Page:
    """Recommendations matching the filters (see REC_FILTERS), the search and `within`, best match first when
    searching."""
    filters = resolve_issues(session, filters)
    offset = _offset(cursor, limit)
    if meaning is not None:  # ordered here, in Python: a fused rank is no column
        order = _ranked_ids(session, filters, query, meaning, within)
        return Page(_rows_of(session, order[offset:offset + limit]), len(order), _next(offset, limit, len(order)))
    rows, total = reader.recommendation_rows(session, filters, query, within=within, offset=offset, limit=limit)
    return Page([_rec_dict(r) for r in rows], total, _next(offset, limit, total))


def recommendations_all(session: ReadSession, filters: Mapping[str, Any], query: SearchQuery, *,
                        within: Within = (), meaning: hybrid.Meaning | None = None) -> list[dict[str, Any]]:
    """Every recommendation matching, for export."""
    filters = resolve_issues(session, filters)
    if meaning is not None:
        return _rows_of(session, _ranked_ids(session, filters, query, meaning, within))
    rows, _ = reader.recommendation_rows(session, filters, query, within=within)
    return [_rec_dict(r) for r in rows]


def recommendation_ids(session: ReadSession, filters: Mapping[str, Any], query: SearchQuery, *,
                       within: Within = (), meaning: hybrid.Meaning | None = None) -> Selection:
    """The ids of the recommendations matching (a selection, to count or filter by; unordered)."""
    return reader.recommendation_ids(session, resolve_issues(session, filters), query, within=within, meaning=meaning)


def recommendation(session: ReadSession, rec_id: str) -> dict[str, Any]:
    """One recommendation with its source: the dataset, the file's name and sha256, never a path on the server;
    NotFoundError if none."""
    row = reader.recommendation_with_source(session, rec_id)
    if row is None:
        raise NotFoundError(f"no UPR recommendation {rec_id[:40]!r}")
    return {**_rec_dict(row), "to_original": row.to_state_original, "from_original": row.from_state_original,
            "source": {"dataset": row.dataset, "file": PurePath(str(row.path).replace("\\", "/")).name,
                       "sha256": row.sha256}}


def recommendation_facets(session: ReadSession, filters: Mapping[str, Any], query: SearchQuery, *,
                          within: Within = (),
                          meaning: hybrid.Meaning | None = None) -> dict[str, list[tuple[Any, int]]]:
    """For each facet, its values and counts under every other filter and `within`, most frequent first (cycles
    in order); see `store.readers.browse.recommendation_facets` for how they are counted."""
    return reader.recommendation_facets(session, resolve_issues(session, filters), query, within=within,
                                        meaning=meaning)


# ---- roll calls ----------------------------------------------------------------------------------------------

def _with_totals(session: ReadSession, rows: Sequence[Any]) -> list[dict[str, Any]]:
    counts = reader.vote_totals(session, [r.rcid for r in rows])
    return [{"rcid": r.rcid, "symbol": r.symbol, "date": r.date.isoformat() if r.date else None,
             "session": r.session, "title": full_title(r.short_title, r.description), "short_title": r.short_title,
             "description": r.description,
             "issues": list(r.issues), "amendment": r.amendment, "paragraph": r.paragraph,
             **{k: counts[r.rcid].get(k, 0) for k in ("yes", "no", "abstain")}} for r in rows]


def full_title(short_title: str | None, description: str | None) -> str:
    """A roll call's title in full: the source's short title is often cut off ("Situation of human rights in
    the Dem..."), so where the description begins with it, or it ends cut, the description's first sentence is
    the title."""
    short, full = (short_title or "").strip(), (description or "").strip()
    if not full:
        return short
    first = re.split(r" : |\. ", full)[0].rstrip(".")
    cut = short.endswith(("...", "…")) or (short and full.casefold().startswith(short.rstrip(".…").casefold())
                                              and len(first) > len(short))
    return first if (cut or not short) else short


def vote_page(session: ReadSession, query: SearchQuery, un_session: Any = None, cursor: str | None = None,
              limit: int = 50, sort: str = "-date") -> Page:
    """Recorded votes with their totals, newest first (or in the order `sort` names, see VOTE_SORTS), of the
    General Assembly sessions in `un_session` (all if none)."""
    offset = _offset(cursor, limit)
    rows, total = reader.vote_rows(session, query, un_session, sort, offset=offset, limit=limit)
    return Page(_with_totals(session, rows), total, _next(offset, limit, total))


def votes_all(session: ReadSession, query: SearchQuery, un_session: Any = None,
              sort: str = "-date") -> list[dict[str, Any]]:
    """Every recorded vote matching, with totals, for export."""
    return _with_totals(session, reader.vote_rows(session, query, un_session, sort)[0])


# ---- designations --------------------------------------------------------------------------------------------

def _des_dict(r: Any) -> dict[str, Any]:
    return {"_id": r.id, "list": r.list_name, "reference_number": r.reference_number, "kind": r.kind, "name": r.name,
            "name_original_script": r.name_original_script, "regimes": list(r.regimes),
            "nationalities": list(r.nationalities), "listed_on": r.listed_on.isoformat() if r.listed_on else None}


def designation_page(session: ReadSession, filters: Mapping[str, Any], query: SearchQuery, cursor: str | None = None,
                     limit: int = 50, named: Sequence[tuple[str, str, float]] = ()) -> Page:
    """Designations matching the filters (see DES_FILTERS) and the search (and those in `named`: (list,
    reference, score) that a name model found, ranked before the full-text hits)."""
    offset = _offset(cursor, limit)
    rows, total = reader.designation_rows(session, filters, query, named, offset=offset, limit=limit)
    items = [_des_dict(r) for r in rows]
    for item in items:
        item.pop("_id")
    return Page(items, total, _next(offset, limit, total))


def designations_all(session: ReadSession, filters: Mapping[str, Any], query: SearchQuery,
                     named: Sequence[tuple[str, str, float]] = ()) -> list[dict[str, Any]]:
    """Every designation matching, for export, with every name (aliases), date of birth and document number."""
    rows = [_des_dict(r) for r in reader.designation_rows(session, filters, query, named)[0]]
    details = reader.designation_details(session, [r.pop("_id") for r in rows])
    for row, extra in zip(rows, details, strict=True):
        row.update(extra)
    return rows


def designation_regimes(session: ReadSession) -> list[tuple[str, int]]:
    """Every regime with its number of designations, most first."""
    return reader.designation_regimes(session)
