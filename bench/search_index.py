"""Full-text index upkeep: a whole rebuild (the baseline) beside the incremental update after one source
changes, on a copy of a built database, side by side in one run.

    .venv/bin/python bench/search_index.py [path/to/rightsdesk.db] [rounds]

The incremental case forgets what one source contributed (as when a corrected file replaces it), so that
`update_index` reindexes that source alone; the baseline drops the index's version so it rebuilds whole.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rightsdesk.search.index import update_index
from rightsdesk.store import Store


def _timed(store: Store, prepare: str, *params: str) -> float:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(prepare, params)
        started = time.perf_counter()
        change = update_index(conn)
        elapsed = time.perf_counter() - started
    assert change, "nothing was reindexed"
    return elapsed


def main(db: Path, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copy(db, copy)
        store = Store.open(f"sqlite:///{copy}")
        with store.engine.begin() as conn:
            update_index(conn)
            by_size = conn.exec_driver_sql("SELECT source_id, kind, n FROM search_source ORDER BY n").all()
        smallest, largest = by_size[0], by_size[-1]
        full, small, large = [], [], []
        for _ in range(rounds):
            full.append(_timed(store, "UPDATE search_state SET n = -1 WHERE kind = 'version'"))
            for source, out in ((smallest, small), (largest, large)):
                out.append(_timed(store, "DELETE FROM search_source WHERE source_id = ?", source[0]))
        store.close()
    base = statistics.median(full)
    print(f"whole rebuild (baseline): median {base:.2f} s over {rounds} rounds")
    for label, (_, kind, n), times in (("smallest", smallest, small), ("largest", largest, large)):
        med = statistics.median(times)
        print(f"one source changed ({label}: {n:,} {kind} documents): median {med:.3f} s, {base / med:.1f}x faster")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "rightsdesk.db"), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
