"""The members absent from a roll call: `store.readers.votes.absent_from` (one grouped statement over the votes of
the states that did not vote) beside the two ways it was computed before, in the same run and on the same store:
every state's voting span (the roll-call page, `voting_spans`) and the spans of the states that did not vote
(`rightsdesk votes`, `voting_spans(except_for=...)`), each then filtered by `stats.coalition.absence`.

Usage:  .venv/bin/python bench/absent.py --db sqlite:///rightsdesk.db [--symbol A/RES/69/188] [--repeat 7]

Needs the unvotes data loaded (`rightsdesk ingest unvotes FOLDER`). Prints the median milliseconds of each and the
ratio to the new statement, and stops if the three answers differ.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from rightsdesk.access import ANONYMOUS
from rightsdesk.stats.coalition import absence, voting_spans
from rightsdesk.store import Store
from rightsdesk.store.readers.votes import absent_from, roll_call


def _median_ms(fn: Callable[[], list[str]], repeat: int) -> tuple[float, list[str]]:
    times, out = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--symbol", default="A/RES/69/188")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    store = Store.open(args.db)
    with store.reading(ANONYMOUS) as session:
        call = roll_call(session, args.symbol)
        voted = {v.country for v in call.votes}

        def spans_all() -> list[str]:
            spans = voting_spans(session)
            return [c for c in sorted(spans) if c not in voted and absence(spans, c, call.date) == "absent"]

        def spans_except() -> list[str]:
            spans = voting_spans(session, except_for=voted)
            return [c for c in sorted(spans) if absence(spans, c, call.date) == "absent"]

        new_ms, new = _median_ms(lambda: absent_from(session, call.rcid, call.date), args.repeat)
        rows = [("absent_from (one grouped statement)", new_ms, new),
                ("voting_spans, all states (page before)", *_median_ms(spans_all, args.repeat)),
                ("voting_spans(except_for) (CLI before)", *_median_ms(spans_except, args.repeat))]
    store.close()
    print(f"{args.symbol} on {store.url.split(':')[0]}: absent {' '.join(new)} ({len(new)}); "
          f"median of {args.repeat}")
    for name, ms, out in rows:
        if out != new:
            raise SystemExit(f"{name} gives {out}, not {new}")
        print(f"  {name:<42} {ms:9.1f} ms   x{ms / new_ms:6.1f} of absent_from")


if __name__ == "__main__":
    main()
