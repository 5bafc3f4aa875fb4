"""The store's edge: SQLAlchemy's and the drivers' errors become the project's own (`rightsdesk.errors`).

    OperationalError (server down, file locked, unreachable) → StoreUnavailableError
    OperationalError / ProgrammingError "no such table"     → SchemaError (build or `db upgrade` first)
    IntegrityError (a key stored twice)                     → ConflictError
    any other DBAPIError                                    → StoreError

Everything that opens a connection goes through `translated()`, so no SQLAlchemy exception leaves `store/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

from rightsdesk.errors import ConflictError, SchemaError, StoreError, StoreUnavailableError

_MISSING_TABLE = ("no such table", "does not exist", "undefinedtable")
_UNAVAILABLE = ("locked", "unable to open", "connection", "connect", "timeout", "timed out", "server", "readonly",
                "read-only", "disk i/o")


def _message(exc: DBAPIError) -> str:
    return " ".join(str(exc.orig).split())[:300]


def translate(exc: DBAPIError, where: str) -> StoreError | ConflictError:
    """The project's error for a database error met while `where` (e.g. "reading sqlite:///x.db")."""
    text = _message(exc)
    if isinstance(exc, OperationalError | ProgrammingError) and any(m in text.casefold() for m in _MISSING_TABLE):
        return SchemaError(f"{where}: the database lacks part of the schema ({text}): run `rightsdesk db upgrade` "
                           "or `rightsdesk build`")
    if isinstance(exc, IntegrityError):
        return ConflictError(f"{where}: a record clashes with one already stored ({text})")
    if isinstance(exc, OperationalError) and any(m in text.casefold() for m in _UNAVAILABLE):
        return StoreUnavailableError(f"{where}: the database does not answer ({text})")
    return StoreError(f"{where}: {text}")


@contextmanager
def translated(where: str) -> Iterator[None]:
    """Run the block with database errors turned into the project's errors."""
    try:
        yield
    except DBAPIError as exc:
        raise translate(exc, where) from None
