"""Fixtures shared by the whole suite: a network guard, and stores on both engines.

- Every test runs with a guard that fails any connection to an address outside the loopback range: nothing
  may download at run time.
- `store_url` is parametrised over SQLite (a file in tmp_path) and PostgreSQL (a database of its own on the
  server at RIGHTSDESK_TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres). Where no server
  answers, the PostgreSQL half is skipped and the run says so at the end.
- `schema_url` and `store` hold the whole schema and no data. The schema is made once per engine per run and
  copied for each test (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL): migrating from
  nothing takes seconds, a copy a fraction of one.
- `built` is a store holding all bundled data: a copy, per engine per run, of a build kept across runs (in a cache
  folder, and as a template database on the server; tests/build_cache.py), so `rightsdesk build` runs only when
  the code or the data changed, or when RIGHTSDESK_TEST_FRESH_BUILD=1 asks. `built_to_change` is such a copy for
  one test that writes to it. A test that asks for either is marked slow here, whatever its module says.
- PostgreSQL test databases are dropped on a thread of their own: DROP DATABASE makes the server write a
  checkpoint (seconds when the server is busy), and no test needs to wait for it. The run waits for the last
  drop before it ends.
"""

from __future__ import annotations

import ipaddress
import os
import queue
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

PG_URL = os.environ.get("RIGHTSDESK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
_pg_state: dict[str, Any] = {}


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple):
        host = address[0]
    else:
        return True  # a Unix socket
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    """Fail any connection to a non-loopback address."""
    original = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            raise AssertionError(f"a test tried to connect to {address!r}: nothing may leave this machine")
        return original(self, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]
    yield
    socket.socket.connect = original  # type: ignore[method-assign]


def pg_available() -> str | None:
    """None when the PostgreSQL server answers, else why not."""
    if "reason" not in _pg_state:
        try:
            import psycopg

            with psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=3):
                pass
            _pg_state["reason"] = None
        except Exception as exc:  # any failure to connect means: no server for this run
            _pg_state["reason"] = f"no PostgreSQL server at {PG_URL} ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})"
    return _pg_state["reason"]  # type: ignore[no-any-return]


def _pg_database(name: str, template: str | None = None) -> str:
    import psycopg

    base = PG_URL.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return base.rsplit("/", 1)[0] + f"/{name}"


class _Dropper:
    """Drops PostgreSQL databases one after another on a thread of its own, so that no test waits for the
    checkpoint each DROP DATABASE costs; `finish()` waits for the last and returns what could not be dropped."""

    def __init__(self) -> None:
        self.names: queue.Queue[str | None] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.failed: list[str] = []

    def drop(self, name: str) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="drop-test-databases", daemon=True)
            self.thread.start()
        self.names.put(name)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
            while (name := self.names.get()) is not None:
                try:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                except psycopg.Error as exc:
                    self.failed.append(f"{name}: {' '.join(str(exc).split())[:120]}")

    def finish(self) -> list[str]:
        if self.thread is not None:
            self.names.put(None)
            self.thread.join()
            self.thread = None
        return self.failed


_dropper = _Dropper()


def _drop_pg_database(name: str) -> None:
    """Drop the test database `name` (on the dropper's thread: the run waits for it at the end, not the test)."""
    _dropper.drop(name)


@pytest.fixture(autouse=True, scope="session")
def _drop_test_databases_at_the_end() -> Iterator[None]:
    """Set up before every other session fixture, so torn down after them: waits for the last drop."""
    yield
    _dropper.finish()


def _engine_url(engine: str, tmp: Any) -> tuple[str, str | None]:
    if engine == "sqlite":
        return f"sqlite:///{tmp / 'rightsdesk.db'}", None
    reason = pg_available()
    if reason:
        pytest.skip(f"PostgreSQL half skipped: {reason}")
    name = f"rightsdesk_test_{uuid.uuid4().hex[:12]}"
    return _pg_database(name), name


ENGINES = [pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=ENGINES)
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """The URL of an empty database, on each engine in turn."""
    url, pg_name = _engine_url(request.param, tmp_path)
    yield url
    if pg_name:
        _drop_pg_database(pg_name)


@pytest.fixture(scope="session")
def _schema_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Per engine, where a migrated empty schema lies: a SQLite file, or a PostgreSQL database to copy."""
    templates: dict[str, str] = {}
    yield templates
    if "postgresql" in templates:
        _drop_pg_database(templates["postgresql"])


def _schema_template(engine: str, templates: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The engine's template, made on first use by the same upgrade that `build` runs."""
    if engine not in templates:
        from rightsdesk.store import Store

        if engine == "sqlite":
            path = tmp_path_factory.mktemp("schema") / "schema.db"
            url, name = f"sqlite:///{path}", str(path)
        else:
            name = f"rightsdesk_schema_{uuid.uuid4().hex[:12]}"
            url = _pg_database(name)
        made = Store.create(url)
        made.close()
        templates[engine] = name
    return templates[engine]


