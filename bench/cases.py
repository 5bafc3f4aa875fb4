"""Case store speed on synthetic cases: import, case list p95, saving one case, name search, redacted export of
all cases, and `audit verify` over a long chain. Prints medians and p95, and ratios against a baseline measured
in the same run (the same reads without the guard, the audit entry and decryption; for the export, the reading
by lists of ids that it replaced; for the case list, the old OFFSET page; `bench/case_list.py` does the list
alone, in seconds).

    .venv/bin/python bench/cases.py sqlite:////tmp/bench-cases.db 100000 1000000
    .venv/bin/python bench/cases.py postgresql://postgres@127.0.0.1:5432/bench_cases 100000 1000000
    .venv/bin/python bench/cases.py sqlite:////tmp/bench-export.db 5000 0 export     # one figure only

The database named must be empty (it is created and filled here), unless BENCH_CASES_KEY_FILE names a key file:
then the key is read from it (or made and written there), and a database that already holds N cases is reused as
it is, without a new import (a 100,000-case import takes minutes). Entirely fictional data (`cases/synth.py`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from rightsdesk.access import Principal
from rightsdesk.cases.crypto import Keyring, new_key, parse_key
from rightsdesk.cases.csv_format import parse_rows, write_rows
from rightsdesk.cases.synth import synth_rows
from rightsdesk.cases.views import EXPORT_COLUMNS, analysis_allowed, export_rows
from rightsdesk.export import inert_cell
from rightsdesk.pipeline.cases import export_text, import_csv
from rightsdesk.store import Store, audit
from rightsdesk.store import case_records as records
from rightsdesk.store.case_browse import CaseFilters, case_facets
from rightsdesk.store.dialects import insert_rows
from rightsdesk.store.readers.case_browse import browse_cases
from rightsdesk.store.readers.cases import guarded, list_cases, search_names
from rightsdesk.store.schema_case_records import case_record
from rightsdesk.store.schema_cases import audit_head, audit_log

ADMIN = Principal(user="bench", roles=frozenset({"admin"}), grants=frozenset({("admin", "*")}))


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return sorted(out)


def report(label: str, times: list[float], base: list[float] | None = None) -> None:
    med, p95 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]
    ratio = f", {med / statistics.median(base):.1f}x the baseline" if base else ""
    print(f"{label}: median {med * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms over {len(times)} runs{ratio}", flush=True)


def load(store: Store, ring: Keyring, n: int, tmp: Path) -> list[dict[str, str]]:
    rows = list(synth_rows(n, seed=42))
    path = tmp / "bench.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        write_rows(fp, rows)
    started = time.perf_counter()
    result = import_csv(store, ring, ADMIN, path, "bench")
    took = time.perf_counter() - started
    print(f"import of {len(result.created)} cases: {took:.1f} s ({took / n * 1000:.2f} ms a case)", flush=True)
    return rows


def bench_list(store: Store, ring: Keyring, n: int) -> None:
    """A page of 50 at a random depth: by key (what /cases does) against the old OFFSET page, in the same run."""
    rng = random.Random(1)
    with store.engine.connect() as conn:
        ids = records.case_ids(conn)

    def keyset_page() -> None:
        with guarded(store, ring, ADMIN, "bench") as session:
            browse_cases(session, ring, CaseFilters(), after=ids[rng.randrange(max(1, len(ids) - 50))], limit=50)

    def offset_page() -> None:
        with guarded(store, ring, ADMIN, "bench") as session:
            list_cases(session, ring, limit=50, offset=rng.randrange(max(1, n - 50)))

    base = timed(offset_page, 100)
    report("case list by OFFSET (a page of 50, guarded and audited; the old way)", base)
    report("case list by key (a page of 50, guarded and audited; /cases)", timed(keyset_page, 100), base)


def bench_save(store: Store, ring: Keyring) -> None:
    rows = list(synth_rows(100, seed=99))
    for i, row in enumerate(rows):
        row["ref"] = f"SAVE-{i}"
    buf = io.StringIO()
    write_rows(buf, rows)
    buf.seek(0)
    parsed = iter(parse_rows(buf, path="save.csv", collection="bench", recorded_by="bench"))

    def save() -> None:
        item = next(parsed)
        with store.writing() as conn:
            records.insert_case(conn, ring, item.case, ref=item.ref, actor="bench")
            audit.append(conn, ring, actor="bench", action="create", case_id=item.case.id, target="case")

    report("saving a case (encrypted, indexed, audited)", timed(save, 100))


def bench_search(store: Store, ring: Keyring, rows: list[dict[str, str]]) -> None:
    rng = random.Random(2)
    forms = ("victim_name_hangul", "victim_name_mr", "victim_name_rr")

    def search() -> None:
        row = rng.choice(rows)
        with guarded(store, ring, ADMIN, "bench") as session:
            found = search_names(session, ring, row[rng.choice(forms)])
        assert found

    report("name search (any script, allowed user)", timed(search, 100))


def export_by_id_lists(store: Store, ring: Keyring) -> tuple[str, int]:
    """The redacted CSV export as it was read before 2026-12-07 (the baseline): every case id, then batches of
    500 ids sent as IN lists, every column (encrypted ones included) fetched row by row."""
    with store.writing() as conn:
        ids = records.case_ids(conn, None)
        kept = [s for s in records.load_cases(conn, ring, ids, identities=False) if analysis_allowed(s.case)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for stored in kept:
        writer.writerows({k: inert_cell(v) for k, v in row.items()} for row in export_rows(stored, full=False))
    return out.getvalue(), len(kept)


def export_by_case_model(store: Store, ring: Keyring) -> tuple[str, int]:
    """The redacted CSV export as it was read from 2026-12-07 until store/case_export.py (the baseline): cases
    streamed by id range (`iter_cases`), each built as the case model, then `export_rows`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    kept = 0
    with store.writing() as conn:
        for stored in records.iter_cases(conn, ring, None, identities=False):
            if analysis_allowed(stored.case):
                kept += 1
                writer.writerows({k: inert_cell(v) for k, v in row.items()} for row in export_rows(stored, full=False))
    return out.getvalue(), kept


