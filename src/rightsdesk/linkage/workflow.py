"""Linking list files end to end, as `rightsdesk link-lists` and the workbench do it: read and check the lists,
link them (`model.link_lists`, judgements applied), give clusters stable ids, and write clusters, the review
queue and a summary.

    clusters.csv   cluster_id,list,id (+ the lists' other columns with `keep`): what `estimate --clusters` reads
    review.csv     the pairs the model is unsure of, strongest first, with both names, for a reviewer
    summary        records, lists, pairs compared, clusters, the capture patterns, the trained weights

Nothing is stored in the database and nothing is logged about the records: lists are case data and stay in the
files the user holds.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rightsdesk.errors import IngestError, InputError
from rightsdesk.export import write_csv
from rightsdesk.linkage import judgements
from rightsdesk.linkage.clusters import stable_ids
from rightsdesk.linkage.lists import VictimList, read_lists
from rightsdesk.linkage.model import LinkOptions, LinkResult, Progress, link_lists

#: The review queue holds pairs with a probability in this range (below: different people; above: matched).
REVIEW_RANGE = (0.2, 0.99)


@dataclass
class LinkRun:
    """A finished linkage: the lists, the model's result and each record's stable cluster id."""

    lists: list[VictimList]
    result: LinkResult
    cluster_of: dict[str, str]  # "list:id" -> cluster id
    options: LinkOptions
    judged: int

    def capture_patterns(self) -> Counter[tuple[int, ...]]:
        """How many clusters (people) have each capture history: 1/0 per list, in the lists' order."""
        names = [lst.name for lst in self.lists]
        members: dict[str, set[str]] = {}
        for record, cluster in self.cluster_of.items():
            members.setdefault(cluster, set()).add(record.split(":", 1)[0])
        return Counter(tuple(int(n in on) for n in names) for on in members.values())

    def review_queue(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The pairs the model is unsure of (REVIEW_RANGE), most likely first, with both records' names."""
        name_of = {f"{r.list}:{r.id}": r.name for lst in self.lists for r in lst.records}
        low, high = REVIEW_RANGE
        queue = sorted((p for p in self.result.pairs if low <= p["match_probability"] < high),
                       key=lambda p: (-p["match_probability"], p["left"], p["right"]))[:limit]
        return [{**p, "left_name": name_of[p["left"]], "right_name": name_of[p["right"]],
                 "same_cluster": self.cluster_of[p["left"]] == self.cluster_of[p["right"]]} for p in queue]

    def summary(self) -> dict[str, Any]:
        """What `link-lists --json` prints."""
        sizes = Counter(self.cluster_of.values())
        patterns = {"".join(map(str, k)): n for k, n in self.capture_patterns().items()}
        return {
            "lists": {lst.name: len(lst.records) for lst in self.lists},
            "records": len(self.cluster_of),
            "pairs_compared": self.result.pairs_compared,
            "pairs_likely": len(self.result.pairs),
            "clusters": len(sizes),
            "clusters_linked": sum(1 for n in sizes.values() if n > 1),
            "largest_cluster": max(sizes.values(), default=0),
            "capture_patterns": dict(sorted(patterns.items(), reverse=True)),
            "threshold": self.options.threshold,
            "duplicate_free": self.options.duplicate_free,
            "engine": self.options.engine,
            "judgements_applied": self.judged,
            "weights": self.result.weights,
            "untrained": self.result.untrained,
            "timings": {k: round(v, 3) for k, v in self.result.timings.items()},
        }


def run(paths: Sequence[Path], options: LinkOptions | None = None, *, judgements_file: Path | None = None,
        judged: tuple[Sequence[tuple[str, str]], Sequence[tuple[str, str]]] = ((), ()),
        previous: Path | None = None, progress: Progress | None = None) -> LinkRun:
    """Read, link and cluster the list files; see the module docstring. Judgements come from a file, or as
    (confirmed, split) pairs from the caller (the workbench reads them from the store)."""
    options = options or LinkOptions()
    lists = read_lists(paths)
    must, cannot = judgements.constraints(judgements_file)
    must, cannot = [*must, *judged[0]], [*cannot, *judged[1]]
    result = link_lists(lists, options, must_link=must, cannot_link=cannot, progress=progress)
    cluster_of = stable_ids(result.clusters, read_previous(previous) if previous else None)
    return LinkRun(lists, result, cluster_of, options, len(must) + len(cannot))


def read_previous(path: Path) -> dict[str, str]:
    """An earlier run's clusters.csv: record ("list:id") -> cluster id."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not {"cluster_id", "list", "id"} <= set(reader.fieldnames or []):
                raise IngestError(str(path), 1, "expected the columns cluster_id,list,id")
            return {f"{r['list']}:{r['id']}": r["cluster_id"] for r in reader}
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(str(path), None, f"cannot read: {exc}") from None


def write_clusters(linked: LinkRun, path: Path, *, keep: Sequence[str] = ()) -> int:
    """Write cluster_id,list,id (and the columns in `keep`), sorted by cluster; return the rows written. A column
    in `keep` that no list has is an InputError (nothing written)."""
    known = {"sex", "birth_year", "place", "date"} | {k for lst in linked.lists for r in lst.records for k in r.extra}
    unknown = [k for k in keep if k not in known]
    if unknown:
        raise InputError(f"--keep {', '.join(unknown)}: no list has such a column (they have: "
                         f"{', '.join(sorted(known))})")
    rows = []
    for lst in linked.lists:
        for r in lst.records:
            values = {"sex": r.sex or "", "birth_year": str(r.birth_year or ""), "place": r.place or "",
                      "date": r.date.iso() if r.date else "", **r.extra}
            rows.append([linked.cluster_of[f"{r.list}:{r.id}"], r.list, r.id, *(values.get(k, "") for k in keep)])
    rows.sort()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["cluster_id", "list", "id", *keep])
        writer.writerows(rows)
    return len(rows)


def write_review(linked: LinkRun, path: Path) -> int:
    """Write the review queue (`LinkRun.review_queue`) as CSV; return how many pairs."""
    queue = linked.review_queue()
    columns = ["left", "right", "left_name", "right_name", "match_probability", "same_cluster"]
    with path.open("w", encoding="utf-8", newline="") as fh:  # a file for people: a name from a list stays text
        write_csv(fh, ({**p, "match_probability": f"{p['match_probability']:.4f}",
                        "same_cluster": int(p["same_cluster"])} for p in queue), columns)
    return len(queue)