@pytest.fixture(scope="session")
def sqlite_schema_file(_schema_templates: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The SQLite file holding the migrated empty schema: copy it to get an empty store in milliseconds."""
    return _schema_template("sqlite", _schema_templates, tmp_path_factory)


@pytest.fixture(params=ENGINES)
def schema_url(request: pytest.FixtureRequest, tmp_path: Any, _schema_templates: dict[str, str],
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a database with the whole schema and no data, on each engine in turn."""
    engine = request.param
    if engine == "postgresql" and (reason := pg_available()):
        pytest.skip(f"PostgreSQL half skipped: {reason}")
    template = _schema_template(engine, _schema_templates, tmp_path_factory)
    if engine == "sqlite":
        path = tmp_path / "rightsdesk.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    name = f"rightsdesk_test_{uuid.uuid4().hex[:12]}"
    yield _pg_database(name, template=template)
    _drop_pg_database(name)


@pytest.fixture
def store(schema_url: str) -> Iterator[Any]:
    """An empty store with the whole schema, on each engine in turn."""
    from rightsdesk.store import Store

    s = Store.open(schema_url)
    yield s
    s.close()


def _build(url: str) -> None:
    """`rightsdesk build` into the database at `url`, as a user runs it: in a process of its own (of the package
    these tests import), so that no connection to the new build outlives it."""
    import subprocess
    import sys
    from pathlib import Path

    import rightsdesk

    src = str(Path(rightsdesk.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run([sys.executable, "-m", "rightsdesk", "--db", url, "build"], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]


def built_copy(engine: str, tmp: Any) -> tuple[str, str | None]:
    """A copy of the full bundled build on `engine` (its URL, and the PostgreSQL database's name to drop after),
    from the build kept across runs (tests/build_cache.py), made first if the cache lacks it."""
    from tests import build_cache

    if engine == "sqlite":
        return build_cache.sqlite_copy(build_cache.sqlite_build(_build), tmp / "rightsdesk.db"), None
    reason = pg_available()
    if reason:
        pytest.skip(f"PostgreSQL half skipped: {reason}")
    name = f"rightsdesk_test_{uuid.uuid4().hex[:12]}"
    return build_cache.pg_built_copy(PG_URL.replace("postgresql+psycopg", "postgresql"), _build, name), name


@pytest.fixture(scope="session", params=ENGINES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A store holding all bundled data: this run's own copy of the build kept across runs (made by
    `rightsdesk build` when the code or data changed: a minute or two per engine), shared by the run's tests."""
    from rightsdesk.store import Store

    url, pg_name = built_copy(request.param, tmp_path_factory.mktemp("built"))
    s = Store.open(url)
    yield s
    s.close()
    if pg_name:
        _drop_pg_database(pg_name)


@pytest.fixture(params=ENGINES)
def built_to_change(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Any]:
    """A store holding all bundled data that the test may change: a copy of its own (a second or two), so that
    what it writes reaches neither `built` nor another test."""
    from rightsdesk.store import Store

    url, pg_name = built_copy(request.param, tmp_path)
    s = Store.open(url)
    yield s
    s.close()
    if pg_name:
        _drop_pg_database(pg_name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test on the full bundled build is slow, wherever it is. For pytest-xdist (`-n`, `--dist loadgroup`):
    the tests on the full build share one worker, so that it is built once per engine and not once per worker;
    the browser tests share one, so that two Chromiums do not race for the cores; the rest go by module, so that
    a module's fixtures (a case desk on each engine, say) are made once."""
    for item in items:
        if {"built", "built_to_change"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
            group = "built"
        elif item.get_closest_marker("browser"):
            group = "browser"
        else:
            group = item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly whether the PostgreSQL half ran."""
    if "reason" not in _pg_state and terminalreporter.config.getoption("numprocesses", None):
        pg_available()  # under pytest-xdist the workers asked, not this process: ask once here too
    for failed in _dropper.failed:
        terminalreporter.write_line(f"a test database could not be dropped: {failed}", yellow=True)
    reason = _pg_state.get("reason")
    if reason:
        terminalreporter.write_line(f"PostgreSQL half skipped: {reason}", yellow=True)
    elif "reason" in _pg_state:
        terminalreporter.write_line(f"PostgreSQL half ran against {PG_URL}", green=True)
