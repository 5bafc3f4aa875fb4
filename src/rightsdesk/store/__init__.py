"""The store: one database on SQLite (embedded default) or PostgreSQL, behind SQLAlchemy Core.

    with open_store(settings) as store:           # connects; never writes
        with store.reading(ANONYMOUS) as session:  # a ReadSession: a connection and who is asking
            rows = readers.upr.recommendations(session, to="PRK")

Opening a store never writes: schema changes happen in `Store.upgrade()` (`rightsdesk db upgrade`, and
`build`/`ingest`, which write anyway). Every read goes through a `ReadSession` that names its `Principal`, so that
readers of case data can require a permission and write an audit event. Database errors become the project's
errors at this edge (`store/errors.py`). Loading lives in `writer.py`, reads in `readers/`, dialect
differences in `dialects.py`; business rules live elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from rightsdesk.access import Principal
from rightsdesk.errors import SchemaError
from rightsdesk.store.dialects import engine_for
from rightsdesk.store.errors import translated

if TYPE_CHECKING:
    from rightsdesk.settings import Settings


@dataclass(frozen=True)
class ReadSession:
    """One read: the connection it runs on and the principal asking. Readers take nothing else."""

    conn: Connection
    principal: Principal


@dataclass
class Store:
    """A connected database. Opening it never writes; `upgrade()` brings its schema to the code's."""

    engine: Engine
    url: str

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to `url` (a read-only SQLite URL works); StoreUnavailableError if it does not answer."""
        engine = engine_for(url)
        store = cls(engine=engine, url=url)
        with store._translated("opening"), engine.connect():
            pass
        return store

    @classmethod
    def create(cls, url: str) -> Store:
        """Connect to `url` and create or upgrade its schema: for commands that write anyway, and tests."""
        store = cls.open(url)
        store.upgrade()
        return store

    @property
    def display_url(self) -> str:
        """The URL with any password hidden: safe for messages and logs."""
        return self.engine.url.render_as_string(hide_password=True)

    def upgrade(self) -> str:
        """Create or migrate the schema and bring the reference data up to date; returns what was done
        ("created", "upgraded" or "current")."""
        from rightsdesk.store.migrate import migrate

        with self._translated("upgrading"), self.engine.begin() as conn:
            return migrate(conn)

    def revision(self) -> tuple[str | None, str]:
        """(the schema revision the database is at, None for one rightsdesk has not created; the code's newest)."""
        from rightsdesk.store.revisions import current_revision, head_revision

        with self._translated("reading"), self.engine.connect() as conn:
            return current_revision(conn), head_revision()

    def require_current(self) -> None:
        """SchemaError unless the database was created by rightsdesk and is at the code's schema revision."""
        at, head = self.revision()
        if at is None:
            raise SchemaError(f"the database {self.display_url} has no rightsdesk schema: run `rightsdesk build` "
                              "first (or give --db the one you built)")
        if at != head:
            raise SchemaError(f"the database {self.display_url} is at schema revision {at}, this rightsdesk at "
                              f"{head}: run `rightsdesk db upgrade` (or `rightsdesk build`)")

    @contextmanager
    def reading(self, principal: Principal) -> Iterator[ReadSession]:
        """A read on behalf of `principal`, in one transaction; database errors become the project's."""
        with self._translated("reading"), self.engine.connect() as conn:
            yield ReadSession(conn=conn, principal=principal)

    @contextmanager
    def writing(self, *, claimed: bool = False) -> Iterator[Connection]:
        """One all-or-nothing write transaction; database errors become the project's.

        On SQLite the transaction holds the file's write lock from its start (BEGIN IMMEDIATE, waiting up to the
        busy timeout for another writer): what it reads is what it writes over, and a second writer waits for
        the first. A deferred transaction that has read (a cursor still open) cannot wait when it comes to write:
        it failed at once with "database is locked" while another appended to the audit log. `claimed=True`
        leaves the lock to the caller's first statement (`dialects.claim_writes`: loads and the search index,
        which wait longer and say so). PostgreSQL: an ordinary transaction; writers lock what they extend (the
        audit head's row, advisory locks for loads)."""
        with self._translated("writing"), self.engine.begin() as conn:
            if not claimed and conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn

    def _translated(self, doing: str) -> AbstractContextManager[None]:
        return translated(f"{doing} {self.display_url}")

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


@contextmanager
def open_store(settings: Settings) -> Iterator[Store]:
    """The store named by `settings`, opened (never written) and closed after the block."""
    store = Store.open(settings.db_url)
    try:
        yield store
    finally:
        store.close()
