"""What the store holds, counted: the source files loaded, the rows per table, the cross-list links, and a
fingerprint of the loaded content for caches. Public data: these answer every principal.

    with store.reading(ANONYMOUS) as session:
        counts = stats(session).to_dict()
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, FromClause, func, select

from rightsdesk.model.vocab import SanctionsList
from rightsdesk.store import ReadSession, schema


@dataclass(frozen=True)
class StoreCounts:
    """Counts of what the store holds, with one designation count per list (`rightsdesk stats`)."""

    upr_recommendations: int
    roll_calls: int
    votes: int
    designations: dict[str, int] = field(default_factory=dict)
    designation_links: int = 0
    sources: int = 0
    countries: int = 0

    def to_dict(self) -> dict[str, int | dict[str, int]]:
        """The JSON shape of `rightsdesk stats --json` and `/api/v1/stats`."""
        return {"upr_recommendations": self.upr_recommendations, "roll_calls": self.roll_calls, "votes": self.votes,
                "designations": dict(self.designations), "designation_links": self.designation_links,
                "sources": self.sources, "countries": self.countries}


def _count(conn: Connection, table: FromClause) -> int:
    return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def stats(session: ReadSession) -> StoreCounts:
    """Counts of what the store holds, with one designation count per list (every list named, 0 if none)."""
    conn = session.conn
    per_list = dict(conn.execute(select(schema.designation.c.list_name, func.count())
                                 .group_by(schema.designation.c.list_name)).tuples().all())
    names = sorted(set(SanctionsList.names()) | set(per_list))
    return StoreCounts(
        upr_recommendations=_count(conn, schema.upr_recommendation), roll_calls=_count(conn, schema.roll_call),
        votes=_count(conn, schema.country_vote), designations={n: int(per_list.get(n, 0)) for n in names},
        designation_links=_count(conn, schema.designation_link), sources=_count(conn, schema.source),
        countries=_count(conn, schema.country))


def source_count(session: ReadSession) -> int:
    """How many source files the store holds (0: nothing loaded yet)."""
    return _count(session.conn, schema.source)


def source_paths(session: ReadSession, dataset: str) -> list[str]:
    """The paths of the files loaded for `dataset` (an ingestor's name), as recorded when each was loaded."""
    s = schema.source
    return list(session.conn.scalars(select(s.c.path).where(s.c.dataset == dataset)))


def link_count(session: ReadSession) -> int:
    """How many cross-list links (proposed, accepted or rejected) the store holds."""
    return _count(session.conn, schema.designation_link)


def content_version(session: ReadSession, datasets: Iterable[str] | None = None) -> str:
    """A fingerprint of what the store holds (of these datasets): see `fingerprint`."""
    return fingerprint(session.conn, datasets)


def fingerprint(conn: Connection, datasets: Iterable[str] | None = None) -> str:
    """A hash over the loaded sources' ids and file hashes (of these datasets), for the store's own use (the
    links' freshness); readers outside the store ask `content_version`. Any load that changes data changes a
    source, so a cache keyed by this is never stale; one small query, cheap enough to ask on every request."""
    if datasets is None:  # plain SQL: asked on every request of the response cache (`store.edits.public_version`)
        rows = conn.exec_driver_sql(f"SELECT id, sha256 FROM {schema.source.name} ORDER BY id")
    else:
        q = select(schema.source.c.id, schema.source.c.sha256).order_by(schema.source.c.id)
        rows = conn.execute(q.where(schema.source.c.dataset.in_(list(datasets))))
    digest = hashlib.sha256()
    for sid, sha in rows:
        digest.update(f"{sid}:{sha};".encode())
    return digest.hexdigest()
