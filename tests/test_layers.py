"""The import contract: each package reaches only the packages below it, and only `store/` touches tables.

The test walks every module's imports with `ast` (lazy imports inside functions included). Touching tables means
importing `store.schema` (or a `schema_*` module), or importing SQLAlchemy's query builders (`select`, `text`,
`func`, column types...) or sending SQL text through `exec_driver_sql`: outside `store/` only the names in
`SQL_OUTSIDE_STORE` (a connection to pass along) may be imported. `MAY_IMPORT` is the
layering of docs/architecture.md; `KNOWN` lists the crossings that exist today, each with why and what removes
it. A new crossing fails the test; a known one that has gone away fails it too, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rightsdesk"
TOP = {"errors", "settings", "datafiles", "export", "__init__", "__main__"}  # cross-cutting, at the top of the package

MAY_IMPORT: dict[str, set[str]] = {
    "data": set(),  # bundled files only
    "model": set(),
    "mechanisms": {"model"},
    "situation": {"model", "mechanisms", "store"},
    "ingest": {"model", "mechanisms"},
    "access": {"model"},
    "matching": {"model"},
    "cases": {"model", "access", "matching"},
    "store": {"model", "access", "cases", "matching"},
    "screening": {"model", "matching"},
    "linkage": {"model", "matching", "screening", "store"},
    "stats": {"model", "mechanisms", "situation", "store", "linkage"},
    "tagging": {"model", "ingest", "store"},
    "search": {"model", "mechanisms", "situation", "store", "matching", "tagging"},
    "pipeline": {"model", "mechanisms", "situation", "ingest", "store", "access", "cases", "matching",
                 "screening", "linkage", "stats", "tagging", "search"},
    "web": {"*"},
    "cli": {"*"},
}

# (importing module, imported package or module): why it is there, and what removes it.
KNOWN: dict[tuple[str, str], str] = {}  # none left: the case workflows moved into pipeline/ (issue 9)

TABLE_MODULES = ("store.schema",)  # importing these, or `schema` from rightsdesk.store, touches tables
SQL_OUTSIDE_STORE = {"Connection", "Engine", "make_url"}  # what may pass a connection along without querying


def _imports(path: Path) -> set[str]:
    """The rightsdesk modules `path` imports, as dotted names below `rightsdesk` (`store.schema`, `model`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("rightsdesk."):
                base = node.module.removeprefix("rightsdesk.")
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
            elif node.module == "rightsdesk":
                found |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("rightsdesk.") for a in node.names if a.name.startswith("rightsdesk.")}
    return found


def _sql_builders(path: Path) -> set[str]:
    """The names `path` imports from SQLAlchemy beyond SQL_OUTSIDE_STORE: query builders and column types."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sqlalchemy":
            found |= {a.name for a in node.names} - SQL_OUTSIDE_STORE
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy"}
    return found


def _raw_sql(path: Path) -> bool:
    """True when `path` sends SQL text to a connection itself (`conn.exec_driver_sql(...)`)."""
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
               and node.func.attr == "exec_driver_sql" for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def _is_module(name: str, package: Path = PACKAGE) -> bool:
    return (package / name).is_dir() or (package / f"{name}.py").exists()


def _crossings(root: Path = PACKAGE) -> dict[tuple[str, str], str]:
    """Every import that breaks the contract in the package at `root`: (module, what it imports) -> the rule it
    breaks."""
    out: dict[tuple[str, str], str] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        package = rel.parts[0].removesuffix(".py")
        if package in TOP or "migrations" in rel.parts:
            continue
        allowed = MAY_IMPORT.get(package)
        assert allowed is not None, f"{rel}: package {package!r} has no place in MAY_IMPORT: add it"
        for name in _imports(path):
            target = name.split(".")[0]
            if target in TOP or target == package or not _is_module(target, root):  # `from rightsdesk import __version__`
                continue
            if "*" not in allowed and target not in allowed:
                out[(str(rel), target)] = f"{package} may not import {target}"
            if package != "store" and any(name == t or name.startswith(t + "_") for t in TABLE_MODULES):
                out[(str(rel), "store.schema")] = "only store/ touches tables"
        if package != "store" and (builders := _sql_builders(path)):
            out[(str(rel), "sqlalchemy")] = f"only store/ builds queries ({', '.join(sorted(builders))})"
        if package != "store" and _raw_sql(path):
            out[(str(rel), "exec_driver_sql")] = "only store/ sends SQL to the database"
    return out


def test_no_package_reaches_past_its_layer() -> None:
    crossings = _crossings()
    new = {k: v for k, v in crossings.items() if k not in KNOWN}
    assert not new, "imports that break the layering:\n" + "\n".join(f"  {m} imports {t}: {why}"
                                                                    for (m, t), why in sorted(new.items()))


def test_the_known_crossings_still_exist() -> None:
    """A crossing fixed is taken off KNOWN, so the list says only what is still true."""
    gone = set(KNOWN) - set(_crossings())
    assert not gone, f"fixed, take them off KNOWN: {sorted(gone)}"


def test_a_crossing_is_found(tmp_path: Path) -> None:
    """The walker sees lazy imports inside functions and `from rightsdesk.store import schema`."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from rightsdesk.store import schema\n    import rightsdesk.web.app\n",
                      encoding="utf-8")
    assert {"store", "store.schema", "web.app"} <= _imports(module)


