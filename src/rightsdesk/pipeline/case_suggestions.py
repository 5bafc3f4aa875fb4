"""Linked clusters brought back to the cases as "possibly the same person" suggestions (issue 12, Deliver 11).

When the victims of the case store are linked with other lists (a full export read as a list by `link-lists` or
the workbench's /lists page; its records are named "case id/pseudonym"), every cluster that holds a stored
victim and some other record says: these may be one person. `bring_back` stores, for each such victim, the
other members of their cluster (ids only, never a name; the other record's "list:id" encrypted, since it names
an uploaded file), as one run; the case page shows the latest run's
suggestions to those who may see identities in the case's collection, for a reviewer to judge.

Only victims of collections where the principal may see identities are touched (they are the ones whose export
the principal could link), and a cluster larger than MAX_CLUSTER gives no suggestion (such a cluster is a
linkage problem to review on the lists page, not a person).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rightsdesk.access import Action, Principal, check
from rightsdesk.cases.crypto import Keyring
from rightsdesk.store import Store, audit
from rightsdesk.store.case_browse import new_run, person_by_pseudonym, store_suggestions

CASE_RECORD = re.compile(r"^([0-9a-f]{16})/(P-[0-9A-F]{12})$")
MAX_CLUSTER = 20


@dataclass(frozen=True)
class BroughtBack:
    """What a run brought back: its id, how many stored victims got suggestions, and how many suggestions."""

    run: str
    persons: int
    suggestions: int


def case_member(record: str) -> tuple[str, str] | None:
    """(case id, pseudonym) when `record` ("list:id") is a victim of the case store, else None."""
    found = CASE_RECORD.match(record.partition(":")[2])
    return (found.group(1), found.group(2)) if found else None


def suggestion_rows(cluster_of: Mapping[str, str], persons: Mapping[tuple[str, str], tuple[str, str]],
                    may_see: set[str]) -> list[dict[str, Any]]:
    """The rows to store: for each stored victim (of a collection in `may_see`) in a cluster of 2 to MAX_CLUSTER
    records, one per other member of the cluster."""
    members: dict[str, list[str]] = defaultdict(list)
    for record, cluster in cluster_of.items():
        members[cluster].append(record)
    rows = []
    for cluster, records in members.items():
        if not 2 <= len(records) <= MAX_CLUSTER:
            continue
        for record in sorted(records):
            key = case_member(record)
            mine = persons.get(key) if key else None
            if mine is None or mine[1] not in may_see:
                continue
            for other in sorted(records):
                other_key = case_member(other)
                theirs = persons.get(other_key) if other_key else None
                if other == record or (theirs is not None and theirs[0] == mine[0]):
                    continue
                rows.append({"case_id": key[0] if key else "", "person_id": mine[0], "cluster": cluster[:40],
                             "other": other[:200], "other_person_id": theirs[0] if theirs else None})
    return rows


def bring_back(store: Store, ring: Keyring, principal: Principal, cluster_of: Mapping[str, str]) -> BroughtBack:
    """Store a linkage run's clusters as suggestions on the stored victims they hold (see the module docstring);
    audited as `link-suggestions` with counts only."""
    wanted = [k for k in (case_member(r) for r in cluster_of) if k is not None]
    run = new_run()
    if not wanted:
        return BroughtBack(run, 0, 0)
    with store.writing() as conn:
        persons = person_by_pseudonym(conn, wanted)
        may_see = {coll for _, coll in persons.values() if check(principal, Action.VIEW_IDENTITY, coll).allowed}
        rows = suggestion_rows(cluster_of, persons, may_see)
        if not rows:
            return BroughtBack(run, 0, 0)
        store_suggestions(conn, ring, run, principal.label, rows)
        people = len({r["person_id"] for r in rows})
        audit.append(conn, ring, actor=principal.label, action="link-suggestions", target="cases",
                     detail={"run": run, "persons": people, "suggestions": len(rows)})
    return BroughtBack(run, people, len(rows))
