"""Which SDN entries are put beside the UN list of the situation's regime, and the refresh of the proposed links
between them. Which regime, programs and remark belong to the situation is the pack's (`sanctions` in pack.yaml)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rightsdesk.store import Store


@dataclass(frozen=True)
class LinkRefresh:
    """What a refresh did: links new, refreshed (kept, with score and evidence computed again), dropped."""

    new: int
    refreshed: int
    dropped: int
    seconds: float


def refresh_links(store: Store) -> LinkRefresh:
    """Propose links from the designations in the store and save them, keeping every decision made.

    The UN side is every record of the pack's regime (for the DPRK, the 1718 regime). The SDN side is every
    entry of the state's programs, and every other entry tied to the state: by nationality or address, by an
    identity document the state issued, by a "Linked To" tie to an entry of the programs, or by the remark that
    OFAC puts on every entry under the state's regulations (for the DPRK, the North Korea Sanctions Regulations:
    secondary sanctions risk). Many 1718 individuals are on the SDN list under the non-proliferation program
    (NPWMD) only. A pack that names no UN regime proposes nothing (and drops the proposals nobody decided).
    """
    from rightsdesk.access import SYSTEM
    from rightsdesk.linkage.crosslist import propose_links
    from rightsdesk.situation.records import sanctions_ties, situation_state
    from rightsdesk.store import ReadSession
    from rightsdesk.store.links import save_proposals
    from rightsdesk.store.readers.designations import designations, linked_to_regimes, load_designations

    started = time.perf_counter()
    ties, state = sanctions_ties(), situation_state()
    with store.writing() as conn:  # read and save in one transaction: the links match the lists read
        session = ReadSession(conn=conn, principal=SYSTEM)
        proposals = []
        if ties.un_regime:
            un = load_designations(session, ["un"], [ties.un_regime])
            tied = {d.reference_number for d in designations(session, list_name="ofac-sdn", country=state)}
            tied |= linked_to_regimes(session, "ofac-sdn", ties.sdn_programs)
            sdn = [d for d in load_designations(session, ["ofac-sdn"])
                   if ties.sdn_programs & set(d.regimes) or d.reference_number in tied
                   or any(doc.country == state for doc in d.documents)
                   or (ties.sdn_remark and ties.sdn_remark in d.narrative)]
            proposals = propose_links(un, sdn, regime=ties.un_regime, programs=None)
        done = save_proposals(conn, (link.to_dict() for link in proposals))
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
    from rightsdesk.store.readers.sources import link_count

    with store.reading(SYSTEM) as session:
        return link_count(session) > 0
