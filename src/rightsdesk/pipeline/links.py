"""Which SDN entries are put beside the UN 1718 list, and the refresh of the proposed links between them."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rightsdesk.store import Store

DPRK_REMARK = "North Korea Sanctions Regulations"


@dataclass(frozen=True)
class LinkRefresh:
    """What a refresh did: links new, refreshed (kept, with score and evidence computed again), dropped."""

    new: int
    refreshed: int
    dropped: int
    seconds: float


def refresh_links(store: Store) -> LinkRefresh:
    """Propose links from the designations in the store and save them, keeping every decision made.

    The SDN side is every entry of the DPRK programs, and every other entry tied to the DPRK: by nationality or
    address, by an identity document the DPRK issued, by a "Linked To" tie to an entry of the DPRK programs, or by
    the remark that OFAC puts on every entry under the North Korea Sanctions Regulations (secondary sanctions risk).
    Many 1718 individuals are on the SDN list under the non-proliferation program (NPWMD) only.
    """
    from rightsdesk.linkage.crosslist import DPRK_PROGRAMS, UN_REGIME, propose_links
    from rightsdesk.store import reader
    from rightsdesk.store.links import save_proposals

    started = time.perf_counter()
    with store.writing() as conn:
        un = reader.load_designations(conn, ["un"], [UN_REGIME])
        tied = {d["reference_number"] for d in reader.designations(conn, list_name="ofac-sdn", country="PRK")}
        tied |= reader.linked_to_regimes(conn, "ofac-sdn", DPRK_PROGRAMS)
        sdn = [d for d in reader.load_designations(conn, ["ofac-sdn"])
               if DPRK_PROGRAMS & set(d.regimes) or d.reference_number in tied
               or any(doc.country == "PRK" for doc in d.documents) or DPRK_REMARK in d.narrative]
        done = save_proposals(conn, (link.to_dict() for link in propose_links(un, sdn, programs=None)))
    return LinkRefresh(done["new"], done["refreshed"], done["dropped"], time.perf_counter() - started)


def links_stale(store: Store) -> bool:
    """True when the links were computed from other lists than those held, or never while lists are held."""
    from rightsdesk.access import SYSTEM
    from rightsdesk.store.links import links_stale as stale

    with store.reading(SYSTEM) as session:
        return stale(session.conn)


def has_links(store: Store) -> bool:
    """True when any cross-list link is stored."""
    from rightsdesk.access import SYSTEM
    from rightsdesk.store import reader

    with store.reading(SYSTEM) as session:
        return reader.link_count(session.conn) > 0
