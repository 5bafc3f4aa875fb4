"""The redacted CSV export read straight from the plain columns: one flat row per victim, built from tuples.

`cases.views.export_rows` over a `StoredCase` is the definition of a redacted row; this module produces the same
rows (as tuples of values in the order of `cases.views.EXPORT_COLUMNS`) without building the case model (dataclasses, enums, partial dates) for every case, because a whole export
of 100,000 cases spent most of its time there. Nothing is decrypted but the names of institutions named as
perpetrators (an institution's name is no victim's identity). A test holds the two paths to the same output.

No permission is checked here: `store/readers/cases.export_redacted_rows` checks and audits, then calls this.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Row, Table, select

from rightsdesk.cases.crypto import Keyring
from rightsdesk.cases.vocab import ConsentScope, PersonKind
from rightsdesk.model.dates import PartialDate
from rightsdesk.store.case_records import aad, case_ids
from rightsdesk.store.schema_case_records import (
    case_act,
    case_consent,
    case_event,
    case_involvement,
    case_person,
    case_record,
    case_source,
)

INSTITUTION = str(PersonKind.INSTITUTION)
ANALYSIS = str(ConsentScope.ANALYSIS)

# The columns each redacted row needs, case_id first; rows come ordered by case and id, as the model reads them.
_PERSON = (case_person.c.case_id, case_person.c.id, case_person.c.pseudonym, case_person.c.kind,
           case_person.c.sex, case_person.c.birth_year, case_person.c.designation)
_EVENT = (case_event.c.case_id, case_event.c.start_date, case_event.c.end_date, case_event.c.place_country,
          case_event.c.place_romanized, case_event.c.place_province, case_event.c.certainty)
_ACT = (case_act.c.case_id, case_act.c.kind, case_act.c.victim_id)
_INVOLVED = (case_involvement.c.case_id, case_involvement.c.person_id)
_SOURCE = (case_source.c.case_id, case_source.c.kind, case_source.c.reliability)
_CONSENT = (case_consent.c.case_id, case_consent.c.person_id, case_consent.c.scope, case_consent.c.mechanism,
            case_consent.c.given_on, case_consent.c.withdrawn_on)


@lru_cache(maxsize=65536)
def _iso(text: str | None) -> str:
    return PartialDate.parse(text).iso() if text else ""


def _grouped(conn: Connection, table: Table, columns: Sequence[Any], first: str, last: str,
             ) -> dict[str, list[Row[Any]]]:
    order = [table.c[k] for k in ("case_id", "id", "act_id") if k in table.c]
    query = select(*columns).where(table.c.case_id.between(first, last)).order_by(*order)
    out: dict[str, list[Row[Any]]] = {}
    for row in conn.execute(query).all():
        out.setdefault(row[0], []).append(row)
    return out


def redacted_rows(conn: Connection, ring: Keyring, collections: Iterable[str] | None, *, on: dt.date,
                  batch: int = 5000) -> Iterator[tuple[str, list[tuple[Any, ...]] | None]]:
    """(case id, its redacted export rows, valued in EXPORT_COLUMNS order) for every case of `collections` (None: of all), in id order; the rows
    are None for a case left out because a victim's consent to analysis is not in force `on`."""
    wanted = sorted(set(collections)) if collections is not None else None
    ids = case_ids(conn, wanted)
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        first, last = chunk[0], chunk[-1]
        heads: dict[str, str] = {cid: collection for cid, collection in conn.execute(
            select(case_record.c.id, case_record.c.collection).where(case_record.c.id.between(first, last)))}
        parts = [_grouped(conn, t, cols, first, last) for t, cols in (
            (case_person, _PERSON), (case_event, _EVENT), (case_act, _ACT), (case_involvement, _INVOLVED),
            (case_source, _SOURCE), (case_consent, _CONSENT))]
        involved = {row[1] for rows in parts[3].values() for row in rows}
        names = _institution_names(conn, ring, first, last, involved)
        for cid in chunk:
            if cid in heads:
                yield cid, _case_rows(cid, heads[cid], [p.get(cid, []) for p in parts], names, on)


def _institution_names(conn: Connection, ring: Keyring, first: str, last: str, involved: set[str],
                       ) -> dict[str, str]:
    """The first name of every institution named in an involvement of these cases, decrypted."""
    query = select(case_person.c.id, case_person.c.names_enc).where(
        case_person.c.case_id.between(first, last), case_person.c.kind == INSTITUTION)
    out = {}
    for pid, token in conn.execute(query).all():
        if pid not in involved:
            continue
        names = json.loads(ring.decrypt(token, aad("case_person", "names_enc", pid)) or "[]")
        if names:
            out[pid] = names[0]["text"]
    return out


def _case_rows(cid: str, collection: str, parts: list[list[Row[Any]]], names: dict[str, str],
               on: dt.date) -> list[tuple[Any, ...]] | None:
    persons, events, acts, involved, sources, consents = parts
    victim_acts: dict[str, set[str]] = {}
    for _, kind, victim in acts:
        victim_acts.setdefault(victim, set()).add(kind)
    in_force: dict[str, list[str]] = {}
    analysis: set[str] = set()
    for _, pid, scope, mechanism, given_on, withdrawn_on in consents:
        if given_on <= on and (withdrawn_on is None or withdrawn_on > on):
            in_force.setdefault(pid, []).append(f"{scope}:{mechanism}" if mechanism else scope)
            if scope == ANALYSIS:
                analysis.add(pid)
    victims = [p for p in persons if p[1] in victim_acts]
    if not victims or any(v[1] not in analysis for v in victims):
        return None
    involved_ids = {r[1] for r in involved}
    perpetrators = "; ".join(_perpetrator(p, names) for p in persons if p[1] in involved_ids)
    sources_text = "; ".join(f"{kind}/{reliability}" for _, kind, reliability in sources)
    event: tuple[Any, ...] = ("",) * 6  # event_start, event_end, place_country, place, province, certainty
    if events:
        _, start, end, country, romanized, province, certainty = events[0]
        located = bool(country or romanized)
        event = (_iso(start), _iso(end), (country or "") if located else "", romanized if located else "",
                 province if located else "", certainty)
    return [(cid, collection, pseudonym, sex, birth_year or "", "; ".join(sorted(victim_acts[pid])), *event,
             perpetrators, sources_text, "; ".join(in_force.get(pid, [])))
            for _, pid, pseudonym, _, sex, birth_year, _ in victims]


def _perpetrator(person: Row[Any], names: dict[str, str]) -> str:
    _, pid, pseudonym, kind, _, _, designation = person
    name = names.get(pid, pseudonym) if kind == INSTITUTION else pseudonym
    return f"{name} ({designation})" if designation else name
