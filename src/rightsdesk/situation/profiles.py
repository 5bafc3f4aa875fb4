"""Perpetrator profiles: for a designated person or entity, everything rightsdesk knows in one place.

A profile joins the designation as the list holds it, the Security Council resolution that listed it (where
the listing date identifies one), the institutions it belongs to (designated entities named in its office or
narrative, such as the Organization and Guidance Department) or, for an institution, the designated people
who serve in it, the entries of its own list it is linked to and linked from (the SDN list's "Linked To": its
network), its entries on the other list (the reviewed cross-list links), and the timeline events that link to
it or name it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from rightsdesk.datafiles import per_situation
from rightsdesk.model.vocab import SanctionsList
from rightsdesk.situation.records import Event
from rightsdesk.situation.timeline import all_events, listing_resolution
from rightsdesk.store import ReadSession
from rightsdesk.store.links import links_of
from rightsdesk.store.readers.designations import (
    DesignationEntry,
    DesignationText,
    Related,
    designation,
    designation_texts,
    related,
)
from rightsdesk.store.readers.sources import content_version

_MIN_NAME = 8  # shorter entity names and aliases (acronyms) match too much text by accident


def _norm(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text.casefold().replace("organisation", "organization"))
    text = re.sub(r"[’'`]", "", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _about(d: dict[str, Any]) -> str:
    return _norm(" ".join((d.get("function") or "", d.get("title") or "", d.get("narrative") or "")))


def _names(d: dict[str, Any]) -> set[str]:
    return {n for n in (_norm(x["name"]) for x in d["names"]) if len(n) >= _MIN_NAME}


_TEXTS: dict[tuple[str, ...], list[dict[str, Any]]] = {}
_TEXTS_LOCK = threading.Lock()


def _as_dict(row: DesignationText) -> dict[str, Any]:
    return {"reference_number": row.reference_number, "name": row.name, "function": row.function,
            "title": row.title, "narrative": row.narrative, "names": [{"name": n} for n in row.names]}


def _texts(session: ReadSession, list_name: str, kind: str, regime: str | None = None) -> list[dict[str, Any]]:
    """`designation_texts`, kept while the lists stay as they are (keyed by the store and the lists'
    content version, one small query): a profile page then reads thousands of entries once, not per visit."""
    version = content_version(session, SanctionsList.ingestors())
    key = (str(session.conn.engine.url), version, list_name, kind, regime or "")
    with _TEXTS_LOCK:
        found = _TEXTS.get(key)
    if found is None:  # normalized once here, not per visit: normalizing thousands of names was most of the time
        found = [{**row, "norm_names": sorted(_names(row), key=len, reverse=True), "norm_about": f" {_about(row)} "}
                 for row in map(_as_dict, designation_texts(session, list_name, kind, regime))]
        with _TEXTS_LOCK:
            if len(_TEXTS) >= 64:
                _TEXTS.clear()
            _TEXTS[key] = found
    return found


def _entities(session: ReadSession, list_name: str) -> list[dict[str, Any]]:
    return _texts(session, list_name, "entity")


def institutions(session: ReadSession, d: dict[str, Any]) -> list[dict[str, str]]:
    """Designated entities of the same list whose name appears in this person's office, title or narrative."""
    about = f" {_about(d)} "
    return [{"reference_number": e["reference_number"], "name": e["name"], "matched": name}
            for e in _entities(session, d["list_name"])
            for name in e["norm_names"][:1] if f" {name} " in about]


def members(session: ReadSession, entity: dict[str, Any]) -> list[dict[str, str]]:
    """Designated individuals of the same list whose office, title or narrative names this entity."""
    names = _names(entity)
    out = []
    for person in _texts(session, entity["list_name"], "individual",
                         entity["regimes"][0] if entity["regimes"] else None):
        if any(f" {n} " in person["norm_about"] for n in names):
            out.append({"reference_number": person["reference_number"], "name": person["name"],
                        "function": person["function"] or person["title"]})
    return out


def events_naming(d: dict[str, Any]) -> list[dict[str, Any]]:
    """Timeline events that link to the designation, or whose summary names it."""
    key = f"designation:{d['list_name']}:{d['reference_number']}"
    names = _names(d)
    return [e.as_dict() for e, summary in _normalized_events()
            if key in e.links or any(f" {n} " in summary for n in names)]


@per_situation
def _normalized_events() -> list[tuple[Event, str]]:
    """Every event with its summary normalized (the events are bundled data: normalized once)."""
    return [(e, f" {_norm(e.summary)} ") for e in all_events()]


@dataclass(frozen=True)
class Profile:
    """Everything known about one designation: the entry, the resolution that listed it (None where the listing
    date names none), its institutions or members, its network on its own list, its cross-list links and the
    timeline events naming it."""

    entry: DesignationEntry
    listing_resolution: str | None
    institutions: tuple[dict[str, str], ...]
    members: tuple[dict[str, str], ...]
    network: Related
    cross_list_links: tuple[dict[str, Any], ...]
    timeline: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `rightsdesk profile --json` and `/api/v1/profiles/{reference}`."""
        entry = self.entry.to_dict()
        return {"designation": {k: v for k, v in entry.items() if k not in ("extra", "id", "source_id")},
                "listing_resolution": self.listing_resolution,
                "listing_resolution_known": self.listing_resolution is not None,
                "institutions": list(self.institutions), "members": list(self.members),
                "network": self.network.to_dict(), "cross_list_links": list(self.cross_list_links),
                "timeline": list(self.timeline)}


def profile(session: ReadSession, reference: str, list_name: str | None = None) -> Profile:
    """Everything known about one designation; NotFoundError if the store has no such designation."""
    entry = designation(session, reference, list_name)
    d: dict[str, Any] = entry.to_dict()
    listed = entry.listed_on
    resolution = listing_resolution(listed) if listed and entry.list_name == "un" else None
    return Profile(
        entry=entry, listing_resolution=resolution,
        institutions=tuple(institutions(session, d)) if entry.kind == "individual" else (),
        members=tuple(members(session, d)) if entry.kind == "entity" else (),
        network=related(session, entry.list_name, entry.reference_number),
        cross_list_links=tuple(links_of(session.conn, entry.list_name, entry.reference_number)),
        timeline=tuple(events_naming(d)))
