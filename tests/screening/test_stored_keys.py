"""The screening postings in the store (`store/screening_keys.py`): `rightsdesk screen` reads the part of the index a
query needs, and gets the same candidates, scores and order as the index built in memory over every designation.
The postings follow a re-load (a delisted entry is no longer found), and stale or bad postings are not used: the
index is built instead, and the next load or build recomputes them."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from rightsdesk.access import ANONYMOUS
from rightsdesk.cli import cli
from rightsdesk.cli.screening import read_partial_index as stored_index
from rightsdesk.model.records import Designation
from rightsdesk.pipeline import build, load_file
from rightsdesk.screening import ScreeningIndex, ScreeningQuery, screen
from rightsdesk.screening.index import KEYS_VERSION
from rightsdesk.store import Store, schema
from rightsdesk.store.readers.designations import load_designations
from rightsdesk.store.screening_keys import SCREENING, keys_stale
from tests.screening.conftest import SDN_DIR, UN_XML
from tests.store.test_load import FIXTURES
from tests.store.test_relations import LINKED


def _load_lists(store: Store, un: Any = FIXTURES / "un_list_sample.xml", sdn: Any = FIXTURES / "ofac-sdn") -> None:
    load_file(store, "un-sc-list", un)
    load_file(store, "ofac-sdn", sdn, allow_shrink=True)


def _queries(designations: list[Designation], count: int, seed: int = 7) -> list[ScreeningQuery]:
    """Listed names as given (at most `count`), and `count` respelled ones, some with a date of birth, an identifier or a
    schema; and names that are not listed (Korean names from common syllables, a Hangul one)."""
    rng = random.Random(seed)
    names = [n.name for d in designations for n in d.names if n.name.strip()]
    ids = [doc.number for d in designations for doc in d.documents]
    listed = list(dict.fromkeys(names))
    queries = [ScreeningQuery.build(n) for n in (listed if len(listed) <= count else rng.sample(listed, count))]
    for n in ("Kim Yong Chol", "Pak Pong Ju", "Kim Jong Un", "최휘", "Lee Jae-il", "Jung Eun Hee", "Mr. Jo Yong Won"):
        queries.append(ScreeningQuery.build(n))
    for i in range(count):
        text = rng.choice(names)
        position = rng.randrange(len(text))
        text = text[:position] + rng.choice("aeiou") + text[position + 1:]
        extra: dict[str, Any] = {}
        if i % 3 == 0:
            extra["dob"] = rng.choice(["1960", "1957-10-24", "1948"])
        if i % 5 == 0 and ids:
            extra["identifiers"] = [rng.choice(ids)]
        if i % 7 == 0:
            extra["schema"] = rng.choice(["person", "entity", "vessel"])
        queries.append(ScreeningQuery.build(text, **extra))
    return queries


def _same_as_in_memory(store: Store, count: int) -> int:
    """Screen every query both ways; return how many results were compared (they must be identical)."""
    with store.reading(ANONYMOUS) as session:
        designations = load_designations(session)
        whole = ScreeningIndex.build(designations)
        compared = 0
        for query in _queries(designations, count):
            part = stored_index(store, query)
            assert part is not None
            expected = screen(whole, query, limit=10)
            assert screen(part, query, limit=10) == expected, query
            compared += len(expected["results"])
    return compared


def test_the_stored_postings_screen_as_the_whole_index(store: Store) -> None:
    _load_lists(store)
    with store.engine.connect() as conn:
        assert not keys_stale(conn, KEYS_VERSION)
    assert _same_as_in_memory(store, 300) > 100


def test_the_cli_reads_the_postings_and_answers_as_the_built_index(store: Store) -> None:
    _load_lists(store)
    runner = CliRunner()
    for name in ("Choe Hwi", "JO YONG WON", "Korea Mining Development", "Aerocaribbean"):
        stored = runner.invoke(cli, ["--db", store.url, "screen", name, "--json"])
        built = runner.invoke(cli, ["--db", store.url, "screen", name, "--json", "--lists", "un", "--lists",
                                    "ofac-sdn"])  # naming lists builds the index in memory
        assert stored.exit_code == 0 and built.exit_code == 0, stored.output + built.output
        assert json.loads(stored.output)["results"] == json.loads(built.output)["results"]
        assert json.loads(stored.output)["results"], name


def test_the_postings_follow_a_reload_a_delisted_entry_is_no_longer_found(store: Store) -> None:
    _load_lists(store)
    query = ScreeningQuery.build("AEROCARIBBEAN AIRLINES")
    part = stored_index(store, query)
    assert part is not None
    assert [r["reference_number"] for r in screen(part, query)["results"]] == ["36"]
    load_file(store, "ofac-sdn", LINKED, allow_shrink=True)  # a later list without entry 36
    part = stored_index(store, query)
    assert part is not None
    assert "36" not in [r["reference_number"] for r in screen(part, query)["results"]]
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", store.url, "screen", "AEROCARIBBEAN AIRLINES", "--json"])
    assert result.exit_code == 0, result.output
    assert "36" not in [r["reference_number"] for r in json.loads(result.output)["results"]]
    assert _same_as_in_memory(store, 100) > 0


def _stamp(store: Store) -> str | None:
    v = schema.derived_version
    with store.engine.connect() as conn:
        return conn.execute(select(v.c.version).where(v.c.name == SCREENING)).scalar()


def test_stale_postings_are_not_read_and_the_next_load_recomputes_them(store: Store) -> None:
    _load_lists(store)
    good = _stamp(store)
    v = schema.derived_version
    with store.engine.begin() as conn:  # as if computed from other lists, or by another KEYS_VERSION
        conn.execute(update(v).where(v.c.name == SCREENING).values(version="0" * 64))
        conn.execute(schema.screening_key.delete().where(schema.screening_key.c.key.like("t:%")))
    query = ScreeningQuery.build("Choe Hwi")
    with store.engine.connect() as conn:
        assert keys_stale(conn, KEYS_VERSION)
    assert stored_index(store, query) is None
    result = CliRunner().invoke(cli, ["--db", store.url, "screen", "Choe Hwi", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["results"], result.output  # built in memory
    load_file(store, "ofac-sdn", FIXTURES / "ofac-sdn")  # nothing new to load, but the postings are stale
    assert _stamp(store) == good
    assert _same_as_in_memory(store, 100) > 0


def test_postings_naming_designations_not_held_are_not_read(store: Store) -> None:
    _load_lists(store)
    with store.engine.begin() as conn:  # bad rows under a current stamp: never trusted
        conn.execute(update(schema.screening_entry).values(designation_id="gone"))
    with store.engine.connect() as conn:
        assert not keys_stale(conn, KEYS_VERSION)
    assert stored_index(store, ScreeningQuery.build("Choe Hwi")) is None


def test_build_recomputes_missing_postings(store: Store) -> None:
    _load_lists(store)
    with store.engine.begin() as conn:
        conn.execute(schema.derived_version.delete().where(schema.derived_version.c.name == SCREENING))
        conn.execute(schema.screening_key.delete())
    build(store, datasets=[("un-sc-list", FIXTURES / "un_list_sample.xml"), ("ofac-sdn", FIXTURES / "ofac-sdn")])
    with store.engine.connect() as conn:
        assert not keys_stale(conn, KEYS_VERSION)
    assert _same_as_in_memory(store, 50) > 0


@pytest.mark.slow
def test_the_bundled_lists_screen_the_same_from_the_postings(store: Store) -> None:
    """The real lists (~10,000 designations): postings too common to block on, and the rarest-shared cut."""
    _load_lists(store, UN_XML, SDN_DIR)
    with store.reading(ANONYMOUS) as session:
        designations = load_designations(session)
    assert len(designations) > 5000
    assert _same_as_in_memory(store, 400) > 1000

