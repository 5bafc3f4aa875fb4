"""The screening postings that `rightsdesk screen` reads (`store/screening_keys.py`): their refresh after a list
load that changed the lists and whenever they are stale (a load that stopped before, another KEYS_VERSION).

Entries and names keep the numbers `ScreeningIndex.build` gives them over `load_designations` (every list, in list
and reference order), and each posting is stored whole, so that the part of the index one query needs, read from
them (`cli/screening.py: read_partial_index`, kept out of this package so that a `screen` does not import the
build's dependencies), scores as the whole index does.
"""

from __future__ import annotations

import time

from rightsdesk.screening.index import KEYS_VERSION, ScreeningIndex
from rightsdesk.store import Store


def refresh_screening_keys(store: Store) -> float:
    """Build the index over every designation held and save its postings, in one transaction; return the seconds
    taken."""
    from rightsdesk.access import SYSTEM
    from rightsdesk.store import ReadSession
    from rightsdesk.store.readers.designations import designation_ids, load_designations
    from rightsdesk.store.screening_keys import save_postings

    started = time.perf_counter()
    with store.writing() as conn:
        session = ReadSession(conn=conn, principal=SYSTEM)
        designations = load_designations(session)
        ids = designation_ids(session)  # in the same order, read in the same transaction
        index = ScreeningIndex.build(designations)
        entries = ({"entry": e, "designation_id": ids[e], "first_name": names[0] if names else -1,
                    "names": len(names)} for e, names in enumerate(index.entry_names))
        keys = [{"key": key, "name": n, "entry": index.names[n].entry}
                for key, posting in index.postings.items() for n in posting]
        keys += [{"key": f"i:{key}", "name": -1, "entry": e}
                 for key, found in index.by_identifier.items() for e in found]
        save_postings(conn, KEYS_VERSION, entries, keys)
    return time.perf_counter() - started


def screening_keys_stale(store: Store) -> bool:
    """True when the stored postings are not those of the lists held."""
    from rightsdesk.access import SYSTEM
    from rightsdesk.store.screening_keys import keys_stale

    with store.reading(SYSTEM) as session:
        return keys_stale(session.conn, KEYS_VERSION)
