"""The tagger's corpus read from a store (`tagging.corpus.store_corpus`, through the store's reader) against the
same file parsed directly (`bundled_corpus`), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightsdesk.access import ANONYMOUS
from rightsdesk.pipeline import load_path as load
from rightsdesk.tagging.corpus import bundled_corpus, store_corpus

SAMPLE = Path(__file__).parent.parent / "fixtures" / "upr_sample.csv"


def test_the_store_corpus_is_the_file_as_loaded(store: Any) -> None:
    """Every recommendation loaded comes back with the id, text, session and official labels the file gave it,
    in session then id order; `sessions` keeps only those sessions."""
    load(store, "upr-info", SAMPLE)
    parsed = sorted(bundled_corpus(SAMPLE), key=lambda r: (r.session, r.id))
    with store.reading(ANONYMOUS) as session:
        everything = store_corpus(session)
        first = min(r.session for r in parsed)
        some = store_corpus(session, sessions=[first])
    assert everything == parsed
    assert any(r.labelled for r in everything) and all(isinstance(r.issues, tuple) for r in everything)
    assert some == [r for r in parsed if r.session == first] and len(some) < len(parsed)
