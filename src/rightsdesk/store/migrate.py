"""Creating and migrating the database with Alembic.

An empty database gets the whole schema from `schema.metadata` (and the full-text table, which no `Table`
describes: `schema_search.create_search_doc`) and is stamped with the newest revision
(Alembic's recipe for building an up-to-date database from scratch); an existing one is upgraded through the
revisions in `migrations/versions/`. The country table (reference data) is then brought in line with the bundled
ISO table by an upsert that writes only the rows that differ. Nothing here runs when a store is merely opened:
`Store.upgrade()` calls it, for `rightsdesk db upgrade`, `build` and `ingest`. The revision check that opening
runs (`head_revision`, `current_revision`) lives in `store/revisions.py`, which does not import Alembic.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect, select

from rightsdesk.model.countries import countries
from rightsdesk.store import schema
from rightsdesk.store.edits import note_edit
from rightsdesk.store.revisions import MIGRATIONS, current_revision, head_revision
from rightsdesk.store.schema_search import create_search_doc

__all__ = ["MIGRATIONS", "current_revision", "head_revision", "migrate", "sync_countries"]


def _config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(conn: Connection) -> str:
    """Bring the database to the newest revision; return what was done: created, upgraded or current."""
    if current_revision(conn) is None and "source" not in inspect(conn).get_table_names():
        schema.metadata.create_all(conn)
        create_search_doc(conn)  # the full-text table is no `Table` (schema_search.py)
        command.stamp(_config(conn), "head")
        done = "created"
    elif current_revision(conn) != head_revision():
        command.upgrade(_config(conn), "head")
        done = "upgraded"
    else:
        done = "current"
    if sync_countries(conn):
        note_edit(conn)  # the country table is public: caches of public answers follow (store/edits.py)
    return done


def sync_countries(conn: Connection) -> int:
    """Upsert the bundled country table: insert new codes, update changed rows, delete codes no longer known
    (none is referenced by a foreign key). Returns the number of rows written; 0 when already in line."""
    t = schema.country
    wanted = {c.iso3: {"iso3": c.iso3, "iso2": c.iso2, "m49": c.m49, "name": c.name,
                       "official_name": c.official_name, "regional_group": c.regional_group,
                       "un_status": c.un_status} for c in countries().values()}
    stored = {r["iso3"]: dict(r) for r in conn.execute(select(t)).mappings()}
    new = [row for code, row in wanted.items() if code not in stored]
    changed = [row for code, row in wanted.items() if code in stored and stored[code] != row]
    gone = [code for code in stored if code not in wanted]
    if new:
        conn.execute(t.insert(), new)
    for row in changed:
        conn.execute(t.update().where(t.c.iso3 == row["iso3"]).values(row))
    if gone:
        conn.execute(t.delete().where(t.c.iso3.in_(gone)))
    return len(new) + len(changed) + len(gone)
