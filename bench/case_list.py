"""Case list speed: keyset pages (`store.case_browse`, what the workbench's /cases uses) against the old OFFSET
pages (`readers.cases.list_cases(limit, offset)`), both run here on the same database, at random depths.

    .venv/bin/python bench/case_list.py 100000 sqlite:////tmp/bench-list.db postgresql://postgres@127.0.0.1:5432/bench_list

Each URL must name an empty database (filled here), or one an earlier run filled with N cases (reused; its audit
log, the earlier run's entries under another key, is emptied first). To be quick (seconds, not the minutes of a real
import), the cases are written straight into the plain columns a list reads: the collection, one event (start
date at a random precision, a place of `cases/synth.py`, certainty), one victim and the acts (synth's patterns);
the encrypted columns hold a placeholder, which a list never reads. `bench/cases.py` does the full import. Prints p50 and p95 of each
kind of page and the ratio of the OFFSET page to the keyset page. Entirely fictional data.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from rightsdesk.access import Principal
from rightsdesk.cases.crypto import Keyring, new_key, parse_key
from rightsdesk.cases.synth import PATTERNS, PLACES
from rightsdesk.cases.vocab import Certainty
from rightsdesk.store import Store
from rightsdesk.store.case_browse import CaseFilters, case_facets, case_page
from rightsdesk.store.case_records import case_summaries
from rightsdesk.store.dialects import insert_rows
from rightsdesk.store.readers.case_browse import browse_cases
from rightsdesk.store.readers.cases import guarded, list_cases
from rightsdesk.store.schema_case_records import case_act, case_event, case_person, case_record
from rightsdesk.store.schema_cases import audit_head, audit_log

ADMIN = Principal(user="bench", grants=frozenset({("admin", "*")}))
RUNS = 100
PAGE = 50
COLLECTIONS = ("seoul-2025", "families", "wgeid-2024", "camps")


def fill(store: Store, n: int) -> list[str]:
    """Write n cases' plain columns (see the module docstring); return their ids in order."""
    rng = random.Random(5)
    heads, events, persons, acts = [], [], [], []
    now = dt.datetime.now(dt.UTC)
    for k in range(n):
        cid, eid, vid = f"{rng.getrandbits(64):016x}", f"e{k:023d}", f"v{k:023d}"
        pattern, country = rng.choice(PATTERNS)
        place = rng.choice([p for p in PLACES if p.country == country])
        year = rng.randrange(1970, 2025)
        start = rng.choice((f"{year}", f"{year}-{rng.randrange(1, 13):02d}",
                            f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"))
        heads.append({"id": cid, "collection": rng.choice(COLLECTIONS), "ref_digest": f"{k:032x}", "ref_enc": "-",
                      "title_enc": "-", "family_steps_enc": "-", "created_at": now, "created_by": "bench",
                      "updated_at": now, "version": 1})
        events.append({"id": eid, "case_id": cid, "title_enc": "-", "start_date": start, "end_date": None,
                       "place_country": place.country, "place_romanized": place.romanized,
                       "place_hangul": place.hangul, "place_province": place.province,
                       "certainty": rng.choice(tuple(Certainty)).value})
        persons.append({"id": vid, "case_id": cid, "pseudonym": f"P-{k:012X}", "kind": "individual",
                        "names_enc": "-", "sex": rng.choice(("female", "male")), "birth_year": year - 30,
                        "birth_enc": "-", "contact_enc": "-", "designation": ""})
        acts += [{"id": f"a{k:015d}{j:08d}", "case_id": cid, "event_id": eid, "kind": kind, "victim_id": vid,
                  "certainty": "confirmed"} for j, kind in enumerate(pattern.split(";"))]
    with store.writing() as conn:
        for table, rows in ((case_record, heads), (case_event, events), (case_person, persons), (case_act, acts)):
            for begin in range(0, len(rows), 50_000):
                insert_rows(conn, table, rows[begin:begin + 50_000])
    if store.engine.dialect.name == "postgresql":  # what autovacuum does soon after a bulk load
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    return sorted(h["id"] for h in heads)


def timed(fn: Callable[[], Any], runs: int = RUNS) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return sorted(out)


def p(times: list[float], q: float) -> float:
    return times[min(len(times) - 1, int(len(times) * q))] * 1000


def line(label: str, times: list[float], base: list[float] | None = None) -> None:
    ratio = f"   OFFSET/keyset p50 {statistics.median(times) / statistics.median(base):.1f}x" if base else ""
    print(f"  {label:<44} p50 {p(times, 0.5):7.1f} ms   p95 {p(times, 0.95):7.1f} ms{ratio}", flush=True)


def bench(url: str, n: int) -> None:
    store = Store.create(url)
    ring = Keyring([parse_key(new_key())])
    started = time.perf_counter()
    with store.engine.connect() as conn:
        held = sorted(conn.scalars(select(case_record.c.id)))
    if len(held) == n:  # a new key each run: the earlier run's audit entries (the bench's own) go
        with store.writing() as conn:
            conn.execute(audit_log.delete())
            conn.execute(audit_head.delete())
    ids = held if len(held) == n else fill(store, n)
    done = "reused" if ids is held else f"written in {time.perf_counter() - started:.1f} s"
    print(f"{store.display_url}: {n:,} cases {done}; pages of {PAGE} at random depths, {RUNS} runs each",
          flush=True)
    rng = random.Random(1)

    def keyset_raw() -> None:
        with store.engine.connect() as conn:
            case_page(conn, None, CaseFilters(), after=ids[rng.randrange(n - PAGE)], limit=PAGE)

    def offset_raw() -> None:
        with store.engine.connect() as conn:
            case_summaries(conn, None, limit=PAGE, offset=rng.randrange(n - PAGE))

    def keyset_guarded() -> None:
        with guarded(store, ring, ADMIN, "bench") as session:
            browse_cases(session, ring, CaseFilters(), after=ids[rng.randrange(n - PAGE)], limit=PAGE)

    def offset_guarded() -> None:
        with guarded(store, ring, ADMIN, "bench") as session:
            list_cases(session, ring, limit=PAGE, offset=rng.randrange(n - PAGE))

    def keyset_filtered() -> None:
        with store.engine.connect() as conn:
            case_page(conn, None, CaseFilters(act="forced-repatriation", country="CHN"),
                      after=ids[rng.randrange(n - PAGE)], limit=PAGE)

    def facets() -> None:
        with store.engine.connect() as conn:
            case_facets(conn, None, CaseFilters(collection=COLLECTIONS[rng.randrange(len(COLLECTIONS))]))

    k_raw, o_raw = timed(keyset_raw), timed(offset_raw)
    line("keyset page (read only)", k_raw)
    line("OFFSET page (read only, the old way)", o_raw, k_raw)
    k_guard, o_guard = timed(keyset_guarded), timed(offset_guarded)
    line("keyset page, guarded and audited (/cases)", k_guard)
    line("OFFSET page, guarded and audited (old)", o_guard, k_guard)
    line("keyset page, act and country filters", timed(keyset_filtered))
    line("facet counts (uncached; /cases keeps them 30 s)", timed(facets, 20))
    store.close()


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for target in sys.argv[2:] or ["sqlite:////tmp/bench-case-list.db"]:
        bench(target, count)
