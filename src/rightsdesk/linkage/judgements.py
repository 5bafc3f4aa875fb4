"""A reviewer's judgements on proposed matches: confirm (the same person) or split (two people), with who, when
and why, kept in an append-only CSV beside the lists (`left,right,decision,who,at,why,deleted`).

A judgement is never edited or removed: withdrawing one appends the same pair with `deleted` set (a soft
delete), and the latest row for a pair is what counts. `link-lists --judgements FILE` joins confirmed pairs
whatever the model says and never puts split pairs in one cluster (`clusters.constrained_components`).
Reading checks every row and names file and line on a bad one.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rightsdesk.errors import IngestError, InputError

COLUMNS = ("left", "right", "decision", "who", "at", "why", "deleted")
DECISIONS = ("match", "split")


@dataclass(frozen=True)
class Judgement:
    """One reviewer's decision on a pair of records ("list:id")."""

    left: str
    right: str
    decision: str  # "match" | "split"
    who: str
    at: str  # ISO timestamp, UTC
    why: str
    deleted: bool = False

    @property
    def pair(self) -> tuple[str, str]:
        """The pair, smaller id first (a judgement on (a, b) is one on (b, a))."""
        return (self.left, self.right) if self.left <= self.right else (self.right, self.left)


def read(path: Path) -> list[Judgement]:
    """Every row of a judgements file, in order; a missing file has none."""
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise IngestError(str(path), 1, f"missing column(s) {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            if row["decision"] not in DECISIONS:
                raise IngestError(str(path), line, f"decision {row['decision']!r}: expected match or split")
            if not row["left"] or not row["right"] or row["left"] == row["right"]:
                raise IngestError(str(path), line, "a judgement needs two different records")
            if row["deleted"] not in ("", "0", "1"):
                raise IngestError(str(path), line, f"deleted {row['deleted']!r}: expected 0 or 1")
            out.append(Judgement(row["left"], row["right"], row["decision"], row["who"], row["at"], row["why"],
                                 row["deleted"] == "1"))
    return out


def current(judgements: Iterable[Judgement]) -> dict[tuple[str, str], Judgement]:
    """The judgement that counts for each pair: the latest row, unless that row withdrew it."""
    latest: dict[tuple[str, str], Judgement] = {}
    for j in judgements:
        latest[j.pair] = j
    return {pair: j for pair, j in latest.items() if not j.deleted}


def constraints(path: Path | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Confirmed and split pairs from a judgements file (none without one)."""
    if path is None:
        return [], []
    now = current(read(path)).values()
    return ([j.pair for j in now if j.decision == "match"], [j.pair for j in now if j.decision == "split"])


def record(path: Path, left: str, right: str, decision: str, *, who: str, why: str,
           withdraw: bool = False) -> Judgement:
    """Append one judgement (or, with `withdraw`, the soft delete of the pair's current one)."""
    if decision not in DECISIONS:
        raise InputError(f"decision {decision!r}: expected match or split")
    if left == right:
        raise InputError("a judgement needs two different records")
    if not why.strip() and not withdraw:
        raise InputError("say why (--why): a judgement without a reason cannot be reviewed")
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    judgement = Judgement(left, right, decision, who, at, why, withdraw)
    new = not path.exists()
    read(path)  # refuse to append to a damaged file
    with path.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        if new:
            writer.writerow(COLUMNS)
        writer.writerow([left, right, decision, who, at, why, "1" if withdraw else "0"])
    return judgement
