"""Scoring a screening query against the index: best name, plus weighted features, against one threshold.

    score = clamp(best name score + Σ weight × feature, 0, 1);  match = score ≥ THRESHOLD

The name score comes from `matching.names` (Korean readings, or spelling). The weights in
`features.FEATURES` and THRESHOLD were set on the evaluation set of `bench/screening_quality.py`: every
romanization variant of a 1718-list name scores at least 0.94 on its name alone, a Korean name that differs in one
given syllable scores 0.70 (Kim Jong-un against Kim Jong-il), and only agreement to the day of birth (+0.15)
lifts such a near miss over 0.80. Results below MIN_SCORE are not reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rightsdesk.matching.names import ParsedName, compare_parsed, parse_name, score_parsed
from rightsdesk.screening.features import FEATURES
from rightsdesk.screening.index import Screenable, parse_plain_name
from rightsdesk.screening.query import ScreeningQuery, name_variants

THRESHOLD = 0.8
MIN_SCORE = 0.5
WEAK_ALIAS_CAP = 0.7  # a weak alias ("Caesar", "Bashir") alone is shown, not matched: a date or id must lift it
PERSON_SCHEMAS = frozenset({"person", "thing", "legalentity"})


@dataclass(frozen=True)
class Candidate:
    """One scored entry: its best name, the score and the features that fired."""

    entry: int
    score: float
    name_score: float
    query_name: ParsedName
    matched_name: int  # name id in the index
    features: tuple[tuple[str, float, float, str], ...]  # (feature, value, weight, description)


def screen(index: Screenable, query: ScreeningQuery, *, limit: int = 10,
           threshold: float = THRESHOLD) -> dict[str, Any]:
    """Screen one query: `{"query": ..., "results": [{list, reference_number, name, score, match, explanation}]}`."""
    ranked = rank(index, query, limit=limit)
    return {"query": query.to_dict(), "results": [result_dict(index, c, threshold) for c in ranked]}


def rank(index: Screenable, query: ScreeningQuery, *, limit: int = 10) -> list[Candidate]:
    """The best `limit` candidates at or above MIN_SCORE, best first."""
    parsed = query_names(query)
    best = _best_names(index, query, parsed)
    forced = _identifier_entries(index, query)
    floor = MIN_SCORE - sum(w for _, w in FEATURES if 0 < w < 0.8)  # the best any name can be lifted, bar ids
    shortlist = sorted(((e, h) for e, h in best.items() if h[0] >= floor), key=lambda item: -item[1][0])
    shortlist = shortlist[: limit * 3]
    shortlist += [(e, best[e]) for e in forced if e in best and (e, best[e]) not in shortlist]
    scored = [_with_features(index, query, entry, *hit) for entry, hit in shortlist]
    scored = [c for c in scored if c.score >= MIN_SCORE]
    scored.sort(key=lambda c: (-c.score, -c.name_score, _list_priority(index, c.entry), c.entry))
    return scored[:limit]


def query_names(query: ScreeningQuery) -> list[ParsedName]:
    """Every form of every name of the query (`name_variants`), parsed as the query's schema asks."""
    texts = [v for n in query.names for v in name_variants(n)]
    return [parse_name(n) if query.schema in PERSON_SCHEMAS else parse_plain_name(n) for n in texts]


def _best_names(index: Screenable, query: ScreeningQuery,
                parsed: list[ParsedName]) -> dict[int, tuple[float, ParsedName, int]]:
    """For each candidate entry, the best (name score, query name, indexed name id)."""
    kinds, lists = query.kinds, query.lists
    best: dict[int, tuple[float, ParsedName, int]] = {}
    forced = {n for e in _identifier_entries(index, query) for n in index.entry_names[e]}
    for qname in parsed:
        for name_id in set(index.candidates(qname)) | forced:
            name = index.names[name_id]
            if name.subject not in kinds or (lists and name.list_name not in lists):
                continue
            score = score_parsed(qname, name.parsed)
            if name.weak:
                score = min(score, WEAK_ALIAS_CAP)
            if name.entry not in best or score > best[name.entry][0]:
                best[name.entry] = (score, qname, name_id)
    return best


def _list_priority(index: Screenable, entry: int) -> int:
    """Ties go to the Security Council's list, which binds every state, then to the others in loading order."""
    return 0 if index.entries[entry].designation.list_name == "un" else 1


def _identifier_entries(index: Screenable, query: ScreeningQuery) -> set[int]:
    return {e for i in query.identifiers for e in index.entries_with_identifier(i)}


def _with_features(index: Screenable, query: ScreeningQuery, entry: int, name_score: float,
                   qname: ParsedName, name_id: int) -> Candidate:
    fired = []
    total = name_score
    if not (query.birth_dates or query.nationalities or query.identifiers):
        return Candidate(entry, min(1.0, total), name_score, qname, name_id, ())
    for feature, weight in FEATURES:
        value = feature(query, index.entries[entry])
        if value:
            total += weight * value
            fired.append((feature.__name__, value, weight, (feature.__doc__ or "").strip()))
    return Candidate(entry, min(1.0, max(0.0, total)), name_score, qname, name_id, tuple(fired))


def result_dict(index: Screenable, candidate: Candidate, threshold: float = THRESHOLD) -> dict[str, Any]:
    """One result as JSON-ready data, with the per-feature explanation."""
    designation = index.entries[candidate.entry].designation
    matched = index.names[candidate.matched_name]
    comparison = compare_parsed(candidate.query_name, matched.parsed)
    name_feature = {"feature": "name", "value": round(candidate.name_score, 4), "weight": 1.0,
                    "description": f"The query name compared with the listed {matched.kind} name "
                                   f"{matched.parsed.original!r} ({comparison.method}).",
                    "detail": comparison.explanation}
    features = [name_feature] + [{"feature": f, "value": v, "weight": w, "description": d}
                                 for f, v, w, d in candidate.features]
    return {"list": designation.list_name, "reference_number": designation.reference_number,
            "name": designation.name, "schema": designation.kind.value, "score": round(candidate.score, 4),
            "match": candidate.score >= threshold, "explanation": features}
