"""Files that expand without bound (gzip bombs: one field of 200 MB of one byte) are refused early, with a typed
error naming the file, and in bounded memory."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from rightsdesk.errors import IngestError
from rightsdesk.ingest import upr_info
from rightsdesk.ingest.upr_info import HEADER

BOMB_BYTES = 200 << 20


def _bomb(path: Path, head: bytes, filler: bytes = b"a") -> Path:
    """`head`, then BOMB_BYTES of `filler`, gzipped a megabyte at a time (a file of about 200 KB)."""
    chunk = filler * (1 << 20)
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(head)
        for _ in range(BOMB_BYTES // len(chunk)):
            fh.write(chunk)
    return path


@pytest.mark.parametrize("quoted", [True, False], ids=["one quoted field", "one line"])
def test_a_csv_bomb_is_refused_early_in_bounded_memory(tmp_path: Path, quoted: bool) -> None:
    path = _bomb(tmp_path / "upr.csv.gz", (",".join(HEADER) + "\n" + ('"' if quoted else "")).encode())
    started = time.perf_counter()
    tracemalloc.start()
    try:
        with pytest.raises(IngestError, match="upr.csv.gz") as exc:
            list(upr_info.parse(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "refused" in str(exc.value) or "field larger than" in str(exc.value), exc.value
    assert peak < 100 << 20, f"peak {peak / 2**20:.0f} MiB"
    assert time.perf_counter() - started < 5


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="reads its peak memory from Linux's /proc")
def test_an_xml_bomb_is_refused_early_in_bounded_memory(tmp_path: Path) -> None:
    """libxml2 allocates outside Python's view: the parse runs in a process of its own, which reports its peak."""
    path = _bomb(tmp_path / "list.xml.gz", b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>'
                                           b"<COMMENTS1>")
    # The peak is read from /proc after resetting it (Linux keeps a peak across exec: that of the forked worker).
    child = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rightsdesk.errors import IngestError\n"
        "from rightsdesk.ingest import un_sc_list\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "try:\n"
        "    list(un_sc_list.parse(Path(sys.argv[1])))\n"
        "except IngestError as exc:\n"
        "    hwm = [x for x in open('/proc/self/status') if x.startswith('VmHWM')][0].split()[1]\n"
        "    print(hwm, exc)\n"
    )
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    assert "list.xml.gz" in out, out
    peak_kib = int(out.split()[0])
    assert peak_kib < 200 << 10, f"peak {peak_kib >> 10} MiB: {out}"
    assert time.perf_counter() - started < 10
