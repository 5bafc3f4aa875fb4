"""Filtered facets beside Datasette: the same table, filters, search and facets, served over loopback.

    .venv/bin/python bench/facets.py [path/to/rightsdesk.db] [--requests 40]

Copies a built SQLite database, gives the copy the full-text table Datasette expects (FTS5 over
`upr_recommendation.text`, Porter stemmer, like ours), starts `rightsdesk serve` and `datasette serve` on it
side by side, and times `--requests` sequential GETs of each query on each, printing medians, p95 and the ratio.
Datasette counts the five column facets and the issue array; rightsdesk counts those and the regional group of
the recommending state as well. Datasette is in the dev extra only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from web import latencies, p95, start, when_up  # noqa: E402  (bench/web.py: the server and the timing)

QUERIES = [  # (label, rightsdesk query string, Datasette filters)
    ("to=PRK, q=torture", "to=PRK&q=torture", "to_state=PRK&_search=torture"),
    ("q=torture", "q=torture", "_search=torture"),
    ("to=PRK", "to=PRK", "to_state=PRK"),
    ("cycle=2, response=noted, q=women", "cycle=2&response=noted&q=women",
     "cycle=2&response=noted&_search=women"),
    ("no filter", "", ""),
]
FACETS = "&".join(f"_facet={c}" for c in ("cycle", "session", "response", "from_state", "action_category"))


def _prepare(db: Path, copy: Path) -> None:
    shutil.copy(db, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("CREATE VIRTUAL TABLE upr_recommendation_fts USING fts5(text, content='upr_recommendation', "
                     "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')")
        conn.execute("INSERT INTO upr_recommendation_fts (rowid, text) SELECT rowid, text FROM upr_recommendation")


def _datasette(copy: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    metadata = copy.with_suffix(".json")
    metadata.write_text(json.dumps({"databases": {copy.stem: {"tables": {"upr_recommendation": {
        "fts_table": "upr_recommendation_fts", "fts_pk": "rowid"}}}}}), encoding="utf-8")
    exe = Path(sys.executable).with_name("datasette")
    proc = subprocess.Popen([str(exe), "serve", str(copy), "--port", str(port), "--metadata", str(metadata),
                             "--setting", "facet_time_limit_ms", "10000", "--setting", "sql_time_limit_ms",
                             "10000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, when_up(proc, f"http://127.0.0.1:{port}", "/-/versions.json", "datasette")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default="rightsdesk.db")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        _prepare(Path(args.db), copy)
        ours, our_base = start(f"sqlite:///{copy}")
        theirs, their_base = _datasette(copy)
        try:
            with httpx.Client(base_url=our_base, timeout=60) as a, httpx.Client(base_url=their_base, timeout=60) as b:
                print(f"{'query':<34} {'rightsdesk median/p95':>22} {'Datasette median/p95':>22} {'ratio':>6}  "
                      f"(ms, {args.requests} requests each)")
                for label, q, d in QUERIES:
                    mine = latencies(a, f"/api/v1/recommendations/facets?{q}", args.requests)
                    url = f"/{copy.stem}/upr_recommendation.json?{d}&{FACETS}&_facet_array=issues&_size=0"
                    other = latencies(b, url.replace("?&", "?"), args.requests)
                    m, o = statistics.median(mine), statistics.median(other)
                    print(f"{label:<34} {m:10.1f} / {p95(mine):8.1f}  {o:10.1f} / {p95(other):8.1f}  {m / o:6.2f}")
        finally:
            for proc in (ours, theirs):
                proc.terminate()
                proc.wait(10)


if __name__ == "__main__":
    main()
