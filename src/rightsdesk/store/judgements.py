"""Reviewers' judgements on linked list records, kept in the store (`link_judgement`): the workbench's review
queue writes them, and every later linkage run in the workbench respects them.

The same rules as the CLI's judgements file (`linkage.judgements`): append-only, a withdrawal is the pair
appended with `deleted`, the latest row for a pair counts. Records are named "list:id"; no name of a person is
stored here. The caller writes the audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from rightsdesk.errors import InputError
from rightsdesk.store.schema import link_judgement

DECISIONS = ("match", "split")


def record(conn: Connection, left: str, right: str, decision: str, *, who: str, why: str,
           withdraw: bool = False) -> None:
    """Append one judgement (or, with `withdraw`, the soft delete of the pair's current one)."""
    if decision not in DECISIONS:
        raise InputError(f"decision {decision!r}: expected match or split")
    if not left or not right or left == right:
        raise InputError("a judgement needs two different records")
    if not why.strip() and not withdraw:
        raise InputError("say why: a judgement without a reason cannot be reviewed")
    a, b = sorted((left, right))
    conn.execute(link_judgement.insert().values(left_record=a, right_record=b, decision=decision, who=who,
                                                at=dt.datetime.now(dt.UTC), why=why, deleted=withdraw))


def constraints(conn: Connection) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Confirmed and split pairs, from the latest judgement of each pair that is not withdrawn."""
    t = link_judgement
    latest: dict[tuple[str, str], tuple[str, bool]] = {}
    for row in conn.execute(select(t.c.left_record, t.c.right_record, t.c.decision, t.c.deleted).order_by(t.c.seq)):
        latest[row.left_record, row.right_record] = (row.decision, bool(row.deleted))
    live = [(pair, decision) for pair, (decision, deleted) in latest.items() if not deleted]
    return [p for p, d in live if d == "match"], [p for p, d in live if d == "split"]