def test_a_query_built_outside_the_store_is_found(tmp_path: Path) -> None:
    """Passing a connection along is allowed; importing a query builder (even lazily) is not."""
    module = tmp_path / "m.py"
    module.write_text("from sqlalchemy import Connection\n\ndef f():\n    from sqlalchemy import select, text\n",
                      encoding="utf-8")
    assert _sql_builders(module) == {"select", "text"}
    module.write_text("from sqlalchemy import Connection, Engine\n", encoding="utf-8")
    assert _sql_builders(module) == set()


def _package(root: Path, modules: dict[str, str]) -> Path:
    """A synthetic rightsdesk package under `root`: every package of MAY_IMPORT (empty), plus `modules`."""
    for name in MAY_IMPORT:
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "__init__.py").write_text("", encoding="utf-8")
    for rel, source in modules.items():
        (root / rel).write_text(source, encoding="utf-8")
    return root


def test_the_contract_catches_each_kind_of_crossing(tmp_path: Path) -> None:
    """Fed a package whose search/ and tagging/ touch tables, build queries, send SQL or reach above their layer,
    the walk names each, and none of them is excused by KNOWN; the same calls inside store/ pass."""
    root = _package(tmp_path / "rightsdesk", {
        "search/tables.py": "def f():\n    from rightsdesk.store import schema\n",
        "search/schema_split.py": "from rightsdesk.store.schema_tags import record_label\n",
        "search/builds.py": "from sqlalchemy import Connection, select\n",
        "search/raw.py": "def f(conn):\n    return conn.exec_driver_sql('SELECT 1')\n",
        "tagging/upward.py": "import rightsdesk.web.app\n",
        "tagging/fine.py": "from sqlalchemy import Connection\nfrom rightsdesk.store.readers import browse\n",
        "store/reader.py": "from sqlalchemy import select, text\nfrom rightsdesk.store import schema\n"
                           "def f(conn):\n    return conn.exec_driver_sql('SELECT 1')\n",
    })
    found = _crossings(root)
    assert set(found) == {("search/tables.py", "store.schema"), ("search/schema_split.py", "store.schema"),
                          ("search/builds.py", "sqlalchemy"), ("search/raw.py", "exec_driver_sql"),
                          ("tagging/upward.py", "web")}
    assert not set(found) & set(KNOWN)
    assert "select" in found[("search/builds.py", "sqlalchemy")]


def test_search_and_tagging_are_clean() -> None:
    """Issue 9, Deliver 1: search/ and tagging/ read and write the store only through store functions; KNOWN
    holds no crossing of theirs."""
    assert not [k for k in (*KNOWN, *_crossings()) if k[0].split("/")[0] in ("search", "tagging")]
