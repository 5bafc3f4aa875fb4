"""Where the data come from, for the sources page: the essay whose footnotes the hand-entered data cite, each
footnote with the essay's sentence at its marker (`essay_passages.yaml` in the pack, written by
tools/essay_passages.py) and the records that cite it, and the files the store has loaded (by name and hash, never by the path
they had on the server).
"""

from __future__ import annotations

import re
from collections import defaultdict

from rightsdesk.datafiles import per_situation, situation_yaml
from rightsdesk.mechanisms.registry import mechanisms
from rightsdesk.situation.records import coi_recommendations, resolutions
from rightsdesk.situation.timeline import all_events
from rightsdesk.store.readers.holdings import loaded_sources

__all__ = ["essay_footnotes", "essay_passages", "footnote_numbers", "loaded_sources"]

_FN = re.compile(r"essay fns? (\d+(?:\s*(?:-|–|,|and)\s*\d+)*)")


def footnote_numbers(citation: str | None) -> list[int]:
    """The essay footnotes a citation names: "essay fn 73, 85-87" gives 73, 85, 86, 87."""
    out: list[int] = []
    for m in _FN.finditer(citation or ""):
        for part in re.split(r"\s*(?:,|and)\s*", m.group(1)):
            ends = [int(x) for x in re.findall(r"\d+", part)]
            if len(ends) == 2 and 0 <= ends[1] - ends[0] <= 20:
                out += range(ends[0], ends[1] + 1)
            else:
                out += ends
    return sorted(set(out))


@per_situation
def essay_passages() -> dict[int, str]:
    """Footnote number → the sentence of the essay its marker closes (the copy held has the markers, not the
    notes); {} for a pack without the file."""
    return {int(n): str(text) for n, text in (situation_yaml("essay_passages.yaml").get("passages") or {}).items()}


def essay_footnotes() -> dict[int, list[dict[str, str]]]:
    """Each essay footnote the data cite, with what cites it (kind, label, citation), by footnote number."""
    cited: dict[int, list[dict[str, str]]] = defaultdict(list)

    def add(kind: str, label: str, citation: str) -> None:
        for n in footnote_numbers(citation):
            cited[n].append({"kind": kind, "label": label, "citation": citation})

    for e in all_events():
        add("event", f"{e.date.iso()} {e.mechanism}: {e.summary}", e.citation)
    for r in resolutions():
        add("resolution", f"{r.symbol or r.body + ' ' + str(r.session)} ({r.date.iso()})", r.citation)
    for c in coi_recommendations():
        add("COI recommendation", c.summary, c.citation)
    for m in mechanisms().values():
        add("mechanism", f"{m.code}: {m.name}", m.citation)
    return dict(sorted(cited.items()))
