"""The build kept across test runs (tests/build_cache.py): made once, copied, rebuilt when asked or when the code
changes, never half-made, never changed through a copy; each engine, with a small build standing in for
`rightsdesk build`."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests import build_cache
from tests.conftest import PG_URL, pg_available

BASE = PG_URL.replace("postgresql+psycopg", "postgresql")


class Builds:
    """A small build: the store's schema and one row naming the build; counts how often it ran."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, url: str) -> None:
        from sqlalchemy import text

        from rightsdesk.store import Store

        with self.lock:
            self.urls.append(url)
            n = len(self.urls)
        store = Store.create(url)
        with store.writing() as conn:
            conn.execute(text("CREATE TABLE build_mark (n INTEGER)"))
            conn.execute(text("INSERT INTO build_mark VALUES (:n)"), {"n": n})
        store.close()


def _mark(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT n FROM build_mark")]
    finally:
        conn.close()


def test_sqlite_build_is_made_once_and_each_copy_is_its_own(tmp_path: Path) -> None:
    builds = Builds()
    cached = build_cache.sqlite_build(builds, tmp_path, mine="t1")
    assert build_cache.sqlite_build(builds, tmp_path, mine="t1") == cached and len(builds.urls) == 1
    assert not list(tmp_path.glob("*.db-wal")) and not list(tmp_path.glob(".built-*"))  # the file alone is whole
    url = build_cache.sqlite_copy(cached, tmp_path / "copy.db")
    from sqlalchemy import text

    from rightsdesk.store import Store

    store = Store.open(url)
    with store.writing() as conn:
        conn.execute(text("UPDATE build_mark SET n = 99"))
    store.close()
    assert _mark(tmp_path / "copy.db") == [99] and _mark(cached) == [1]


def test_sqlite_fresh_build_replaces_and_an_old_key_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = Builds()
    old = tmp_path / "built-t2-0123456789abcdef.db"
    old.write_bytes(b"an older key's build")
    orphan = tmp_path / ".built-t2-deadbeef.tmp.db"  # left by a run that died while building
    orphan.write_bytes(b"half")
    other_checkout = tmp_path / "built-zz-0123456789abcdef.db"
    other_checkout.write_bytes(b"another checkout's build")
    cached = build_cache.sqlite_build(builds, tmp_path, mine="t2")
    assert not old.exists() and not orphan.exists() and other_checkout.exists()
    monkeypatch.setenv(build_cache.FRESH_ENV, "1")
    assert build_cache.sqlite_build(builds, tmp_path, mine="t2") == cached and len(builds.urls) == 1  # this run's
    monkeypatch.setattr(build_cache, "_built_here", set())  # a later run, asked for a fresh build
    assert build_cache.sqlite_build(builds, tmp_path, mine="t2") == cached
    assert build_cache.sqlite_build(builds, tmp_path, mine="t2") == cached  # once per run
    assert len(builds.urls) == 2 and _mark(cached) == [2]


def test_the_key_changes_with_any_file_of_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "src" / "rightsdesk"
    (package / "data").mkdir(parents=True)
    (package / "data" / "list.xml").write_text("<a/>")
    (package / "store.py").write_text("X = 1\n")
    monkeypatch.setattr(build_cache, "_package_root", lambda: package)
    keys = [build_cache.content_key()]
    (package / "data" / "list.xml").write_text("<b/>")
    keys.append(build_cache.content_key())
    (package / "store.py").write_text("X = 2\n")
    keys.append(build_cache.content_key())
    (package / "data" / "new.csv").write_text("")
    keys.append(build_cache.content_key())
    assert keys[-1] != build_cache.content_key("postgresql=15")
    assert len(set(keys)) == 4 and build_cache.content_key() == keys[-1]


def test_two_runs_at_once_build_once_and_both_get_the_whole_build(tmp_path: Path) -> None:
    builds = Builds()
    got: list[Path] = []
    runs = [threading.Thread(target=lambda: got.append(build_cache.sqlite_build(builds, tmp_path, mine="t3")))
            for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert len(builds.urls) == 1 and len(got) == 2 and got[0] == got[1] and _mark(got[0]) == [1]


@pytest.mark.postgres
def test_postgresql_template_is_made_once_and_copies_are_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    if reason := pg_available():
        pytest.skip(f"PostgreSQL half skipped: {reason}")
    import psycopg

    mine = f"t{uuid.uuid4().hex[:6]}"
    builds = Builds()
    stale = f"rightsdesk_built_{mine}_0123456789abcdef"
    copies = [f"rightsdesk_test_{uuid.uuid4().hex[:12]}" for _ in range(3)]
    host = BASE.rsplit("/", 1)[0]

    def rows(name: str) -> list[Any]:
        with psycopg.connect(f"{host}/{name}") as conn:
            return [r[0] for r in conn.execute("SELECT n FROM build_mark")]

    with psycopg.connect(BASE, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{stale}"')
        try:
            assert build_cache.pg_built_copy(BASE, builds, copies[0], mine=mine) == f"{host}/{copies[0]}"
            with psycopg.connect(f"{host}/{copies[0]}", autocommit=True) as conn:
                conn.execute("UPDATE build_mark SET n = 99")
            build_cache.pg_built_copy(BASE, builds, copies[1], mine=mine)
            assert len(builds.urls) == 1 and rows(copies[0]) == [99] and rows(copies[1]) == [1]
            held = admin.execute("SELECT datname, datallowconn FROM pg_database WHERE starts_with(datname, %s)",
                                 (f"rightsdesk_built_{mine}_",)).fetchall()
            assert len(held) == 1 and held[0][0] != stale and held[0][1] is False  # the old key dropped
            monkeypatch.setenv(build_cache.FRESH_ENV, "1")
            monkeypatch.setattr(build_cache, "_built_here", set())  # a later run, asked for a fresh build
            build_cache.pg_built_copy(BASE, builds, copies[2], mine=mine)
            assert len(builds.urls) == 2 and rows(copies[2]) == [2]
        finally:
            for name in [*copies, stale, *(r[0] for r in admin.execute(
                    "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", (f"rightsdesk_built_{mine}_",)))]:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
