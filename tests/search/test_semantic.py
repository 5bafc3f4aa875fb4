"""Search by meaning: the shipped static model, the vector index on both engines, hybrid ranking, the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from rightsdesk.access import ANONYMOUS
from rightsdesk.cli import cli
from rightsdesk.errors import InputError
from rightsdesk.pipeline import load_path as load
from rightsdesk.search.embed import load_embedder
from rightsdesk.search.hybrid import fuse, search_recommendations, unembedded
from rightsdesk.search.index import update_index
from rightsdesk.search.vectors import matrix, update_vectors, vector_count
from rightsdesk.store import ReadSession

FIXTURES = Path(__file__).parent.parent / "fixtures"
SAMPLE = FIXTURES / "upr_sample.csv"
DISAPPEARED = "people taken away whose fate is never disclosed to their families"


def test_the_model_embeds_meaning_into_unit_vectors() -> None:
    model = load_embedder()
    v = model.embed(["Abolish the death penalty.", "abolish capital punishment",
                     "Ratify the Convention on the Rights of Persons with Disabilities.", "", "\u2603"])
    assert v.dtype == np.float32 and v.shape == (5, model.dim)
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-5)
    assert not v[3].any()  # no word piece at all: a zero vector, which matches nothing
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2  # a paraphrase is nearer than another topic
    assert np.array_equal(model.embed_one("abolish capital punishment"), v[1])


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = fuse([("a", 9.0), ("b", 8.0), ("c", 7.0)], [("c", 0.9), ("a", 0.8)], k=60)
    assert [ref for ref, _ in fused] == ["a", "c", "b"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    assert fuse([], []) == []
    weighted = fuse([("a", 1.0)], [("b", 1.0)], k=60, weights=(1.5, 1.0))
    assert weighted == [("a", pytest.approx(1.5 / 61)), ("b", pytest.approx(1 / 61))]


def test_vectors_are_built_incrementally(store: Any, tmp_path: Path) -> None:
    """A corrected file embeds only its changed recommendation and drops the vector of the old text."""
    first, second = tmp_path / "v1" / "upr.csv", tmp_path / "v2" / "upr.csv"
    for path in (first, second):
        path.parent.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    first.write_text(text, encoding="utf-8")
    second.write_text(text.replace("forced marriages", "zymurgical marriages", 1), encoding="utf-8")
    load(store, "upr-info", first)
    with store.engine.begin() as conn:
        built = update_vectors(conn)
        n = conn.exec_driver_sql("SELECT count(*) FROM upr_recommendation").scalar()
        assert built.embedded == n == vector_count(ReadSession(conn, ANONYMOUS)) and not built.removed
        assert not update_vectors(conn)  # nothing new: nothing embedded
        _, before, _ = matrix(ReadSession(conn, ANONYMOUS))  # read and held by this process
    load(store, "upr-info", second)
    with store.engine.begin() as conn:
        change = update_vectors(conn)
        assert (change.embedded, change.removed) == (1, 1)
        assert vector_count(ReadSession(conn, ANONYMOUS)) == n and unembedded(ReadSession(conn, ANONYMOUS)) == 0
        _, after, mat = matrix(ReadSession(conn, ANONYMOUS))  # the held copy is replaced, not served stale
        assert len(after) == mat.shape[0] == n and len(set(after) - set(before)) == 1


def test_a_vector_of_another_model_is_remade(store: Any) -> None:
    load(store, "upr-info", SAMPLE)
    with store.engine.begin() as conn:
        update_vectors(conn)
        conn.exec_driver_sql("UPDATE search_vector SET model = 'old-model'")
        change = update_vectors(conn)
        assert change.embedded == change.removed == vector_count(ReadSession(conn, ANONYMOUS)) > 0


@pytest.fixture
def searchable(store: Any) -> Any:
    load(store, "upr-info", FIXTURES / "upr_search_sample.csv")
    with store.engine.begin() as conn:
        update_index(conn)
        update_vectors(conn)
    return store


def test_semantic_search_finds_what_words_cannot(searchable: Any) -> None:
    with searchable.reading(ANONYMOUS) as session:
        assert search_recommendations(session, DISAPPEARED, mode="keyword") == []
        found = search_recommendations(session, DISAPPEARED, mode="semantic", limit=10)
        hybrid = search_recommendations(session, DISAPPEARED, mode="hybrid", limit=10)
    assert len(found) == 10 and [r.id for r in found] == [r.id for r in hybrid]  # words found nothing to fuse
    assert sum("Enforced disappearances" in r.issues for r in found) >= 2  # 10 of 617 carry it: chance is 0.16
    assert all(r.semantic_rank == i for i, r in enumerate(found, 1))
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)


def test_hybrid_keeps_what_the_words_find(searchable: Any) -> None:
    with searchable.reading(ANONYMOUS) as session:
        keyword = search_recommendations(session, "death penalty", mode="keyword", limit=5)
        hybrid = search_recommendations(session, "death penalty", mode="hybrid", limit=5)
    assert keyword and all("death penalty" in r.text.lower() for r in keyword)
    assert all(r.keyword_rank is not None and r.semantic_rank is not None for r in hybrid[:3])
    assert sum("Death penalty" in r.issues for r in hybrid) >= 4


def test_search_refuses_what_it_cannot_do(store: Any) -> None:
    load(store, "upr-info", SAMPLE)
    with store.reading(ANONYMOUS) as session:
        with pytest.raises(InputError, match="rightsdesk build"):
            search_recommendations(session, "torture", mode="keyword")
        with pytest.raises(InputError, match="rightsdesk build"):
            search_recommendations(session, "torture", mode="semantic")
        with pytest.raises(InputError, match="mode"):
            search_recommendations(session, "torture", mode="fuzzy")  # type: ignore[arg-type]
        assert search_recommendations(session, "   ", mode="hybrid") == []


def test_the_search_command(searchable: Any) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", searchable.url, "search", DISAPPEARED, "--kind", "recommendation",
                                 "--mode", "semantic", "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 3
    assert {"id", "text", "issues", "score"} <= set(rows[0])
    assert isinstance(rows[0]["issues"], list) and rows[0]["score"] >= rows[2]["score"]
    table = runner.invoke(cli, ["--db", searchable.url, "search", "death penalty", "--mode", "keyword"])
    assert table.exit_code == 0 and "Death penalty" in table.output
    bad = runner.invoke(cli, ["--db", searchable.url, "search", "x", "--limit", "0"])
    assert bad.exit_code == 64


def test_the_search_command_says_what_to_run(store: Any) -> None:
    load(store, "upr-info", SAMPLE)
    result = CliRunner().invoke(cli, ["--db", store.url, "search", "torture", "--mode", "semantic"])
    assert result.exit_code == 2 and "rightsdesk build" in result.stderr


def test_korean_words_are_read_through_the_glossary() -> None:
    from rightsdesk.search.korean import to_english

    assert to_english("사형제폐지를 권고") == "death penalty abolish recommendation"  # particles fall away
    assert to_english("여성에 대한 가정폭력") == "women domestic violence"  # unknown words too
    assert to_english("torture 고문") == "torture torture"
    assert to_english("death penalty") == "death penalty"
    assert to_english("뷁") == ""


def test_a_korean_query_finds_english_recommendations(searchable: Any) -> None:
    with searchable.reading(ANONYMOUS) as session:
        found = search_recommendations(session, "사형제 폐지", mode="hybrid", limit=5)
        unknown = search_recommendations(session, "뷁", mode="hybrid", limit=5)
    assert sum("Death penalty" in r.issues for r in found) >= 4
    assert unknown == []  # nothing known in it: no vector, no words, no result
