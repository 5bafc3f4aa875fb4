"""The list of roll calls (`/api/v1/votes?session=N`, the `votes` handler of `web.api`) on a store without the
indexes of revision 0014 (`ix_roll_call_session_date`, `ix_roll_call_date`, `ix_vote_rcid_vote`) and with them,
in the same run, on two copies of the same built SQLite store, taking turns call by call.

Usage:  .venv/bin/python bench/roll_calls.py --db sqlite:///rightsdesk.db [--session 37 --session 69] [--repeat 31]

The store is copied twice into a temporary folder (the original is not changed): in one copy the three indexes
are dropped (before), in the other they are made where missing (after). Each case (a session, and no session
filter, each in the default order and by most yes votes) is timed in process, the handler called directly as
the web app calls it on a cache miss. Prints the median milliseconds before and after and their ratio, and
stops if the two answers differ.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rightsdesk.access import ANONYMOUS
from rightsdesk.store import Store
from rightsdesk.web.api import votes

INDEXES = {"ix_roll_call_session_date": "roll_call (session, date)", "ix_roll_call_date": "roll_call (date)",
           "ix_vote_rcid_vote": "country_vote (rcid, vote)"}


def _copy(source: Path, target: Path, with_indexes: bool) -> str:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        for name, where in INDEXES.items():
            dst.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {where}" if with_indexes
                        else f"DROP INDEX IF EXISTS {name}")
    return f"sqlite:///{target}"


def _timed(urls: tuple[str, str], cases: list[Mapping[str, Any]], repeat: int) -> list[tuple[float, float, Any, Any]]:
    """For each case: the median milliseconds on each store and the two answers. The two stores take turns, call
    by call, so that the load of the machine at a moment falls on both alike."""
    stores = [Store.open(url) for url in urls]
    out = []
    with stores[0].reading(ANONYMOUS) as first, stores[1].reading(ANONYMOUS) as second:
        for args in cases:
            answers = [votes(first, args), votes(second, args)]  # warm the page and statement caches
            times: list[list[float]] = [[], []]
            for _ in range(repeat):
                for i, session in enumerate((first, second)):
                    start = time.perf_counter()
                    answers[i] = votes(session, args)
                    times[i].append(time.perf_counter() - start)
            out.append((statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000, *answers))
    for store in stores:
        store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a built SQLite store, sqlite:///PATH")
    parser.add_argument("--session", type=int, action="append", help="a General Assembly session (repeatable)")
    parser.add_argument("--repeat", type=int, default=31)
    args = parser.parse_args()
    if not args.db.startswith("sqlite:///"):
        parser.error("--db must be a SQLite store (sqlite:///PATH): the bench copies the file")
    sessions: list[int | None] = [*(args.session or [37, 69]), None]
    cases = [{"q": "", "session": None if s is None else [s], "cursor": None, "limit": 50, "sort": sort}
             for s in sessions for sort in ("-date", "-yes")]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.db.removeprefix("sqlite:///"))
        urls = (_copy(source, Path(tmp) / "before.db", False), _copy(source, Path(tmp) / "after.db", True))
        timed = _timed(urls, cases, args.repeat)
    print(f"/api/v1/votes handler, in process, median of {args.repeat} (ms)")
    print(f"{'session':>8} {'sort':>6} {'rows':>5} {'before':>8} {'after':>8} {'ratio':>6}")
    for case, (old_ms, new_ms, old, new) in zip(cases, timed, strict=True):
        if old != new:
            raise SystemExit(f"the answers differ for {case}")
        label = "all" if case["session"] is None else str(case["session"][0])
        print(f"{label:>8} {case['sort']:>6} {new['total']:>5} {old_ms:>8.2f} {new_ms:>8.2f} {old_ms / new_ms:>5.1f}x")

if __name__ == "__main__":
    main()
