"""The ingest fuzzer at full size: 400 mutated files per ingestor (by default) on SQLite and PostgreSQL.

Usage:  .venv/bin/python bench/fuzz.py [--cases 400] [--engine sqlite|postgresql|both] [--pg-url URL]
            [--kinds upr-info,unvotes,...]

Runs `tests/ingest/fuzzing.py` (the same seeded mutator and checks as the test suite, which runs a few cases per
ingestor): each case loads a damaged copy of an ingestor's trimmed real files into a store holding the samples,
and must either load or raise rightsdesk's own error naming the file (and line), with every row of the store
unchanged. Prints, per engine and ingestor, how many loaded, the errors by kind, the failures (with the seed that
reproduces each) and the seconds taken, with the median seconds per case; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for tests.ingest.fuzzing

from tests.ingest import fuzzing  # noqa: E402

from rightsdesk.store import Store  # noqa: E402


def _pg_store(base: str) -> tuple[Store, str]:
    import psycopg

    name = f"rightsdesk_fuzz_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return Store.create(base.rsplit("/", 1)[0] + f"/{name}"), name


def _drop(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_engine(engine: str, kinds: list[str], cases: int, pg_url: str) -> int:
    """Fuzz every kind on one engine; the number of failures."""
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        if engine == "sqlite":
            store, pg_name = Store.create(f"sqlite:///{Path(tmp) / 'fuzz.db'}"), None
        else:
            store, pg_name = _pg_store(pg_url)
        try:
            fuzzing.load_samples(store)
            for kind in kinds:
                outcome, seconds = fuzzing.Outcome(), []
                started = time.perf_counter()
                for seed in range(cases):
                    t0 = time.perf_counter()
                    fuzzing.run_case(store, kind, seed, outcome)
                    seconds.append(time.perf_counter() - t0)
                total = time.perf_counter() - started
                errors = ", ".join(f"{k} {n}" for k, n in outcome.errors.most_common())
                print(f"{engine:10} {kind:11} {cases} cases in {total:6.1f} s (median {statistics.median(seconds):.3f}"
                      f" s/case): {outcome.loaded} loaded; errors: {errors or 'none'}; "
                      f"failures: {len(outcome.failures)}", flush=True)
                for failure in outcome.failures:
                    print(f"    FAILURE {failure}", flush=True)
                failures += len(outcome.failures)
        finally:
            store.close()
            if pg_name:
                _drop(pg_url, pg_name)
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=400, help="mutated files per ingestor and engine")
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--kinds", default=",".join(fuzzing.TARGETS), help="ingestors, comma-separated")
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    started = time.perf_counter()
    failures = sum(run_engine(e, kinds, args.cases, args.pg_url) for e in engines)
    print(f"total: {len(engines) * len(kinds) * args.cases} cases in {time.perf_counter() - started:.1f} s, "
          f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
