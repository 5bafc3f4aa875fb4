"""Guarded reads for the workbench's case pages: the case list (keyset pages and facets), the cases naming a
designation, and the "possibly the same person" suggestions, each checking the principal's permission and
writing its audit entry (`readers/cases.py` holds the rest: show, history, search, export).

    with guarded(store, ring, principal, "web cases") as session:
        page = browse_cases(session, ring, CaseFilters(act="abduction"), after=None, limit=50)

Whoever may not see cases learns nothing from these, not even how many there are: `cases_naming` answers None
(show nothing) rather than an empty list, and suggestions pointing to a case the principal may not see are left
out.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rightsdesk.access import Action, check
from rightsdesk.cases.crypto import Keyring
from rightsdesk.store import ReadSession, audit
from rightsdesk.store.case_browse import CaseFilters, CasePage, case_facets, case_page, suggestions_for
from rightsdesk.store.case_records import case_summaries
from rightsdesk.store.readers.cases import _require_somewhere, allowed_collections, case_in_scope
from rightsdesk.store.schema_case_records import case_person, case_record

NAMING_SHOWN = 200


def browse_cases(session: ReadSession, ring: Keyring, filters: CaseFilters, *, after: str | None = None,
                 before: str | None = None, limit: int = 50) -> CasePage:
    """One keyset page of the pseudonymised cases in the principal's collections (view-case). Audited."""
    collections = _require_somewhere(session.principal, Action.VIEW_CASE)
    page = case_page(session.conn, collections, filters, after=after, before=before, limit=limit)
    audit.append(session.conn, ring, actor=session.principal.label, action="list", target="cases",
                 detail={"cases": len(page.items), "filters": filters.as_dict(), "after": after or "",
                         "before": before or ""})
    return page


def browse_facets(session: ReadSession, filters: CaseFilters) -> dict[str, list[tuple[str, int]]]:
    """Facet counts over the principal's collections (view-case); counts only, so not audited apart from the
    list they come with."""
    return case_facets(session.conn, _require_somewhere(session.principal, Action.VIEW_CASE), filters)


def cases_naming(session: ReadSession, ring: Keyring, reference: str) -> list[dict[str, Any]] | None:
    """The pseudonymised lines of the cases naming the designation `reference` as a perpetrator, in the
    collections the principal may see; None (show nothing, not even a count) without view-case anywhere."""
    collections = allowed_collections(session.principal, Action.VIEW_CASE)
    if collections == []:
        return None
    query = (select(case_person.c.case_id).join(case_record, case_record.c.id == case_person.c.case_id)
             .where(case_person.c.designation == reference).distinct().order_by(case_person.c.case_id)
             .limit(NAMING_SHOWN))
    if collections is not None:
        query = query.where(case_record.c.collection.in_(collections))
    ids = list(session.conn.scalars(query))
    rows = case_summaries(session.conn, None, ids=ids) if ids else []
    audit.append(session.conn, ring, actor=session.principal.label, action="list", target=f"designation:{reference}",
                 detail={"cases": len(rows)})
    return rows


def case_suggestions(session: ReadSession, ring: Keyring, case_id: str) -> dict[str, list[dict[str, Any]]] | None:
    """Each victim's "possibly the same person" suggestions (pseudonym → the other members of their cluster in the
    latest linkage run), for a principal with view-identity in the case's collection; None for anyone else.
    Another case's victim is shown only where the principal may see that case."""
    collection = case_in_scope(session, case_id, Action.VIEW_CASE)
    if not check(session.principal, Action.VIEW_IDENTITY, collection).allowed:
        return None
    persons: dict[str, str] = {r.id: r.pseudonym for r in session.conn.execute(
        select(case_person.c.id, case_person.c.pseudonym).where(case_person.c.case_id == case_id))}
    found = suggestions_for(session.conn, ring, persons)
    others = {r["other_case"] for rows in found.values() for r in rows if r["other_case"]}
    visible = {cid: coll for cid, coll in session.conn.execute(
        select(case_record.c.id, case_record.c.collection).where(case_record.c.id.in_(sorted(others))))
        if check(session.principal, Action.VIEW_CASE, coll).allowed} if others else {}
    out: dict[str, list[dict[str, Any]]] = {}
    for person_id, rows in found.items():
        shown = [r for r in rows if not r["other_person_id"] or r["other_case"] in visible]
        if shown:
            out[persons[person_id]] = shown
    return out
