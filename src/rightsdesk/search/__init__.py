"""Search and faceted browsing over the store, on SQLite FTS5 or PostgreSQL full-text search.

    query       SearchQuery: user text parsed into safe terms (words, "phrases", prefix*, -excluded)
    index       the `search_doc` full-text table (its statements in store/search_index.py), kept up to date
                source by source: ensure_index(conn), update_index(conn), hits, highlights, split_marked
    browse      faceted, cursor-paginated lists of recommendations, roll calls and designations
    everything  search_all: one search box across the store and the machinery
    embed       the static embedding model shipped in search/model/ (numpy, no torch): load_embedder().embed
    vectors     the `search_vector` table: one vector per recommendation, built incrementally (update_vectors)
    hybrid      search_recommendations: keyword, semantic or hybrid (reciprocal-rank fusion) ranking
    korean      Korean queries read through a glossary into the English the model reads
    evaluate    nDCG@10 and recall@50 of each mode on the judged queries of eval_queries.yaml

No web concerns here: the web app and the API call these functions. No SQL either: every statement on the
store's tables, the search tables included, is the store's (tests/test_layers.py holds it).
"""

from rightsdesk.search.index import ensure_index, split_marked
from rightsdesk.search.query import SearchQuery

__all__ = ["SearchQuery", "ensure_index", "split_marked"]
