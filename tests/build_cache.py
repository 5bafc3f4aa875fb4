"""The full bundled build kept across test runs: a SQLite file in a cache folder, a template database on the server.

`rightsdesk build` takes two minutes or more per engine; its result depends only on the code and data of the
package the tests import, so it is made once and kept, under a key that hashes everything that determines it:
every file of the package (the bundled data, every module, the migrations), pyproject.toml, the package's
version and the versions of SQLAlchemy and Alembic, the situation pack named by RIGHTSDESK_SITUATION, and the
version of SQLite or of the PostgreSQL server. A change anywhere gives a new key, so the next run builds again.

- SQLite: `<cache>/built-<slot>-<key>.db`, where `<cache>` is RIGHTSDESK_TEST_CACHE, else
  `$XDG_CACHE_HOME/rightsdesk-tests`, else `~/.cache/rightsdesk-tests`. A session copies the file.
- PostgreSQL: a database `rightsdesk_built_<slot>_<key>` that accepts no connections; a session copies it with
  `CREATE DATABASE ... TEMPLATE`, under the slot's lock.

The slot hashes the folder of the bundled data: the build records the paths it loaded from (a sanctions list
loaded from elsewhere is kept by the next build), so each checkout has builds of its own, and a new key replaces
the old one of the same checkout. Entries no run has used for `STALE_DAYS` days (a checkout since deleted) are
removed too. A build is made under a temporary name and renamed when complete (`os.replace`; `ALTER DATABASE
... RENAME`), with a lock per slot held meanwhile (`flock`; `pg_advisory_lock`): a second run at the same time
waits for the first and copies its build, and no run ever copies a half-made one. RIGHTSDESK_TEST_FRESH_BUILD=1
builds again whatever the cache holds (and replaces what it holds).

Nothing here hands out the cached build itself: the caller gets a copy of its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

STALE_DAYS = 14
FRESH_ENV = "RIGHTSDESK_TEST_FRESH_BUILD"
_COMMENT = "rightsdesk test build, last used "
_built_here: set[str] = set()  # what this process built: RIGHTSDESK_TEST_FRESH_BUILD rebuilds once per run


def fresh_requested(name: str) -> bool:
    """Whether RIGHTSDESK_TEST_FRESH_BUILD asks for a new build of `name` whatever the cache holds (once per run:
    later copies in the same run come from the build it made)."""
    return name not in _built_here and os.environ.get(FRESH_ENV, "").strip().lower() not in ("", "0", "false", "no")


def cache_dir() -> Path:
    """The folder holding the cached SQLite builds (made if missing)."""
    explicit = os.environ.get("RIGHTSDESK_TEST_CACHE")
    if explicit:
        folder = Path(explicit)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "rightsdesk-tests"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _package_root() -> Path:
    import rightsdesk

    return Path(rightsdesk.__file__).resolve().parent


def slot() -> str:
    """A short hash of where the bundled data lies (the checkout the tests import)."""
    from rightsdesk.ingest import data_dir

    return hashlib.sha256(str(Path(data_dir()).resolve()).encode()).hexdigest()[:8]


def content_key(*extra: str) -> str:
    """A hash of everything the build depends on (see the module's docstring), plus `extra`."""
    digest = hashlib.sha256()
    root = _package_root()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in (".pyc", ".pyo")):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    pyproject = root.parent.parent / "pyproject.toml"  # the version and the dependencies, in a source checkout
    if pyproject.is_file():
        digest.update(hashlib.sha256(pyproject.read_bytes()).digest())
    for dist in ("rightsdesk", "sqlalchemy", "alembic"):
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{dist}={version}\0".encode())
    digest.update(f"situation={os.environ.get('RIGHTSDESK_SITUATION', '')}\0".encode())
    for item in extra:
        digest.update(item.encode() + b"\0")
    return digest.hexdigest()[:16]


# --- SQLite -------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sqlite_build(build: Callable[[str], None], folder: Path | None = None, mine: str | None = None) -> Path:
    """The path of the cached SQLite build for this checkout (`mine`, a slot) and content, made by `build(url)`
    first if the cache does not hold it (or a fresh build was asked for). Copy it; never open it for writing."""
    folder = folder or cache_dir()
    mine = mine or slot()
    final = folder / f"built-{mine}-{content_key(f'sqlite={sqlite3.sqlite_version}')}.db"
    with _file_lock(folder / f"built-{mine}.lock"):
        for orphan in folder.glob(f".built-{mine}-*.tmp*"):  # a run that died while building: we hold the lock
            orphan.unlink(missing_ok=True)
        if fresh_requested(str(final)) or not final.exists():
            temp = folder / f".built-{mine}-{uuid.uuid4().hex[:8]}.tmp.db"
            try:
                build(f"sqlite:///{temp}")
                _settle_sqlite(temp)
                os.replace(temp, final)
                _built_here.add(str(final))
            finally:
                for leftover in folder.glob(f"{temp.name}*"):
                    leftover.unlink(missing_ok=True)
        os.utime(final)  # used now: not stale
        for other in folder.glob(f"built-{mine}-*.db"):
            if other != final:  # an older key of this checkout (a copy being made from it keeps its own handle)
                other.unlink(missing_ok=True)
    _remove_stale_files(folder)
    return final


