"""The one exception tree of rightsdesk.

    RightsdeskError                 every error the library raises on purpose
    ├── InputError                  a user's value is wrong (unknown ISO code, bad date, bad symbol)
    │   └── UnknownCountryError     a country spelling or code that the table does not know
    ├── IngestError                 a source file is malformed; names file, line (or element) and field
    ├── StoreError                  the database cannot be opened, migrated or written
    └── NotFoundError               a looked-up record does not exist

The CLI turns every RightsdeskError into a message on stderr and exit code 2 (in `cli/__init__.py`);
the web app turns it into an HTTP status (in `web/`). Nothing else catches them.
"""

from __future__ import annotations


class RightsdeskError(Exception):
    """Base of every error rightsdesk raises on purpose."""


class InputError(RightsdeskError):
    """A value given by the user or a source cannot be understood."""


class UnknownCountryError(InputError):
    """A country spelling or code that is not in the country table."""


class IngestError(RightsdeskError):
    """A source file is malformed. The message names the file, the line or element, and the problem."""

    def __init__(self, path: str, where: str | int | None, problem: str) -> None:
        self.path = str(path)
        self.where = where
        self.problem = problem
        loc = f"line {where}" if isinstance(where, int) else (where or "")
        super().__init__(f"{self.path}{': ' + loc if loc else ''}: {problem}")


class StoreError(RightsdeskError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(RightsdeskError):
    """A record that was asked for does not exist."""
