"""Bounded random-mutation fuzzers per ingestor. The first (hypothesis): bytes of the fixture files changed,
inserted or removed, then loaded into a SQLite store; a load either succeeds or raises one of rightsdesk's own
errors, never another exception (a traceback at the CLI). The second (`fuzzing.py`, seeded) on both engines, into
a store holding the samples: a rejected load names file and line and leaves every row as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsdesk.errors import RightsdeskError
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import Store
from tests.ingest import fuzzing
from tests.store.test_load import FIXTURES

REPORT = Path(__file__).parents[2] / "src/rightsdesk/data/upr_reports/A-HRC-27-10_DPRK_UPR_WG_report_cycle2_2014.txt"
# (ingestor, what is loaded, the file in it that is mutated)
TARGETS = [
    ("upr-info", FIXTURES / "upr_sample.csv", "upr_sample.csv"),
    ("unvotes", FIXTURES / "unvotes", "un_votes.csv"),
    ("unvotes", FIXTURES / "unvotes", "un_roll_calls.csv"),
    ("un-sc-list", FIXTURES / "un_list_sample.xml", "un_list_sample.xml"),
    ("ofac-sdn", FIXTURES / "ofac-sdn", "sdn.csv"),
    ("ofac-sdn", FIXTURES / "ofac-sdn", "alt.csv"),
    ("upr-report", REPORT, REPORT.name),
]
INTERESTING = [b"", b"\x00", b"\xff", b"\xc3", b"\n", b'"', b",", b"<", b">", b"&", b";", b"(", b")", b"-0-",
               b"1" * 31, "\u00b2".encode(), b"<!-- x -->", b"</INDIVIDUAL>", b"\r"]

mutation = st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 40),
                     st.one_of(st.sampled_from(INTERESTING), st.binary(max_size=8)))


def _mutate(data: bytes, mutations: list[tuple[float, int, bytes]]) -> bytes:
    for where, cut, insert in mutations:
        at = int(where * len(data))
        data = data[:at] + insert + data[at + cut:]
    return data


@pytest.mark.parametrize(("kind", "source", "mutated"), TARGETS, ids=[f"{t[0]}-{t[2]}" for t in TARGETS])
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_files_load_or_raise_a_typed_error(kind: str, source: Path, mutated: str,
                                                   mutations: list[tuple[float, int, bytes]],
                                                   sqlite_schema_file: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if source.is_dir():
            target = root / source.name
            shutil.copytree(source, target)
            file = target / mutated
        else:
            target = file = root / source.name
            shutil.copy(source, file)
        file.write_bytes(_mutate(file.read_bytes(), mutations))
        shutil.copyfile(sqlite_schema_file, root / "fuzz.db")  # the migrated empty schema, as Store.create makes it
        store = Store.open(f"sqlite:///{root / 'fuzz.db'}")
        try:
            load(store, kind, target)
        except RightsdeskError:
            pass
        finally:
            store.close()


# The seeded fuzzer of `fuzzing.py` on both engines: a rejected load must leave the store as it was. A few cases
# per ingestor here (RIGHTSDESK_FUZZ_CASES to change it); `bench/fuzz.py` runs 400 per ingestor.
CASES = int(os.environ.get("RIGHTSDESK_FUZZ_CASES", "6"))


def test_a_rejected_mutated_file_leaves_the_store_unchanged(store: Store) -> None:
    fuzzing.load_samples(store)
    failures = []
    for kind in fuzzing.TARGETS:
        outcome = fuzzing.fuzz(store, kind, range(CASES))
        failures += outcome.failures
        assert outcome.loaded + sum(outcome.errors.values()) == CASES
    assert not failures, "\n".join(failures)
