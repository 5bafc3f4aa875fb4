"""The store: one database on SQLite (embedded default) or PostgreSQL, behind SQLAlchemy Core.

`Store.open(url)` connects and migrates; `writer.load` loads a source file all-or-nothing; `reader` answers
queries. Business rules live elsewhere; dialect differences live in `dialects.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from rightsdesk.errors import StoreError
from rightsdesk.store.dialects import engine_for
from rightsdesk.store.migrate import migrate


@dataclass
class Store:
    """A connected, migrated database."""

    engine: Engine
    url: str

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Store:
        """Connect to `url` and bring its schema up to date (creating it if `create`)."""
        engine = engine_for(url)
        try:
            with engine.begin() as conn:
                if create:
                    migrate(conn)
        except OperationalError as exc:
            raise StoreError(f"cannot open the database {engine.url.render_as_string(hide_password=True)}: "
                             f"{exc.orig}") from None
        return cls(engine=engine, url=url)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()