def _settle_sqlite(path: Path) -> None:
    """Fold the write-ahead log into the file and leave it in rollback-journal mode, so that the file alone is
    the whole database and a plain copy of it is complete (the store turns WAL on again when it opens a copy)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if mode != "delete":
            raise RuntimeError(f"the build at {path} is still open elsewhere (journal mode {mode})")
    finally:
        conn.close()


def _remove_stale_files(folder: Path) -> None:
    cutoff = time.time() - STALE_DAYS * 86400
    for path in folder.glob("built-*.db"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def sqlite_copy(cached: Path, dest: Path) -> str:
    """Copy the cached build to `dest`; the URL of the copy."""
    shutil.copyfile(cached, dest)
    return f"sqlite:///{dest}"


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def pg_built_copy(base_url: str, build: Callable[[str], None], dest: str, mine: str | None = None) -> str:
    """Make database `dest` a copy of the cached build for this checkout (`mine`, a slot) and content on the
    server at `base_url` (a psycopg URL of a database to connect to), building it first with `build(url)` if the
    server does not hold it (or a fresh build was asked for); the URL of `dest`. The cached build itself accepts
    no connections."""
    import psycopg

    mine = mine or slot()
    prefix = f"rightsdesk_built_{mine}_"
    with psycopg.connect(base_url, autocommit=True) as conn:
        server = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        final = prefix + content_key(f"postgresql={server}")
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (prefix,))
        try:
            existing = _pg_names(conn, prefix)
            for orphan in (n for n in existing if "_tmp" in n):  # a run that died while building: we hold the lock
                conn.execute(f'DROP DATABASE IF EXISTS "{orphan}" WITH (FORCE)')
            if fresh_requested(final) or final not in existing:
                temp = f"{final}_tmp{uuid.uuid4().hex[:6]}"
                conn.execute(f'CREATE DATABASE "{temp}"')
                try:
                    build(base_url.rsplit("/", 1)[0] + f"/{temp}")
                    _pg_settle(conn, temp)
                    conn.execute(f'DROP DATABASE IF EXISTS "{final}" WITH (FORCE)')
                    conn.execute(f'ALTER DATABASE "{temp}" RENAME TO "{final}"')
                    conn.execute(f'ALTER DATABASE "{final}" WITH ALLOW_CONNECTIONS false')
                    _built_here.add(final)
                finally:
                    conn.execute(f'DROP DATABASE IF EXISTS "{temp}" WITH (FORCE)')
            conn.execute(f"COMMENT ON DATABASE \"{final}\" IS '{_COMMENT}{date.today().isoformat()}'")
            for other in _pg_names(conn, prefix):
                if other != final:  # an older key of this checkout: copies are made under the lock, none now
                    conn.execute(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)')
            conn.execute(f'DROP DATABASE IF EXISTS "{dest}"')
            conn.execute(f'CREATE DATABASE "{dest}" TEMPLATE "{final}"')
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (prefix,))
        _pg_remove_stale(conn)
    return base_url.rsplit("/", 1)[0] + f"/{dest}"


def _pg_names(conn: psycopg.Connection[Any], prefix: str) -> list[str]:
    rows = conn.execute(
        "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", (prefix,)).fetchall()
    return [str(r[0]) for r in rows]


def _pg_settle(conn: psycopg.Connection[Any], name: str) -> None:
    """End what is still connected to the database just built (the build's own pooled connections), so that it
    can be renamed and copied."""
    conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        (name,))


def _pg_remove_stale(conn: psycopg.Connection[Any]) -> None:
    """Drop cached builds of any checkout that no run has used for STALE_DAYS days."""
    cutoff = date.today() - timedelta(days=STALE_DAYS)
    rows = conn.execute(
        "SELECT d.datname, shobj_description(d.oid, 'pg_database') FROM pg_database d "
        "WHERE starts_with(d.datname, 'rightsdesk_built_')").fetchall()
    for name, comment in rows:
        used = str(comment or "").removeprefix(_COMMENT)
        try:
            stale = date.fromisoformat(used) < cutoff
        except ValueError:
            continue  # being built by another run, or not ours to judge
        if stale:
            with contextlib.suppress(Exception):  # in use by a run after all: left for another day
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
