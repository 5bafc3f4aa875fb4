"""The read-only SQL page (`web/public_sql.py`) over a public copy of the fixture store: reads answer, every
kind of write or escape is refused and leaves the copy as it was, a runaway query is stopped."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.access import SYSTEM
from rightsdesk.store.publish import publish

WRITES = ["INSERT INTO country (iso3) VALUES ('XXX')", "UPDATE designation SET name = 'x'", "DELETE FROM source",
          "DROP TABLE upr_recommendation", "CREATE TABLE t (x)", "ATTACH DATABASE '/tmp/evil.db' AS evil",
          "PRAGMA writable_schema = 1", "PRAGMA query_only = 0", "VACUUM", "SELECT 1; DELETE FROM source",
          "REPLACE INTO country (iso3) VALUES ('PRK')", "SELECT load_extension('x')",
          "UPDATE sqlite_master SET sql = 'x'", "INSERT INTO upr_recommendation_fts (upr_recommendation_fts) VALUES ('rebuild')"]


@pytest.fixture(scope="module")
def public_copy(shared_store: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("public") / "public.db"
    with shared_store.reading(SYSTEM) as session:
        publish(session.conn, path)
    return path


@pytest.fixture(scope="module")
def sql_client(shared_store: Any, public_copy: Path) -> Iterator[Any]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from rightsdesk.web import create_app

    with TestClient(create_app(shared_store, index=False, public_db=public_copy)) as c:
        yield c


def test_a_select_answers_as_a_page_json_and_csv(sql_client: Any) -> None:
    q = "SELECT list_name, count(*) AS n FROM designation GROUP BY list_name ORDER BY list_name"
    page = sql_client.get("/sql", params={"sql": q})
    assert page.status_code == 200 and "2 rows" in page.text and "ofac-sdn" in page.text
    data = sql_client.get("/sql", params={"sql": q, "format": "json"}).json()
    assert data["columns"] == ["list_name", "n"] and data["rows"] == [["ofac-sdn", 5], ["un", 7]]
    csv_text = sql_client.get("/sql", params={"sql": q, "format": "csv"}).text
    assert csv_text.splitlines() == ["list_name,n", "ofac-sdn,5", "un,7"]


def test_full_text_and_the_table_list(sql_client: Any) -> None:
    q = ("SELECT r.text FROM upr_recommendation_fts f JOIN upr_recommendation r ON r.rowid = f.rowid "
         "WHERE upr_recommendation_fts MATCH 'torture'")
    rows = sql_client.get("/sql", params={"sql": q, "format": "json"}).json()["rows"]
    assert rows and all("ortur" in r[0] for r in rows)
    page = sql_client.get("/sql").text
    assert "<code>upr_recommendation</code>" in page and "app_user" not in page and "case_person" not in page


@pytest.mark.parametrize("sql", WRITES)
def test_every_write_is_refused_and_the_copy_unchanged(sql_client: Any, public_copy: Path, sql: str) -> None:
    before = hashlib.sha256(public_copy.read_bytes()).hexdigest()
    r = sql_client.get("/sql", params={"sql": sql})
    assert r.status_code == 400, r.text[:300]
    assert hashlib.sha256(public_copy.read_bytes()).hexdigest() == before
    assert not Path("/tmp/evil.db").exists()


def test_a_runaway_query_is_stopped(sql_client: Any) -> None:
    forever = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    r = sql_client.get("/sql", params={"sql": forever})
    assert r.status_code == 400 and "was stopped" in r.text


def test_rows_are_capped_and_long_text_refused(sql_client: Any) -> None:
    many = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000) SELECT x FROM c"
    data = sql_client.get("/sql", params={"sql": many, "format": "json"}).json()
    assert len(data["rows"]) == 1000 and data["truncated"] is True
    assert sql_client.get("/sql", params={"sql": "SELECT 1 -- " + "x" * 6000}).status_code == 400
    assert sql_client.get("/sql", params={"sql": "SELEC nonsense"}).status_code == 400


def test_without_a_public_copy_the_page_says_how(client: Any) -> None:
    r = client.get("/sql?sql=SELECT+1")
    assert r.status_code == 404 and "rightsdesk publish public.db" in r.text


def test_a_result_holds_at_most_its_byte_budget(sql_client: Any) -> None:
    """Big values are bounded one by one (no value over 1 MB) and in all (5 MB): the rows after are cut."""
    assert sql_client.get("/sql", params={"sql": "SELECT zeroblob(2000000)"}).status_code == 400
    big = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 20) "
           "SELECT x, zeroblob(900000) AS b FROM c")
    data = sql_client.get("/sql", params={"sql": big, "format": "json"}).json()
    assert data["truncated"] is True and 0 < len(data["rows"]) <= 5


def test_the_store_itself_is_never_served(shared_store: Any, tmp_path: Path) -> None:
    """A --public-db that is not a copy made by publish (the store's own SQLite file, say) is refused."""
    import sqlite3
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from rightsdesk.web import create_app

    private = tmp_path / "store.db"
    with sqlite3.connect(private) as db:
        db.execute("CREATE TABLE publication (key TEXT, value TEXT)")
        db.execute("CREATE TABLE app_user (name TEXT, password_hash TEXT)")
    with TestClient(create_app(shared_store, index=False, public_db=private)) as c:
        r = c.get("/sql", params={"sql": "SELECT * FROM app_user"})
    assert r.status_code == 404 and "not a public copy" in r.text and "app_user" in r.text
