"""Recommendations by their predicted and confirmed labels: theme, SDG and affected-person facets and filters.

The labels are those of the labels table that a recommendation is taken to carry (`store.labels.applied_labels`:
model labels no person rejected, and labels a person confirmed or added). The browsing itself is `browse`'s:
these functions add the label filters to its selection and count the label facets over the rows it matches
(under every other filter, so choosing one theme still shows the others).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Select

from rightsdesk.search import browse
from rightsdesk.search.query import SearchQuery
from rightsdesk.store import schema
from rightsdesk.store.labels import carrying, label_counts

LABEL_FACETS = {"theme": "uhri-theme", "sdg": "sdg", "persons": "affected-persons"}


def _with_labels(q: Select[Any], labels: Mapping[str, str | None], skip: str | None = None) -> Select[Any]:
    for facet, scheme in LABEL_FACETS.items():
        label = labels.get(facet)
        if facet != skip and label:
            q = q.where(q.selected_columns.id.in_(carrying(scheme, label)))
    return q


def recommendation_page(conn: Connection, filters: Mapping[str, Any], labels: Mapping[str, str | None],
                        query: SearchQuery, cursor: str | None = None, limit: int = 50) -> browse.Page:
    """`browse.recommendation_page`, also filtered by labels ({"theme"|"sdg"|"persons": label})."""
    if not any(labels.get(facet) for facet in LABEL_FACETS):
        return browse.recommendation_page(conn, filters, query, cursor, limit)
    q = _with_labels(browse._rec_select(conn, filters, query), labels)
    counted = _with_labels(browse._rec_select(conn, filters, query, columns=(schema.upr_recommendation.c.id,)), labels)
    rows, total, nxt = browse._page(conn, q, cursor, limit, counted)
    return browse.Page([browse._rec_dict(r) for r in rows], total, nxt)


def recommendations_all(conn: Connection, filters: Mapping[str, Any], labels: Mapping[str, str | None],
                        query: SearchQuery) -> list[dict[str, Any]]:
    """`browse.recommendations_all`, also filtered by labels: every matching recommendation, for export."""
    return [browse._rec_dict(r) for r in conn.execute(_with_labels(browse._rec_select(conn, filters, query), labels))]


def label_facets(conn: Connection, filters: Mapping[str, Any], labels: Mapping[str, str | None],
                 query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
    """For each label facet, its labels and how many matching recommendations carry each, most first."""
    rows = browse._rec_select(conn, filters, query)
    out: dict[str, list[tuple[str, int]]] = {}
    for facet, scheme in LABEL_FACETS.items():
        matched = _with_labels(rows, labels, skip=facet)
        out[facet] = label_counts(conn, scheme, matched.with_only_columns(matched.selected_columns.id)
                                  .order_by(None))
    return out
