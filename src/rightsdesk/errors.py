"""The one exception tree of rightsdesk.

    RightsdeskError                 every error the library raises on purpose
    ├── UsageError                  a command or request was called wrongly (missing or clashing options)
    ├── InputError                  a user's value is wrong (unknown ISO code, bad date, bad symbol)
    │   ├── UnknownCountryError     a country spelling or code that the table does not know
    │   ├── TooLargeError           a request body or value beyond the bounds the server keeps
    │   ├── OlderListError          a sanctions list older than the one already loaded
    │   └── ShrinkError             a load would remove a large share of what its dataset holds
    ├── IngestError                 a source file is malformed; names file, line (or element) and field
    ├── NotFoundError               a looked-up record does not exist
    ├── AuthenticationError         nobody is signed in, or the credentials are wrong
    │   └── RateLimitedError        too many failed sign-ins from one client: try again after `retry_after` s
    ├── PermissionDeniedError       the principal may not do this; carries the reason
    ├── ConflictError               the change clashes with the stored state (a decision already taken, a load
    │                               under way)
    └── StoreError                  the database cannot be opened, migrated or written
        ├── StoreUnavailableError   the database does not answer (down, locked, unreachable)
        └── SchemaError             the database is missing, empty or at an older schema: run
                                    `rightsdesk db upgrade` or `rightsdesk build`

Each kind has one exit code for the CLI (`EXIT_CODES`, used in `cli/__init__.py`) and one HTTP status for the
web (`HTTP_STATUS`, used in `web/errors.py`). Third-party errors (SQLAlchemy, the drivers) are mapped to this
tree at the store's edge (`store.errors`); nothing else catches them.
"""

from __future__ import annotations


class RightsdeskError(Exception):
    """Base of every error rightsdesk raises on purpose."""


class UsageError(RightsdeskError):
    """A command or request was called wrongly: options missing, clashing or out of range."""


class InputError(RightsdeskError):
    """A value given by the user or a source cannot be understood."""


class UnknownCountryError(InputError):
    """A country spelling or code that is not in the country table."""


class TooLargeError(InputError):
    """A request body (or a value in it) larger than the server accepts: 413 on the web."""


class OlderListError(InputError):
    """A sanctions list dated before the newest list of its dataset already loaded."""


class ShrinkError(InputError):
    """A load would remove more than a small share of what its dataset holds: a truncated or damaged file, most
    likely. Refused (nothing written) unless the user says the removal is intended (`--allow-shrink`)."""


class IngestError(RightsdeskError):
    """A source file is malformed. The message names the file, the line or element, and the problem."""

    def __init__(self, path: str, where: str | int | None, problem: str) -> None:
        self.path = str(path)
        self.where = where
        self.problem = problem
        loc = f"line {where}" if isinstance(where, int) else (where or "")
        super().__init__(f"{self.path}{': ' + loc if loc else ''}: {problem}")


class NotFoundError(RightsdeskError):
    """A record that was asked for does not exist."""


class AuthenticationError(RightsdeskError):
    """Nobody is signed in where a user is needed, or the credentials do not match."""


class RateLimitedError(AuthenticationError):
    """Too many failed sign-ins from one client address: refused until `retry_after` seconds have passed."""

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class PermissionDeniedError(RightsdeskError):
    """The principal may not perform the action; `reason` says why (shown to the user, never a secret)."""

    def __init__(self, action: str, reason: str) -> None:
        self.action = action
        self.reason = reason
        super().__init__(f"permission denied: {action}: {reason}")


class ConflictError(RightsdeskError):
    """The change clashes with the stored state: a decision already taken, a load of the same file under way."""


class StoreError(RightsdeskError):
    """The database cannot be opened, migrated or written."""


class StoreUnavailableError(StoreError):
    """The database does not answer: the server is down or unreachable, or the file is locked."""


class SchemaError(StoreError):
    """The database is missing, empty, or at a schema older than the code: it needs `rightsdesk db upgrade`."""


# The CLI's exit codes, most specific class first (documented in the README).
EXIT_CODES: tuple[tuple[type[RightsdeskError], int], ...] = (
    (UsageError, 64),
    (NotFoundError, 3),
    (AuthenticationError, 4),
    (PermissionDeniedError, 4),
    (ConflictError, 5),
    (StoreError, 6),
    (RightsdeskError, 2),  # bad input: InputError, IngestError and anything not named above
)

# The web's HTTP statuses, most specific class first.
HTTP_STATUS: tuple[tuple[type[RightsdeskError], int], ...] = (
    (TooLargeError, 413),
    (UsageError, 400),
    (InputError, 400),
    (IngestError, 400),
    (NotFoundError, 404),
    (RateLimitedError, 429),
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (ConflictError, 409),
    (StoreUnavailableError, 503),
    (SchemaError, 503),
    (StoreError, 500),
    (RightsdeskError, 400),
)


def exit_code(exc: RightsdeskError) -> int:
    """The CLI exit code for `exc`."""
    return next(code for kind, code in EXIT_CODES if isinstance(exc, kind))


def http_status(exc: RightsdeskError) -> int:
    """The HTTP status for `exc`."""
    return next(status for kind, status in HTTP_STATUS if isinstance(exc, kind))
