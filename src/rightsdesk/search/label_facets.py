"""Recommendations by their predicted and confirmed labels: theme, SDG and affected-person facets and filters.

The labels are those of the labels table that a recommendation is taken to carry (`store.labels.applied_labels`:
model labels no person rejected, and labels a person confirmed or added). The browsing itself is `browse`'s:
a label filter is a selection of ids passed as its `within`, so the page, the export, the ordinary facets
(issue, cycle, response...) and the label facets all count the same filtered set. Each label facet counts under
every other filter, so choosing one theme still shows the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rightsdesk.search import browse
from rightsdesk.search.hybrid import Meaning, Mode
from rightsdesk.search.query import SearchQuery
from rightsdesk.store import ReadSession
from rightsdesk.store.labels import carrying, label_counts_by_scheme
from rightsdesk.store.readers.browse import Selection

LABEL_FACETS = {"theme": "uhri-theme", "sdg": "sdg", "persons": "affected-persons"}

Labels = Mapping[str, str | None]  # {"theme"|"sdg"|"persons": label, or None for any}


def within(labels: Labels, skip: str | None = None) -> list[Selection]:
    """The label filters as `browse`'s `within`: for each label chosen (but `skip`'s), the ids carrying it."""
    return [carrying(scheme, label) for facet, scheme in LABEL_FACETS.items()
            if facet != skip and (label := labels.get(facet))]


def recommendation_page(session: ReadSession, filters: Mapping[str, Any], labels: Labels,
                        query: SearchQuery, cursor: str | None = None, limit: int = 50, *,
                        meaning: Meaning | None = None) -> browse.Page:
    """`browse.recommendation_page`, also filtered by labels."""
    return browse.recommendation_page(session, filters, query, cursor, limit, within=within(labels), meaning=meaning)


def recommendations_all(session: ReadSession, filters: Mapping[str, Any], labels: Labels,
                        query: SearchQuery, *, meaning: Meaning | None = None) -> list[dict[str, Any]]:
    """`browse.recommendations_all`, also filtered by labels: every matching recommendation, for export."""
    return browse.recommendations_all(session, filters, query, within=within(labels), meaning=meaning)


def recommendation_facets(session: ReadSession, filters: Mapping[str, Any], labels: Labels,
                          query: SearchQuery, *, meaning: Meaning | None = None) -> dict[str, list[tuple[Any, int]]]:
    """`browse.recommendation_facets`, counted within the recommendations carrying the chosen labels."""
    return browse.recommendation_facets(session, filters, query, within=within(labels), meaning=meaning)


def label_facets(session: ReadSession, filters: Mapping[str, Any], labels: Labels,
                 query: SearchQuery, *, meaning: Meaning | None = None) -> dict[str, list[tuple[str, int]]]:
    """For each label facet, its labels and how many matching recommendations carry each, most first.

    Facets counted under the same filters share one query (with no label chosen, all three do): the matching
    set, a full-text search included, is selected once instead of once per facet."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for facet in LABEL_FACETS:  # a facet counts under every label filter but its own
        groups.setdefault(tuple(f for f in LABEL_FACETS if f != facet and labels.get(f)), []).append(facet)
    out: dict[str, list[tuple[str, int]]] = {}
    for facets in groups.values():
        ids = browse.recommendation_ids(session, filters, query, within=within(labels, skip=facets[0]),
                                        meaning=meaning)
        counted = label_counts_by_scheme(session.conn, [LABEL_FACETS[f] for f in facets], ids)
        out |= {facet: counted[LABEL_FACETS[facet]] for facet in facets}
    return {facet: out[facet] for facet in LABEL_FACETS}


def by_meaning(session: ReadSession, filters: Mapping[str, Any], labels: Labels, query: SearchQuery,
               mode: Mode) -> Meaning | None:
    """`browse.by_meaning` among the recommendations carrying the chosen labels."""
    return browse.by_meaning(session, filters, query, mode, within=within(labels))
