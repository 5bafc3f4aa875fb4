"""The refresh of the screening postings that `rightsdesk screen` reads (`store/screening_keys.py`): after a list
load that changed the lists, and whenever they are stale (a load that stopped before, another KEYS_VERSION)."""

from __future__ import annotations

import time

from rightsdesk.store import Store


def refresh_screening_keys(store: Store) -> float:
    """Compute and save the postings over the designations held, in one transaction; return the seconds taken."""
    from rightsdesk.store.screening_keys import refresh

    started = time.perf_counter()
    with store.writing() as conn:
        refresh(conn)
    return time.perf_counter() - started


def screening_keys_stale(store: Store) -> bool:
    """True when the stored postings are not those of the lists held."""
    from rightsdesk.access import SYSTEM
    from rightsdesk.store.screening_keys import keys_stale

    with store.reading(SYSTEM) as session:
        return keys_stale(session.conn)
