"""Clusters of linked records: one person each, built from scored pairs, judgements and earlier runs.

`constrained_components` joins records along pairs at or above the threshold, strongest first (Kruskal's
order), and refuses a join that would put two records a reviewer split into one cluster, or, for lists known to
be duplicate-free, two records of one list. Without constraints this is exactly connected components; with
them it is the greedy constrained clustering that Splink's own clustering cannot do (it knows no cannot-link
pairs; see docs/decisions/0005-linkage-clustering.md). Pairs a reviewer confirmed join first, whatever
their score.

Cluster ids are stable: `stable_ids` gives each cluster the id its members had in the previous run's output
(the id most of them carried; each old id goes to one cluster), and a new cluster an id hashed from its
smallest member, so re-running on the same lists gives the same ids and adding records leaves the other
clusters' ids alone.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def constrained_components(ids: Sequence[str], pairs: Iterable[Mapping[str, Any]], threshold: float, *,
                           must_link: Sequence[tuple[str, str]] = (),
                           cannot_link: Sequence[tuple[str, str]] = (),
                           one_per_list: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each id ("list:id") to its cluster, named by its smallest member; see the module docstring."""
    parent = {i: i for i in ids}
    members: dict[str, list[str]] = {i: [i] for i in ids}
    by_list: dict[str, dict[str, list[str]]] = {i: {_list_of(i, one_per_list): [i]} for i in ids}
    apart: dict[str, set[str]] = defaultdict(set)
    for a, b in cannot_link:
        if a in parent and b in parent:
            apart[a].add(b)
            apart[b].add(a)
    strong = sorted((-float(p["match_probability"]), p["left"], p["right"]) for p in pairs
                    if float(p["match_probability"]) >= threshold and p["left"] in parent and p["right"] in parent)
    direct = {(a, b) for _, a, b in strong} | {(b, a) for _, a, b in strong}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def allowed(ra: str, rb: str) -> bool:
        for shared in by_list[ra].keys() & by_list[rb].keys():
            if one_per_list is not None or not any((x, y) in direct for x in by_list[ra][shared]
                                                   for y in by_list[rb][shared]):
                return False
        small, large = (ra, rb) if len(members[ra]) <= len(members[rb]) else (rb, ra)
        return not any(find(o) == large for m in members[small] for o in apart.get(m, ()))

    def join(a: str, b: str, forced: bool) -> None:
        ra, rb = find(a), find(b)
        if ra == rb or not (forced or allowed(ra, rb)):
            return
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        parent[gone] = keep
        members[keep] += members.pop(gone)
        for name, records in by_list.pop(gone).items():
            by_list[keep].setdefault(name, []).extend(records)

    for a, b in must_link:
        if a in parent and b in parent:
            join(a, b, forced=True)
    for _, a, b in strong:
        join(a, b, forced=False)
    return {i: min(members[find(i)]) for i in ids}


def _list_of(record: str, one_per_list: Mapping[str, str] | None) -> str:
    return one_per_list[record] if one_per_list is not None else record.split(":", 1)[0]


def cluster_id(smallest_member: str) -> str:
    """A new cluster's id: a short hash of its smallest member ("list:id")."""
    return "c" + hashlib.sha256(smallest_member.encode()).hexdigest()[:12]


def stable_ids(clusters: Mapping[str, str], previous: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map each record to a cluster id, reusing the previous run's ids (record -> old cluster id) where the
    cluster's members carried one: the old id most of them had, each old id given to one cluster at most."""
    groups: dict[str, list[str]] = defaultdict(list)
    for record, rep in clusters.items():
        groups[rep].append(record)
    chosen: dict[str, str] = {}
    if previous:
        claims = []
        for rep, recs in groups.items():
            for old, count in Counter(previous[r] for r in recs if r in previous).items():
                claims.append((-count, old, rep))
        taken: set[str] = set()
        for _, old, rep in sorted(claims):
            if rep not in chosen and old not in taken:
                chosen[rep] = old
                taken.add(old)
    used = set(chosen.values())
    for rep in sorted(groups):
        if rep not in chosen:
            new = cluster_id(rep)
            while new in used:  # an old id that another cluster kept: hash again
                new = cluster_id(new)
            chosen[rep] = new
            used.add(new)
    return {record: chosen[rep] for record, rep in clusters.items()}
