"""Every parser runs in linear time: adversarial values of 100 KB and 1 MB, the time compared as a ratio.

A pattern that backtracks quadratically takes 100 times longer on a value 10 times longer (catastrophic
backtracking far more); a linear one about 10 times. The limit (30) leaves room for a busy machine, never a
wall-clock limit. The smaller value is 100 KB, not less, so that its time is long enough to measure steadily:
with 10 KB (under a millisecond) a busy machine once made a linear parser look 300 times slower.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from rightsdesk.errors import IngestError, InputError
from rightsdesk.ingest import ofac_sdn, upr_report
from tests.store.test_load import FIXTURES

RATIO = 30

# Remarks built to backtrack: a number followed by a long run of spaces and an unclosed bracket, a kind word
# repeated without end, a note broken by a newline.
SDN_REMARKS: dict[str, Callable[[int], str]] = {
    "spaces before a bracket": lambda n: "Passport 1" + " " * n + "(",
    "repeated kind words": lambda n: "A" + " Number 1" * (n // 9) + "(",
    "notes and a newline": lambda n: "Passport 1" + " issued" * (n // 7) + "\nx(",
    "spaces after the kind": lambda n: "Passport" + " " * n + "(",
}


def _seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _grows_linearly(work: Callable[[int], object]) -> None:
    small, large = _seconds(lambda: work(100_000)), _seconds(lambda: work(1_000_000))
    assert large / max(small, 1e-3) < RATIO, f"100 KB: {small:.4f} s, 1 MB: {large:.4f} s"


def _sdn_folder(tmp: Path, remarks: str) -> Path:
    folder = tmp / "sdn"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(FIXTURES / "ofac-sdn", folder)
    row = '99001,"CRAFTED ENTRY",-0- ,"DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"{}"\n'
    with (folder / "sdn.csv").open("a", encoding="utf-8") as fh:
        fh.write(row.format(remarks.replace('"', '""')))
    with (folder / "add.csv").open("a", encoding="utf-8") as fh:  # OFAC writes an address row for every entry
        fh.write("99001,99001,-0- ,-0- ,-0- ,-0- \n")
    return folder


@pytest.mark.parametrize("craft", SDN_REMARKS.values(), ids=SDN_REMARKS.keys())
def test_sdn_remarks_parse_in_linear_time(tmp_path: Path, craft: Callable[[int], str]) -> None:
    def parse(n: int) -> object:
        return list(ofac_sdn.parse(_sdn_folder(tmp_path, craft(n))))

    _grows_linearly(parse)


def test_sdn_birth_date_range_in_linear_time() -> None:
    def dob(n: int) -> object:
        with pytest.raises(InputError):
            ofac_sdn._dob("1" + " " * n + "x")
        return None

    _grows_linearly(dob)


def test_upr_report_introduction_in_linear_time() -> None:
    def review(n: int) -> object:
        with pytest.raises(IngestError, match="cannot find the session"):
            upr_report._review(Path("report.txt"), ["The review of x" * (n // 15) + " held its first session"])
        return None

    _grows_linearly(review)
