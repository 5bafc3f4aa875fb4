"""Profile speed: median and p95 of `profile` over the DPRK designations of a built database.

    .venv/bin/python bench/profiles.py [sqlite:///rightsdesk.db]

Run it with PYTHONPATH pointing at an older checkout's src/ to get the baseline on the same database.
"""

from __future__ import annotations

import statistics
import sys
import time

from rightsdesk.access import ANONYMOUS
from rightsdesk.situation.profiles import profile
from rightsdesk.store import Store
from rightsdesk.store.readers.designations import designations


def main(url: str) -> None:
    store = Store.open(url)
    with store.reading(ANONYMOUS) as session:
        refs = [(d.list_name, d.reference_number) for d in designations(session, regime="DPRK")]
        refs += [(d.list_name, d.reference_number) for d in designations(session, list_name="ofac-sdn",
                                                                          regime="DPRK3")][:50]
        profile(session, refs[0][1], refs[0][0])  # the timeline's first read, outside the figures
        times = []
        for list_name, ref in refs:
            started = time.perf_counter()
            profile(session, ref, list_name)
            times.append(time.perf_counter() - started)
    times.sort()
    print(f"{len(times)} profiles: median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite:///rightsdesk.db")
