"""Linking the UN sanctions committee's designations of a regime (the 1718 Committee's, for the DPRK) to the
US SDN entries of the same state's programs.

`propose_links(un, sdn, regime=..., programs=...)` screens every UN record of the regime, with all its names, dates
of birth, nationalities and documents, against the SDN entries whose program is one of `programs`, and proposes a
link for each pair that clears the screening threshold, with its evidence: the names that agree (and how),
the identifiers they share and the dates of birth that agree. A person decides; the store keeps the decision.
Which regime and programs belong to the situation is data (the pack's `sanctions`: `situation.records.sanctions_ties`).
Pure: designations in, proposals out; no store, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rightsdesk.matching.names import compare_parsed
from rightsdesk.model.records import Designation
from rightsdesk.model.vocab import SubjectKind
from rightsdesk.screening.index import IndexedEntry, ScreeningIndex
from rightsdesk.screening.query import ScreeningQuery
from rightsdesk.screening.scoring import THRESHOLD, rank

_SCHEMA = {SubjectKind.INDIVIDUAL: "person", SubjectKind.ENTITY: "entity", SubjectKind.VESSEL: "vessel",
           SubjectKind.AIRCRAFT: "aircraft"}


@dataclass(frozen=True)
class ProposedLink:
    """A proposed link between a UN record and an SDN entry: the same person or entity, with evidence."""

    left_list: str
    left_ref: str
    right_list: str
    right_ref: str
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, with the columns of the designation_link table."""
        return {"left_list": self.left_list, "left_ref": self.left_ref, "right_list": self.right_list,
                "right_ref": self.right_ref, "score": self.score, "evidence": self.evidence}


def is_regime_un(designation: Designation, regime: str) -> bool:
    """True for a UN designation under the sanctions regime `regime` (DPRK: the 1718 regime)."""
    return designation.list_name == "un" and regime in designation.regimes


def is_program_sdn(designation: Designation, programs: frozenset[str] | None) -> bool:
    """True for an SDN entry with at least one of `programs` (None: any program)."""
    return designation.list_name == "ofac-sdn" and (programs is None or bool(programs & set(designation.regimes)))


def propose_links(un: Iterable[Designation], sdn: Iterable[Designation], *, regime: str,
                  programs: frozenset[str] | None, threshold: float = THRESHOLD) -> list[ProposedLink]:
    """Propose UN ↔ SDN links for the UN records of `regime`, scoring at least `threshold`, best first per record.

    SDN entries are those of `programs` (the state's programs; None for every program: many 1718 individuals are
    on the SDN list under NPWMD only).
    """
    index = ScreeningIndex.build(d for d in sdn if is_program_sdn(d, programs))
    links: list[ProposedLink] = []
    for record in (d for d in un if is_regime_un(d, regime)):
        query = query_for(record)
        for candidate in rank(index, query, limit=5):
            if candidate.score < threshold:
                continue
            other = index.entries[candidate.entry]
            links.append(ProposedLink(record.list_name, record.reference_number, other.designation.list_name,
                                      other.designation.reference_number, round(candidate.score, 4),
                                      evidence(index, record, other, candidate.features)))
    return drop_crossed(links)


CROSSED_MARGIN = 0.05


def drop_crossed(links: list[ProposedLink]) -> list[ProposedLink]:
    """Drop a proposal whose two records each have a better partner (by CROSSED_MARGIN) elsewhere: KPe.041 Korea Taesong
    Trading and KPe.042 Korea Daesong Trading each link to their own SDN entry at 1.0, so the crosswise pairs at
    0.87 are noise. A record's second-best proposal stays when it is close, or the other record has no better one."""
    best_left: dict[tuple[str, str], float] = {}
    best_right: dict[tuple[str, str], float] = {}
    for link in links:
        left, right = (link.left_list, link.left_ref), (link.right_list, link.right_ref)
        best_left[left] = max(best_left.get(left, 0.0), link.score)
        best_right[right] = max(best_right.get(right, 0.0), link.score)
    return [link for link in links
            if not (best_left[(link.left_list, link.left_ref)] >= link.score + CROSSED_MARGIN
                    and best_right[(link.right_list, link.right_ref)] >= link.score + CROSSED_MARGIN)]


def query_for(record: Designation) -> ScreeningQuery:
    """A screening query made of everything a designation says about whom it names."""
    names = [n.name for n in record.names] + ([record.name_original_script] if record.name_original_script else [])
    dobs = [b.date.iso() for b in record.birth_dates if b.date is not None]
    return ScreeningQuery.build(names or [record.name], dob=dobs, nationality=list(record.nationalities),
                                identifiers=[d.number for d in record.documents], schema=_SCHEMA[record.kind])


def evidence(index: ScreeningIndex, record: Designation, other: IndexedEntry,
             features: tuple[tuple[str, float, float, str], ...]) -> dict[str, Any]:
    """What the two records share: agreeing names, identifiers, dates of birth, and the features that fired."""
    mine = ScreeningIndex.build([record])
    names = []
    for a in mine.names:
        for name_id in index.entry_names[index.entries.index(other)]:
            b = index.names[name_id]
            comparison = compare_parsed(a.parsed, b.parsed)
            if comparison.score >= THRESHOLD:
                names.append({"left": a.parsed.original, "right": b.parsed.original,
                              "score": round(comparison.score, 4), "how": comparison.explanation})
    shared_ids = sorted(mine.entries[0].identifiers & other.identifiers)
    dobs = sorted({b.date.iso() for b in record.birth_dates if b.date}
                  & {b.date.iso() for b in other.birth_dates if b.date})
    return {"names": names, "identifiers": shared_ids, "birth_dates": dobs,
            "features": [{"feature": f, "value": v, "weight": w} for f, v, w, _ in features]}
