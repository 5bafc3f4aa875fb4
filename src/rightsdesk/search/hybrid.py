"""Search of recommendations by words, by meaning, or both: `search_recommendations(session, text, mode=...)`.

    keyword   the full-text index (FTS5 bm25 / ts_rank), every word required, as the workbench searches
    semantic  the vector index: cosine between the query's embedding and each recommendation's
    hybrid    reciprocal-rank fusion of the two lists (Cormack et al. 2009): score = sum of w / (RRF_K + rank)
              over the lists a recommendation appears in (w = KEYWORD_WEIGHT for full-text, 1 for vectors),
              each list cut at `DEPTH`

The workbench and the API browse by the same modes (`Meaning`, used by `browse`): semantic lists the
`PAGE_DEPTH` recommendations nearest in meaning among those the filters allow; hybrid lists every full-text
match plus those, fused by the same weighted reciprocal rank, so that no word match is lost to an export.
`default_mode` is hybrid where the store holds vectors, else keyword.

A query in Korean is first put into English through a glossary of human-rights terms (`korean.to_english`): the
model reads English only. Scores are higher-is-better in every mode (bm25 is negated). Each result carries the recommendation's official
UPR Info issues, never predicted ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from rightsdesk.errors import InputError
from rightsdesk.search import vectors
from rightsdesk.search.embed import StaticEmbedder, load_embedder
from rightsdesk.search.korean import to_english
from rightsdesk.search.query import SearchQuery
from rightsdesk.store import ReadSession
from rightsdesk.store.readers.search_docs import recommendation_count, recommendation_summaries
from rightsdesk.store.search_index import best_hits, index_built

Mode = Literal["keyword", "semantic", "hybrid"]
MODES: tuple[Mode, ...] = ("keyword", "semantic", "hybrid")
RRF_K = 60
# A full-text match counts 1.5 times a vector's at the same rank: when the user's own words match, they are the
# better evidence. Chosen among 1, 1.5 and 2 (with RRF_K 10, 30, 60) on the judged queries: it lifts own-word
# queries (nDCG@10 0.985 -> 0.987, recall@50 0.103 -> 0.106) above full-text alone and leaves paraphrases as they were.
KEYWORD_WEIGHT = 1.5
_INDEXED: set[str] = set()  # databases seen to hold the full-text index
DEPTH = 100


PAGE_DEPTH = 100  # the recommendations nearest in meaning that a page adds (as deep as the evaluated lists)


@dataclass(frozen=True)
class Meaning:
    """The recommendations nearest in meaning to a query (ids, best first), and whether the full-text matches
    join them (hybrid) or not (semantic)."""

    ids: tuple[str, ...]
    with_words: bool


def default_mode(session: ReadSession) -> Mode:
    """Hybrid where the store holds vectors, else keyword."""
    return "hybrid" if vectors.vector_count(session) else "keyword"


def meaning(session: ReadSession, query: SearchQuery, mode: Mode, among: Sequence[str] | None = None,
            depth: int = PAGE_DEPTH) -> Meaning | None:
    """The nearest `depth` recommendations to the query (of `among` only, if given) for `mode`; None where the
    words alone decide: keyword mode, or a query with no word to embed (empty, or only excluded words)."""
    if mode not in MODES:
        raise InputError(f"unknown search mode {mode!r}: one of {', '.join(MODES)}")
    if mode == "keyword" or query.empty or query.only_excluded:
        return None
    embedder = _checked_embedder(session)
    ids = vectors.nearest(session, embedder.embed_one(to_english(query.text)), depth, among=among)
    return Meaning(tuple(ref for ref, _ in ids), with_words=mode == "hybrid")


@dataclass(frozen=True)
class RankedRecommendation:
    """One result: the recommendation, its official issues, its score and where each list ranked it."""

    id: str
    text: str
    issues: list[str]
    to: str
    from_: str | None
    session: int
    score: float
    keyword_rank: int | None = None
    semantic_rank: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with `from` spelled as the other commands spell it."""
        d = asdict(self)
        d["from"] = d.pop("from_")
        return d


