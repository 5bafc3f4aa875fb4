"""The screening postings that `rightsdesk screen` reads (`store/screening_keys.py`): their refresh after a list
load that changed the lists and whenever they are stale (a load that stopped before, another KEYS_VERSION), and
the part of the index one query needs, read from them.

Entries and names keep the numbers `ScreeningIndex.build` gives them over `load_designations` (every list, in list
and reference order), and each posting is stored whole, so scoring the partial index gives the same candidates,
scores and order as scoring the whole one. A query naming lists builds its own index (the postings, and so the
candidates, of a smaller index differ).
"""

from __future__ import annotations

import time

from rightsdesk.screening.index import KEYS_VERSION, PartialIndex, ScreeningIndex, blocking_keys, identifier_keys
from rightsdesk.screening.query import ScreeningQuery
from rightsdesk.screening.scoring import query_names
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


def stored_index(store: Store, query: ScreeningQuery) -> PartialIndex | None:
    """The part of the whole index (every list) that scoring `query` reads, from the stored postings; None when
    they are stale, empty or name a designation not held, so that the caller builds the index itself."""
    from rightsdesk.access import ANONYMOUS
    from rightsdesk.store.readers.designations import load_designations_by_id
    from rightsdesk.store.screening_keys import has_postings, keys_stale, read_entries, read_postings

    with store.reading(ANONYMOUS) as session:
        conn = session.conn
        if keys_stale(conn, KEYS_VERSION) or not has_postings(conn):
            return None
        parsed = query_names(query)
        keys = {k for p in parsed for k in blocking_keys(p)}
        keys |= {f"i:{k}" for i in query.identifiers for k in identifier_keys(i)}
        part = PartialIndex()
        entry_of: dict[int, int] = {}
        for key, name, entry in read_postings(conn, keys):
            if key.startswith("i:"):
                part.by_identifier.setdefault(key[2:], []).append(entry)
            else:
                part.postings.setdefault(key, []).append(name)
                entry_of[name] = entry
        wanted = {entry_of[n] for p in parsed for n in part.candidates(p)}
        wanted |= {e for i in query.identifiers for e in part.entries_with_identifier(i)}
        rows = read_entries(conn, wanted)
        designations = load_designations_by_id(session, [r.designation_id for r in rows]) if rows else {}
    for row in rows:
        designation = designations.get(row.designation_id)
        if designation is None:
            return None  # the postings name a designation no longer held: bad, whatever the stamp says
        part.add(row.entry, row.first_name, designation)
        if len(part.entry_names[row.entry]) != row.names:
            return None  # the names are not those the postings were made from
    return part
