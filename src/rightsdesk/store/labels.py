"""Reading and writing the labels table (`record_label`): model labels and a person's labels, never official ones.

`write_model_labels` replaces the labels of one model version for the records it is given, and nothing else:
labels of origin "source" or "person", and labels of other models or versions, are left as they are.

A person's label is a verdict on a label of a record: score 1 when the person confirms or adds it, 0 when the
person rejects it (a predicted label that does not apply). `applied_labels` is what the record is taken to
carry: every model label the person has not rejected, and every label a person confirmed or added.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, delete, exists, func, or_, select, union

from rightsdesk.errors import InputError
from rightsdesk.model.record_kinds import record_kind
from rightsdesk.model.records import UprRecommendation
from rightsdesk.store.edits import note_edit
from rightsdesk.store.schema_tags import SCHEMES, record_label

RECOMMENDATION = record_kind(UprRecommendation).table  # a label's `record_kind`: the table of the labelled record


@dataclass(frozen=True)
class StoredLabel:
    """One row of the labels table."""

    record_id: str
    scheme: str
    label: str
    origin: str
    model_name: str
    model_version: str
    score: float | None
    person: str | None
    decided_at: datetime | None = None


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise InputError(f"unknown label scheme {scheme!r} (known: {', '.join(SCHEMES)})")


def write_model_labels(conn: Connection, model_name: str, model_version: str,
                       labels: Iterable[tuple[str, str, str, float]], *, record_kind: str = RECOMMENDATION) -> int:
    """Store (record_id, scheme, label, score) as this model version's labels; return the number written.

    The model version's earlier labels of those records are replaced; no other row is touched."""
    rows = list(labels)
    for _, scheme, _, _ in rows:
        _check_scheme(scheme)
    ids = sorted({r[0] for r in rows})
    t = record_label
    for k in range(0, len(ids), 500):
        conn.execute(delete(t).where(t.c.record_kind == record_kind, t.c.origin == "model",
                                     t.c.model_name == model_name, t.c.model_version == model_version,
                                     t.c.record_id.in_(ids[k:k + 500])))
    now = datetime.now(UTC)
    if rows:
        conn.execute(t.insert(), [{"record_kind": record_kind, "record_id": rid, "scheme": scheme, "label": label,
                                   "origin": "model", "model_name": model_name, "model_version": model_version,
                                   "score": float(score), "created_at": now} for rid, scheme, label, score in rows])
    note_edit(conn)  # the pages and calls that show labels change without a load
    return len(rows)


def write_person_label(conn: Connection, record_id: str, scheme: str, label: str, person: str, *,
                       applies: bool = True, record_kind: str = RECOMMENDATION) -> None:
    """Store a person's verdict on a label, with who and when: it applies (confirmed or added) or it does not
    (rejected). A later verdict on the same label of the same record replaces the earlier one."""
    _check_scheme(scheme)
    if not person:
        raise InputError("a person's label needs the person's name")
    t = record_label
    conn.execute(delete(t).where(t.c.record_kind == record_kind, t.c.record_id == record_id, t.c.scheme == scheme,
                                 t.c.label == label, t.c.origin == "person"))
    now = datetime.now(UTC)
    conn.execute(t.insert().values(record_kind=record_kind, record_id=record_id, scheme=scheme, label=label,
                                   origin="person", model_name="", model_version="", person=person,
                                   score=1.0 if applies else 0.0, decided_at=now, created_at=now))
    note_edit(conn)


def labels_of(conn: Connection, record_ids: Sequence[str], *, origin: str | None = None,
              record_kind: str = RECOMMENDATION) -> list[StoredLabel]:
    """The stored labels of these records (of one origin, if given), in a stable order."""
    t = record_label
    out: list[StoredLabel] = []
    ids = list(record_ids)
    for k in range(0, len(ids), 500):
        q = select(t).where(t.c.record_kind == record_kind, t.c.record_id.in_(ids[k:k + 500]))
        if origin is not None:
            q = q.where(t.c.origin == origin)
        out += [StoredLabel(r.record_id, r.scheme, r.label, r.origin, r.model_name, r.model_version, r.score,
                            r.person, r.decided_at) for r in conn.execute(q.order_by(t.c.record_id, t.c.scheme, t.c.label))]
    return out


def applied_labels(record_kind: str = RECOMMENDATION) -> Select[tuple[str, str, str]]:
    """(record_id, scheme, label) of every label a record is taken to carry (see the module doc)."""
    t, p = record_label, record_label.alias("verdict")
    rejected = exists().where(p.c.record_kind == t.c.record_kind, p.c.record_id == t.c.record_id,
                              p.c.scheme == t.c.scheme, p.c.label == t.c.label, p.c.origin == "person",
                              p.c.score < 0.5)
    predicted = select(t.c.record_id, t.c.scheme, t.c.label).where(
        t.c.record_kind == record_kind, t.c.origin == "model", ~rejected)
    confirmed = select(t.c.record_id, t.c.scheme, t.c.label).where(
        and_(t.c.record_kind == record_kind, t.c.origin == "person", or_(t.c.score.is_(None), t.c.score >= 0.5)))
    return select(union(predicted, confirmed).subquery())


def carrying(scheme: str, label: str, record_kind: str = RECOMMENDATION) -> Select[tuple[str]]:
    """The ids of the records taken to carry `label` of `scheme`."""
    applied = applied_labels(record_kind).subquery()
    return select(applied.c.record_id).where(applied.c.scheme == scheme, applied.c.label == label)


def label_counts(conn: Connection, scheme: str, ids: Select[Any],
                 record_kind: str = RECOMMENDATION) -> list[tuple[str, int]]:
    """How many of the records selected by `ids` carry each label of `scheme`, most first."""
    applied = applied_labels(record_kind).subquery()
    n = func.count().label("n")
    q = (select(applied.c.label, n).where(applied.c.scheme == scheme, applied.c.record_id.in_(ids))
         .group_by(applied.c.label).order_by(n.desc(), applied.c.label))
    return [(str(label), int(count)) for label, count in conn.execute(q)]
