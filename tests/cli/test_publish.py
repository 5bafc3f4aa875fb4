"""`rightsdesk publish`: the public-only SQLite copy. Case records, accounts, the audit log, reviewers' judgements
and labels given by a person never enter it; Datasette opens it as it is; it is written whole or not at all."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.store import Store, schema
from rightsdesk.store.publish import DROPPED, PRIVATE, PUBLIC, unclassified
from tests.cli.conftest import LEAK_MARKERS, Desk
from tests.store.test_load import load_samples

REVIEWER, WHY = "Reviewer Quillfeather", "same birth date as the Onsong list entry"


def test_every_table_is_declared_public_or_private() -> None:
    assert unclassified() == []
    assert not set(PUBLIC) & set(PRIVATE)
    assert {"app_user", "audit_log", "case_person", "link_judgement"} <= set(PRIVATE)


@pytest.fixture(scope="module")
def published(desk: Desk) -> Path:
    """The desk's store (cases with a planted victim, accounts, audit) with the public fixtures, a person's
    label and a reviewer's judgement added, then published."""
    from rightsdesk.store import judgements
    from rightsdesk.store.labels import write_person_label

    store = Store.open(desk.url)
    load_samples(store)
    with store.writing() as conn:
        rec = conn.scalar(schema.upr_recommendation.select().with_only_columns(schema.upr_recommendation.c.id))
        write_person_label(conn, str(rec), "upr-issue", "Torture and other CID treatment", REVIEWER)
        judgements.record(conn, "north:1", "south:2", "match", who=REVIEWER, why=WHY)
    store.close()
    path = desk.tmp / "public.db"
    result = desk.run("publish", str(path), "--force")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "upr_recommendation" in result.output
    return path


def test_only_public_tables_enter(published: Path) -> None:
    with sqlite3.connect(published) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert set(PUBLIC) <= tables and not tables & set(PRIVATE)
        assert db.execute("SELECT count(*) FROM upr_recommendation").fetchone()[0] == 30
        assert db.execute("SELECT count(*) FROM designation").fetchone()[0] == 12
        assert db.execute("SELECT count(*) FROM record_label WHERE origin = 'person'").fetchone()[0] == 0
        for table, columns in DROPPED.items():
            present = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
            assert not present & columns
        paths = [r[0] for r in db.execute("SELECT path FROM source")]
        assert paths and all("/" not in p and "\\" not in p for p in paths)  # file names, no server folders


def test_no_private_byte_enters(published: Path, desk: Desk) -> None:
    raw = published.read_bytes()
    for marker in (*LEAK_MARKERS, REVIEWER, WHY, "documenter", "argon2", str(desk.tmp)):
        assert marker.encode("utf-8") not in raw, marker


def test_datasette_opens_the_copy_as_it_is(published: Path) -> None:
    datasette_app = pytest.importorskip("datasette.app", reason="datasette is in the dev extra")

    async def ask() -> tuple[Any, Any]:
        ds = datasette_app.Datasette([str(published)])
        await ds.invoke_startup()
        tables = await ds.client.get("/public.json")
        found = await ds.client.get("/public/upr_recommendation.json?_search=torture&_shape=array")
        return tables, found

    tables, found = asyncio.run(ask())
    assert tables.status_code == 200 and found.status_code == 200, found.text[:300]
    assert found.json() and all("ortur" in r["text"] for r in found.json())  # the FTS table Datasette detected


def test_an_existing_file_is_kept_without_force(desk: Desk, published: Path) -> None:
    before = published.read_bytes()
    result = desk.run("publish", str(published))
    assert result.exit_code == 2 and "exists" in result.output
    assert published.read_bytes() == before
    assert not list(published.parent.glob(".public.db.*.tmp"))
