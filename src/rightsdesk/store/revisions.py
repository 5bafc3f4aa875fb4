"""The schema revision check without Alembic's machinery: which revision the code is at, which the database is.

Every command that opens a store checks its revision (`Store.require_current`). Importing Alembic's command and
script machinery for that cost about a tenth of a second of every command's start-up, so the code's head is read
from the `revision = "..."` / `down_revision = ...` lines of `migrations/versions/*.py` (the one revision no other
names as its parent), and the database's from the `alembic_version` table. Anything this reading does not
understand (a merge revision, branch labels, several heads, several rows in the version table) is left to
Alembic itself, so the answers are Alembic's. Migrating (`store/migrate.py`) still uses Alembic.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, inspect, text

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"  # Alembic's default, which migrations/env.py keeps

_REVISION = re.compile(r'^revision = "([^"]+)"$', re.M)
_DOWN = re.compile(r'^down_revision = (?:None|"([^"]+)")$', re.M)
_PLAIN = re.compile(r"^(?:branch_labels|depends_on) = None$", re.M)
_NAMED = re.compile(r"^(?:revision|down_revision|branch_labels|depends_on)\b", re.M)


def parse_head(versions: Path) -> str | None:
    """The head revision read from the revision files in `versions`; None when they are not a plain chain
    (a merge, branch labels, dependencies, several heads or none), which only Alembic should judge."""
    parents: dict[str, str | None] = {}
    for path in sorted(versions.glob("*.py")):
        if path.name == "__init__.py":
            continue
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        plain = len(revision) == len(down) == 1 and len(_PLAIN.findall(source)) == 2
        if not plain or len(_NAMED.findall(source)) != 4 or revision[0] in parents:
            return None
        parents[revision[0]] = down[0] or None
    heads = set(parents) - {p for p in parents.values() if p is not None}
    return heads.pop() if len(heads) == 1 else None


@cache
def head_revision() -> str:
    """The newest revision the code knows."""
    head = parse_head(MIGRATIONS / "versions")
    if head is None:
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at; None for a database rightsdesk has not created."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) == 1:
        return str(rows[0])
    if not rows:
        return None
    from alembic.runtime.migration import MigrationContext  # several heads: Alembic's own answer (an error)

    return MigrationContext.configure(conn).get_current_revision()