def bench_export(store: Store, ring: Keyring, rounds: int = 3, others: bool = True) -> None:
    """The redacted CSV export beside the baseline (the case model read by id range, `export_by_case_model`),
    alternating, `rounds` times each; the older reading by id lists once; then each other format once. Wall time, and this process's CPU time (the database server's is not in it), since
    a shared machine's load stretches wall time."""
    base, new, base_cpu, new_cpu = [], [], [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        base_text, base_kept = export_by_case_model(store, ring)
        base.append(time.perf_counter() - started)
        base_cpu.append(time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        text, kept, left_out = export_text(store, ring, ADMIN, fmt="csv")
        new.append(time.perf_counter() - started)
        new_cpu.append(time.process_time() - cpu)
    assert (text, kept) == (base_text, base_kept)
    print(f"baseline: redacted export built from the case model: median {statistics.median(base):.1f} s "
          f"(CPU {statistics.median(base_cpu):.1f} s) over {rounds} runs ({base_kept} cases)", flush=True)
    print(f"redacted export of every case (csv): median {statistics.median(new):.1f} s "
          f"(CPU {statistics.median(new_cpu):.1f} s) over {rounds} runs, "
          f"{statistics.median(new) / statistics.median(base):.2f}x the baseline ({kept} cases, {left_out} left out "
          "for want of consent); the same text", flush=True)
    if not others:
        return
    started = time.perf_counter()
    export_by_id_lists(store, ring)
    print(f"redacted export read by id lists (before 2026-12-07): {time.perf_counter() - started:.1f} s", flush=True)
    for fmt in ("json", "huridocs-json", "uwazi-csv"):
        started = time.perf_counter()
        export_text(store, ring, ADMIN, fmt=fmt)
        took = time.perf_counter() - started
        print(f"redacted export of every case ({fmt}): {took:.1f} s, {took / statistics.median(base):.2f}x the "
              "baseline", flush=True)


def bench_facets(store: Store, runs: int = 5) -> None:
    """The /cases facet counts computed fresh (no cache): for every collection, for one, and under filters."""
    with store.engine.connect() as conn:
        collection = conn.scalar(select(case_record.c.collection).limit(1)) or "bench"
        for label, collections, filters in (
                ("all collections, no filter", None, CaseFilters()),
                ("one collection", [collection], CaseFilters()),
                ("act filter", None, CaseFilters(act="arbitrary-detention")),
                ("country filter", [collection], CaseFilters(country="CHN"))):
            report(f"facet counts ({label})", timed(lambda c=collections, f=filters: case_facets(conn, c, f), runs))


def bench_verify(store: Store, ring: Keyring, entries: int) -> None:
    with store.writing() as conn:
        head = conn.execute(audit_head.select()).first()
        seq, prev = (head.seq, head.hash) if head else (0, audit.GENESIS)
        at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        batch: list[dict[str, Any]] = []
        for i in range(seq + 1, entries + 1):
            entry = {"seq": i, "at": at, "actor": "bench", "action": "view", "case_id": None, "target": "case:x",
                     "reason": "", "detail": {"n": i}}
            digest = audit.entry_hash(prev, entry)
            batch.append({**entry, "prev_hash": prev, "hash": digest})
            prev = digest
            if len(batch) == 50_000:
                insert_rows(conn, audit_log, batch)
                batch = []
        insert_rows(conn, audit_log, batch)
        values = {"seq": entries, "hash": prev, "mac": ring.mac(f"{entries}:{prev}")}
        if head:
            conn.execute(audit_head.update().values(**values))
        else:
            conn.execute(audit_head.insert().values(id=1, **values))
    started = time.perf_counter()
    with store.writing() as conn:
        found = audit.verify(conn, ring)
    took = time.perf_counter() - started
    assert found.intact, found
    print(f"audit verify of {found.entries} entries: {took:.1f} s", flush=True)


def bench_key() -> tuple[Keyring, bool]:
    """The keyring, and whether it is kept in BENCH_CASES_KEY_FILE (so that a filled database can be reused)."""
    named = os.environ.get("BENCH_CASES_KEY_FILE", "")
    if not named:
        return Keyring([parse_key(new_key())]), False
    path = Path(named)
    if not path.exists():
        path.write_text(new_key(), encoding="ascii")
    return Keyring([parse_key(path.read_text(encoding="ascii"))]), True


def main(url: str, n: int, entries: int, only: str = "") -> None:
    store = Store.create(url)
    ring, kept_key = bench_key()
    print(f"{store.display_url}: {n} synthetic cases, {entries} audit entries", flush=True)
    with store.engine.connect() as conn:
        held = records.count_cases(conn)
    if kept_key and held >= n:
        print(f"reusing the {held} cases already held", flush=True)
        rows = list(synth_rows(n, seed=42))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows = load(store, ring, n, Path(tmp))
        if store.engine.dialect.name == "postgresql":  # what autovacuum does soon after a bulk load
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
    if only in ("", "list"):
        bench_list(store, ring, n)
    if only in ("", "save"):
        bench_save(store, ring)
    if only in ("", "search"):
        bench_search(store, ring, rows)
    if only in ("", "export", "export-csv"):
        bench_export(store, ring, others=only != "export-csv")
    if only in ("", "facets"):
        bench_facets(store)
    if only in ("", "verify"):
        bench_verify(store, ring, entries)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite:////tmp/bench-cases.db",
         int(sys.argv[2]) if len(sys.argv) > 2 else 100_000, int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000,
         sys.argv[4] if len(sys.argv) > 4 else "")
