"""One search box across everything: the store's indexed records plus the machinery held as data.

Recommendations, roll calls and designations come from the full-text index; mechanisms and timeline events
(a few hundred, held in memory) match when every searched word begins a word of their text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rightsdesk.mechanisms.registry import mechanisms
from rightsdesk.search.browse import by_meaning, designation_page, recommendation_page, vote_page
from rightsdesk.search.hybrid import Mode
from rightsdesk.search.index import highlights
from rightsdesk.search.query import SearchQuery, Term
from rightsdesk.situation.timeline import all_events
from rightsdesk.store import ReadSession


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    """The words of a mechanism's or event's text (the same few hundred texts on every search)."""
    return frozenset(re.findall(r"\w+", text.lower()))


def _matches(query: SearchQuery, text: str) -> bool:
    """True when every term is in `text` (a term of several words or spellings: any of them begins a word of it)
    and no excluded term is."""
    words = _words(text)

    def found(term: Term) -> bool:
        options = [w for m in (term.either or (term,)) for w in (*m.words, *m.alternatives)]
        return any(any(w.startswith(q[:5]) for w in words) for q in options)

    return all(found(t) != t.negated for t in query.terms)


def search_all(session: ReadSession, query: SearchQuery, limit: int = 5,
               named: Sequence[tuple[str, str, float]] = (), mode: Mode = "keyword") -> dict[str, Any]:
    """The best `limit` hits of each kind, with totals: recommendations (in `mode`: by words, by meaning or
    both; see `search.hybrid`), votes, designations (with `named`, the (list, reference, score) a name model
    found, see `browse.designation_page`), mechanisms, events; the last four by words."""
    if query.empty:
        return {"query": query.text, "notices": list(query.notices), "groups": {}}
    recs = recommendation_page(session, {}, query, limit=limit, meaning=by_meaning(session, {}, query, mode))
    marked = highlights(session, query, "recommendation", [r["id"] for r in recs.items])
    for r in recs.items:
        r["marked"] = marked.get(r["id"], r["text"])
    mechs = [{"code": m.code, "name": m.name} for m in mechanisms().values()
             if _matches(query, f"{m.code} {m.name} {m.mandate}")]
    events = [e.as_dict() for e in all_events() if _matches(query, f"{e.summary} {e.symbol or ''} {e.mechanism}")]
    groups = {
        "recommendations": {"total": recs.total, "items": recs.items},
        "votes": vote_page(session, query, limit=limit).as_dict(),
        "designations": designation_page(session, {}, query, limit=limit, named=named).as_dict(),
        "mechanisms": {"total": len(mechs), "items": mechs[:limit]},
        "events": {"total": len(events), "items": events[:limit]},
    }
    for g in groups.values():
        g.pop("next_cursor", None)
    return {"query": query.text, "mode": mode, "notices": list(query.notices), "groups": groups}