def keyword_ranking(session: ReadSession, query_text: str, depth: int = DEPTH) -> list[tuple[str, float]]:
    """(id, score) of the full-text matches, best first; InputError if the full-text index was never built."""
    query = SearchQuery.parse(to_english(query_text))
    if query.empty:
        return []
    url = session.conn.engine.url.render_as_string(hide_password=False)
    if url not in _INDEXED:
        if not index_built(session):
            raise InputError("the full-text index was never built: run `rightsdesk build`")
        _INDEXED.add(url)  # once seen, the index is taken to stay (a rebuild replaces it in one transaction)
    return [(str(ref), -score) for ref, score in best_hits(session, query, vectors.KIND, depth)]


def semantic_ranking(session: ReadSession, query_text: str, depth: int = DEPTH) -> list[tuple[str, float]]:
    """(id, cosine) of the nearest recommendations, best first; InputError if the vectors were never built."""
    embedder = _checked_embedder(session)
    return vectors.nearest(session, embedder.embed_one(to_english(query_text)), depth)


def _checked_embedder(session: ReadSession) -> StaticEmbedder:
    """The shipped embedder; InputError if the vectors were never built or were made by another model."""
    name, refs, _ = vectors.matrix(session)
    if not refs:
        raise InputError("the vector index is empty: run `rightsdesk build` to embed the recommendations")
    embedder = load_embedder()
    if name != embedder.name:
        raise InputError(f"the vector index was made with {name or 'several models'}, not {embedder.name}: "
                         "run `rightsdesk build` to re-embed")
    return embedder


def fuse(*rankings: Sequence[tuple[str, float]], k: int = RRF_K,
         weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Weighted reciprocal-rank fusion: best first, ties broken by id so the order is stable."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings), strict=True):
        for rank, (ref, _) in enumerate(ranking, start=1):
            scores[ref] = scores.get(ref, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def rank_ids(session: ReadSession, query_text: str, mode: Mode, depth: int = DEPTH) -> list[tuple[str, float]]:
    """(id, score) best first, for `mode`; nothing for a query with no word."""
    if mode not in MODES:
        raise InputError(f"unknown search mode {mode!r}: one of {', '.join(MODES)}")
    if not query_text.strip():
        return []
    if mode == "keyword":
        return keyword_ranking(session, query_text, depth)
    if mode == "semantic":
        return semantic_ranking(session, query_text, depth)
    return fuse(keyword_ranking(session, query_text, depth), semantic_ranking(session, query_text, depth),
                weights=(KEYWORD_WEIGHT, 1.0))[:depth]


def search_recommendations(session: ReadSession, query_text: str, *, mode: Mode = "hybrid",
                           limit: int = 10) -> list[RankedRecommendation]:
    """The best `limit` recommendations for what the user typed, in `mode`."""
    if limit < 1:
        raise InputError(f"the limit must be at least 1, not {limit}")
    if mode not in MODES:
        raise InputError(f"unknown search mode {mode!r}: one of {', '.join(MODES)}")
    depth = max(limit, DEPTH)
    keyword = keyword_ranking(session, query_text, depth) if mode != "semantic" and query_text.strip() else []
    semantic = semantic_ranking(session, query_text, depth) if mode != "keyword" and query_text.strip() else []
    if mode == "hybrid":
        ranked = fuse(keyword, semantic, weights=(KEYWORD_WEIGHT, 1.0))[:limit]
    else:
        ranked = (keyword if mode == "keyword" else semantic)[:limit]
    keyword_at = {ref: i for i, (ref, _) in enumerate(keyword, 1)}
    semantic_at = {ref: i for i, (ref, _) in enumerate(semantic, 1)}
    rows = recommendation_summaries(session, [ref for ref, _ in ranked])
    return [RankedRecommendation(id=ref, text=rows[ref].text, issues=list(rows[ref].issues), to=rows[ref].to_state,
                                 from_=rows[ref].from_state, session=rows[ref].session, score=round(score, 6),
                                 keyword_rank=keyword_at.get(ref), semantic_rank=semantic_at.get(ref))
            for ref, score in ranked]


def unembedded(session: ReadSession) -> int:
    """How many recommendations have no vector (loaded after the last build)."""
    return max(0, recommendation_count(session) - vectors.vector_count(session))
