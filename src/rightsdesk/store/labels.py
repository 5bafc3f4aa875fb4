"""Reading and writing the labels table (`record_label`): model labels and a person's labels, never official ones.

`write_model_labels` replaces the labels of one model version for the records it is given, and nothing else:
labels of origin "source" or "person", and labels of other models or versions, are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, select

from rightsdesk.errors import InputError
from rightsdesk.store.schema_tags import SCHEMES, record_label

RECOMMENDATION = "upr_recommendation"


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
    return len(rows)


def write_person_label(conn: Connection, record_id: str, scheme: str, label: str, person: str, *,
                       record_kind: str = RECOMMENDATION) -> None:
    """Store a person's label (a confirmation or a correction) with who and when."""
    _check_scheme(scheme)
    if not person:
        raise InputError("a person's label needs the person's name")
    t = record_label
    conn.execute(delete(t).where(t.c.record_kind == record_kind, t.c.record_id == record_id, t.c.scheme == scheme,
                                 t.c.label == label, t.c.origin == "person"))
    now = datetime.now(UTC)
    conn.execute(t.insert().values(record_kind=record_kind, record_id=record_id, scheme=scheme, label=label,
                                   origin="person", model_name="", model_version="", person=person,
                                   decided_at=now, created_at=now))


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
                            r.person) for r in conn.execute(q.order_by(t.c.record_id, t.c.scheme, t.c.label))]
    return out
