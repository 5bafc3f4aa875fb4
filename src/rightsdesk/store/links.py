"""Cross-list links in the store: proposals from `linkage.crosslist`, and the reviewer's decisions on them.

A proposal is identified by its pair (left list and reference, right list and reference). Proposing again
refreshes the score and evidence of a pair but never undoes a decision: a link a person accepted or rejected
stays accepted or rejected, with who decided and when. Proposals that a new run no longer makes, and that
nobody decided, are removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, select, update

from rightsdesk.errors import ConflictError, InputError, NotFoundError
from rightsdesk.model.ids import natural_id
from rightsdesk.model.vocab import SanctionsList
from rightsdesk.store import schema
from rightsdesk.store.edits import note_edit, stamp
from rightsdesk.store.readers.sources import fingerprint

STATUSES = ("proposed", "accepted", "rejected")


def link_id(left_list: str, left_ref: str, right_list: str, right_ref: str) -> str:
    """The id of a link: a hash of its pair."""
    return natural_id("link", left_list, left_ref, right_list, right_ref)


LINKS = "links"  # the derived_version row of the links


def inputs_version(conn: Connection) -> str:
    """The content version of what links are computed from: the sanctions lists' sources."""
    return fingerprint(conn, SanctionsList.ingestors())


def links_stale(conn: Connection) -> bool:
    """True when the links were computed from other lists than those held (a load that stopped before the links
    were refreshed), or never computed while lists are held."""
    v = schema.derived_version
    stored = conn.execute(select(v.c.version).where(v.c.name == LINKS)).scalar()
    return stored != inputs_version(conn)


def save_proposals(conn: Connection, proposals: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Store proposed links (dicts with the table's columns), computed from the lists held now, and record that
    version of the lists in the same transaction; return how many were new, refreshed, dropped."""
    t = schema.designation_link
    existing = {r.id: r.status for r in conn.execute(select(t.c.id, t.c.status))}
    history = {r.id: r.evidence["earlier_decisions"] for r in conn.execute(select(t.c.id, t.c.evidence))
               if isinstance(r.evidence, dict) and r.evidence.get("earlier_decisions")}
    new, refreshed, seen = [], 0, set()
    for p in proposals:
        lid = link_id(p["left_list"], p["left_ref"], p["right_list"], p["right_ref"])
        seen.add(lid)
        if lid in existing:
            evidence = {**p["evidence"], "earlier_decisions": history[lid]} if lid in history else p["evidence"]
            conn.execute(update(t).where(t.c.id == lid).values(score=p["score"], evidence=evidence))
            refreshed += 1
        else:
            new.append({**{k: p[k] for k in ("left_list", "left_ref", "right_list", "right_ref", "score", "evidence")},
                        "id": lid, "status": "proposed", "decided_by": None, "decided_at": None})
    if new:
        conn.execute(t.insert(), new)
    stale = [lid for lid, status in existing.items() if lid not in seen and status == "proposed"]
    if stale:
        conn.execute(delete(t).where(t.c.id.in_(stale)))
    stamp(conn, LINKS, inputs_version(conn))
    return {"new": len(new), "refreshed": refreshed, "dropped": len(stale)}


def list_links(conn: Connection, status: str | None = None) -> list[dict[str, Any]]:
    """Stored links, best score first, optionally of one status."""
    t = schema.designation_link
    q = select(t).order_by(t.c.score.desc(), t.c.left_ref, t.c.right_ref)
    if status:
        q = q.where(t.c.status == status)
    rows = []
    for r in conn.execute(q).mappings():
        row = dict(r)
        row["decided_at"] = row["decided_at"].isoformat() if row["decided_at"] else None
        rows.append(row)
    return rows


def links_of(conn: Connection, list_name: str, reference_number: str) -> list[dict[str, Any]]:
    """The stored links of one designation (on either side), best score first: what `list_links` holds for it,
    read with a filter rather than the whole table."""
    t = schema.designation_link
    q = (select(t).where(((t.c.left_list == list_name) & (t.c.left_ref == reference_number))
                         | ((t.c.right_list == list_name) & (t.c.right_ref == reference_number)))
         .order_by(t.c.score.desc(), t.c.left_ref, t.c.right_ref))
    rows = []
    for r in conn.execute(q).mappings():
        row = dict(r)
        row["decided_at"] = row["decided_at"].isoformat() if row["decided_at"] else None
        rows.append(row)
    return rows


def decide(conn: Connection, link: str, decision: str, by: str, *, change: bool = False) -> dict[str, Any]:
    """Record a reviewer's decision (accepted or rejected) on a link, with who and when.

    A link already decided keeps its decision unless `change`; then the earlier decision is kept in the
    evidence (`earlier_decisions`), so that no reviewer's word is lost without trace.
    """
    if decision not in ("accepted", "rejected"):
        raise InputError(f"a decision is 'accepted' or 'rejected', not {decision!r}")
    if not by.strip():
        raise InputError("say who decides (--by NAME)")
    t = schema.designation_link
    # autoescape: an id given with % or _ is matched as written, never as a LIKE wildcard (any link at all)
    found = conn.execute(select(t.c.id).where(t.c.id.startswith(link, autoescape=True))).scalars().all()
    if len(found) != 1:
        raise NotFoundError(f"no link {link!r}" if not found else f"{link!r} names {len(found)} links: give more of the id")
    row = conn.execute(select(t.c.status, t.c.decided_by, t.c.decided_at, t.c.evidence)
                       .where(t.c.id == found[0])).one()
    evidence = dict(row.evidence or {})
    if row.status != "proposed":
        if not change:
            when = f"{row.decided_at:%Y-%m-%d %H:%M}" if row.decided_at else "an unknown time"
            raise ConflictError(f"link {found[0][:12]} was {row.status} by {row.decided_by} at {when}; give --change "
                             "to replace that decision (it stays on record)")
        evidence["earlier_decisions"] = [*evidence.get("earlier_decisions", []),
                                         {"status": row.status, "by": row.decided_by,
                                          "at": row.decided_at.isoformat() if row.decided_at else None}]
    conn.execute(update(t).where(t.c.id == found[0])
                 .values(status=decision, decided_by=by.strip(), decided_at=dt.datetime.now(dt.UTC),
                         evidence=evidence))
    note_edit(conn)  # a profile shows the decision at once, also through a cached page
    return next(r for r in list_links(conn) if r["id"] == found[0])
