"""Derived data after a crash (issue 15, defect 6): links carry the version of the lists they were computed
from, so a load that stopped after replacing a list but before refreshing the links is repaired by the next
ingest (which otherwise has nothing to load) or build."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from rightsdesk.cli import cli
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import schema
from rightsdesk.store.links import links_stale
from tests.store.test_load import FIXTURES, load_samples
from tests.store.test_relations import LINKED


def _dangling(store: Any) -> int:
    d, link = schema.designation, schema.designation_link
    with store.engine.connect() as conn:
        held = {(r.list_name, r.reference_number) for r in conn.execute(select(d.c.list_name, d.c.reference_number))}
        return sum(1 for r in conn.execute(select(link)) if (r.right_list, r.right_ref) not in held
                   or (r.left_list, r.left_ref) not in held)


def test_links_left_stale_by_a_crash_are_repaired_by_the_next_ingest(store: Any) -> None:
    load_samples(store)
    first = CliRunner().invoke(cli, ["--db", store.url, "ingest", "ofac-sdn", str(FIXTURES / "ofac-sdn")])
    assert first.exit_code == 0, first.output
    assert "nothing changed" in first.output  # links were never computed: now they are
    with store.engine.connect() as conn:
        assert not links_stale(conn)
    load(store, "ofac-sdn", LINKED, allow_shrink=True)  # the list replaced, then the process killed
    with store.engine.connect() as conn:
        assert links_stale(conn)
    assert _dangling(store) > 0
    again = CliRunner().invoke(cli, ["--db", store.url, "ingest", "ofac-sdn", str(LINKED)])
    assert again.exit_code == 0, again.output
    assert "nothing changed" in again.output and "refreshed" in again.output
    assert _dangling(store) == 0
    with store.engine.connect() as conn:
        assert not links_stale(conn)
