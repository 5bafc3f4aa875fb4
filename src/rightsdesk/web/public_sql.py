"""The read-only SQL page (`/sql`): any SELECT over the public copy made by `rightsdesk publish`, never the store.

Four locks, each enough alone against a write: the file is opened read-only (`mode=ro`), the connection is
`query_only`, an authorizer allows only reading (SELECT, reading columns, functions, recursive CTEs; no
ATTACH, no PRAGMA but a few that only read, no write of any kind), and the copy holds public tables only (`store/publish.py`). A query runs
for at most TIME_LIMIT_S (SQLite's progress handler interrupts it), returns at most MAX_ROWS rows, and the
text is at most MAX_SQL characters; an SQL error, a refused operation or a query over time is an InputError (a
400 with SQLite's message). `format=json` or `format=csv` answers the same rows.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.store.publish import PRIVATE
from rightsdesk.web.params import Param, read_params
from rightsdesk.web.responses import JSONResponse, export

TIME_LIMIT_S = 1.0
MAX_ROWS = 1000
MAX_SQL = 5000
MAX_VALUE_BYTES = 1_000_000  # the longest value a query may build (zeroblob, printf, ...)
MAX_RESULT_BYTES = 5_000_000  # the text and bytes a result may hold in all: more rows are cut
ALLOWED = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE})
GENERAL_EXAMPLES = (
    ("Full-text search of the recommendations",
     "SELECT r.to_state, r.cycle, r.text FROM upr_recommendation_fts f JOIN upr_recommendation r "
     "ON r.rowid = f.rowid WHERE upr_recommendation_fts MATCH 'forced labour' LIMIT 20"),
)


def examples() -> tuple[tuple[str, str], ...]:
    """The page's example queries: the situation pack's (`sql_examples` in pack.yaml), then the general ones."""
    from rightsdesk.datafiles import situation_yaml

    own = tuple((str(x["title"]), str(x["sql"])) for x in situation_yaml("pack.yaml").get("sql_examples") or ())
    return own + GENERAL_EXAMPLES


#: Pragmas that only read, allowed without a value: FTS5 reads `data_version` when it opens its table.
READ_PRAGMAS = frozenset({"data_version", "table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list"})


def _authorize(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    if action in ALLOWED or (action == sqlite3.SQLITE_PRAGMA and arg1 in READ_PRAGMAS and arg2 is None):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":  # asked as FTS5 declares its table; SQLite
        return sqlite3.SQLITE_OK  # itself refuses a user's write to sqlite_master, and the file is read-only
    return sqlite3.SQLITE_DENY


_OPEN = threading.local()  # one connection per worker thread and file, kept: SQLite's page cache stays warm


def _open(path: Path) -> sqlite3.Connection:
    """The calling thread's read-only connection to `path` (opened once, then reused)."""
    held: dict[Path, sqlite3.Connection] = _OPEN.__dict__.setdefault("connections", {})
    db = held.get(path)
    if db is None:
        db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        db.execute("PRAGMA query_only = 1")
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        db.set_authorizer(_authorize)
        held[path] = db
    return db


def run_query(path: Path, sql: str, *, limit_s: float = TIME_LIMIT_S) -> dict[str, Any]:
    """`sql` over the public copy at `path`: columns, rows (at most MAX_ROWS), whether more were cut, and ms."""
    if len(sql) > MAX_SQL:
        raise InputError(f"sql is too long ({len(sql):,} characters; at most {MAX_SQL:,})")
    db = _open(path)
    deadline = time.perf_counter() + limit_s
    db.set_progress_handler(lambda: int(time.perf_counter() > deadline), 1000)
    started = time.perf_counter()
    try:
        cursor = db.execute(sql)
        columns = [d[0] for d in cursor.description or ()]
        rows: list[Any] = []
        truncated, size = False, 0
        for row in cursor:  # row by row, so that neither the count nor the bytes held grow past their bounds
            size += sum(len(v) if isinstance(v, str | bytes) else 8 for v in row)
            if len(rows) == MAX_ROWS or size > MAX_RESULT_BYTES:
                truncated = True
                break
            rows.append(row)
    except sqlite3.OperationalError as exc:
        if str(exc) == "interrupted":
            raise InputError(f"the query ran over {limit_s:g} s and was stopped: narrow it or add a LIMIT") from None
        if "not authorized" in str(exc) or "readonly" in str(exc):
            raise InputError(f"only reading is allowed here ({exc})") from None
        raise InputError(f"SQL error: {exc}") from None
    except sqlite3.Error as exc:
        raise InputError(f"SQL error: {exc}") from None
    finally:
        db.set_progress_handler(None, 0)
        if db.in_transaction:
            db.rollback()
    return {"columns": columns, "rows": [list(r) for r in rows], "truncated": truncated,
            "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_public(path: Path) -> None:
    """NotFoundError (the page is not available) unless `path` is a copy made by `rightsdesk publish`: it has the `publication` table and none
    of the store's private tables (so that a misconfigured --public-db never opens the store itself)."""
    db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    try:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise NotFoundError(f"{path.name}: not a SQLite database the SQL page can read ({exc})") from None
    finally:
        db.close()
    private = sorted(names & set(PRIVATE))
    if "publication" not in names or private:
        raise NotFoundError(f"{path.name} is not a public copy made by `rightsdesk publish`"
                         + (f" (it holds private tables: {', '.join(private)})" if private else "")
                         + ": the SQL page reads only such a copy")


def tables(path: Path) -> list[dict[str, Any]]:
    """The copy's tables with their columns, for the page's schema list (read with SQLite's own catalogue)."""
    db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    try:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' ORDER BY name")]
        return [{"name": n, "columns": [r[1] for r in db.execute(f'PRAGMA table_info("{n}")')]} for n in names]
    finally:
        db.close()


class PublicSql:
    """The /sql page over the public copy at `path` (None: not configured, the page says how)."""

    def __init__(self, path: Path | None, templates: Jinja2Templates) -> None:
        self.path = path
        self.templates = templates
        self._tables: list[dict[str, Any]] | None = None
        self._checked = False

    async def page(self, request: Request) -> Response:
        """The form, the copy's tables, and the result of `sql` when given."""
        if self.path is None or not self.path.is_file():
            raise NotFoundError("the SQL page reads a public copy of the data: run `rightsdesk publish public.db` "
                                "and start the workbench with `rightsdesk serve --public-db public.db`")
        a = read_params((Param("format", "", enum=("csv", "json")),), request.query_params, {})
        sql = request.query_params.get("sql", "").strip()
        path = self.path
        if not self._checked:
            await run_in_threadpool(check_public, path)
            self._checked = True
        result = await run_in_threadpool(run_query, path, sql) if sql else None
        if result is not None and a["format"] == "json":
            return JSONResponse({"sql": sql, **result})
        if result is not None and a["format"] == "csv":
            return export([dict(zip(result["columns"], r, strict=True)) for r in result["rows"]], "csv", "query",
                          result["columns"])
        if self._tables is None:
            self._tables = await run_in_threadpool(tables, path)
        return self.templates.TemplateResponse(request, "sql.html", {
            "sql": sql, "result": result, "tables": self._tables, "examples": examples(), "limit_s": TIME_LIMIT_S,
            "max_rows": MAX_ROWS})

    def routes(self) -> list[Route]:
        """The one route."""
        return [Route("/sql", self.page)]
