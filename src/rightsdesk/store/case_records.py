"""Case records in and out of their tables: encryption of the identity fields, the keyed name index, and the
plain columns that pseudonymised lists read without decrypting anything.

No permission is checked here: `store/readers/cases.py` and `pipeline/cases.py` check and audit, then call these.
Every token is bound to "<table>.<column>:<row id>", so a ciphertext copied elsewhere does not decrypt.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, RowMapping, Table, func, literal, select
from sqlalchemy import case as sql_case

from rightsdesk.cases.consent import Consent
from rightsdesk.cases.crypto import Keyring
from rightsdesk.cases.model import (
    Act,
    Case,
    ChainLink,
    Event,
    InformationSource,
    Intervention,
    Involvement,
    Note,
    Person,
    PersonName,
    Place,
    StoredCase,
)
from rightsdesk.cases.name_keys import name_keys, names_keys
from rightsdesk.cases.vocab import (
    ActKind,
    Certainty,
    ConsentScope,
    InvolvementRole,
    Mechanism,
    PersonKind,
    Reliability,
    SourceKind,
)
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.ids import natural_id
from rightsdesk.store.schema_case_records import (
    CASE_RECORD_TABLES,
    ENCRYPTED_COLUMNS,
    case_act,
    case_chain,
    case_consent,
    case_event,
    case_intervention,
    case_involvement,
    case_name_index,
    case_note,
    case_person,
    case_record,
    case_source,
)


def row_id(case_id: str, *parts: object) -> str:
    """The id of one row of a case (an event, a person, an act …)."""
    return natural_id(case_id, *parts)[:24]


def new_pseudonym() -> str:
    """A random, stable label for a person: says nothing about them."""
    return "P-" + secrets.token_hex(6).upper()


def aad(table: str, column: str, rid: str) -> str:
    """The associated data that binds a token to its place."""
    return f"{table}.{column}:{rid}"


def ref_exists(conn: Connection, ring: Keyring, collection: str, ref: str) -> bool:
    """True when a case with this reference is already stored in `collection`."""
    digest = ring.blind(f"ref:{collection}:{ref}")
    query = select(case_record.c.id).where(case_record.c.collection == collection,
                                           case_record.c.ref_digest == digest)
    return conn.execute(query).first() is not None


def _enc(ring: Keyring, table: Table, column: str, rid: str, value: str) -> str:
    return ring.encrypt(value, aad(table.name, column, rid))


def _person_row(ring: Keyring, case_id: str, person: Person) -> dict[str, Any]:
    names = json.dumps([{"text": n.text, "script": n.script, "system": n.system} for n in person.names],
                       ensure_ascii=False)
    birth = person.birth_date.iso() if person.birth_date else ""
    return {"id": person.id, "case_id": case_id, "pseudonym": new_pseudonym(), "kind": str(person.kind),
            "names_enc": _enc(ring, case_person, "names_enc", person.id, names), "sex": person.sex,
            "birth_year": person.birth_date.year if person.birth_date else None,
            "birth_enc": _enc(ring, case_person, "birth_enc", person.id, birth),
            "contact_enc": _enc(ring, case_person, "contact_enc", person.id, person.contact),
            "designation": person.designation}


def _event_row(ring: Keyring, case_id: str, event: Event) -> dict[str, Any]:
    place = event.place or Place(country="", romanized="")
    return {"id": event.id, "case_id": case_id, "title_enc": _enc(ring, case_event, "title_enc", event.id, event.title),
            "start_date": event.start.iso() if event.start else None,
            "end_date": event.end.iso() if event.end else None, "place_country": place.country or None,
            "place_romanized": place.romanized, "place_hangul": place.hangul, "place_province": place.province,
            "certainty": str(event.certainty)}


def index_rows(ring: Keyring, case_id: str, person: Person) -> list[dict[str, Any]]:
    """The blind-index rows of one person: keyed hashes of the search keys of every written form."""
    digests = {ring.blind(key) for key in names_keys([n.text for n in person.names])}
    return [{"digest": d, "person_id": person.id, "case_id": case_id} for d in sorted(digests)]


def insert_case(conn: Connection, ring: Keyring, case: Case, *, ref: str, actor: str) -> None:
    """Store a new case, every identity field encrypted (in the caller's transaction)."""
    insert_cases(conn, ring, [(case, ref)], actor=actor)


def insert_cases(conn: Connection, ring: Keyring, cases: list[tuple[Case, str]], *, actor: str) -> None:
    """Store new cases (with their references), every identity field encrypted, one statement per table."""
    now = dt.datetime.now(dt.UTC)
    tables: dict[str, list[dict[str, Any]]] = {t.name: [] for t in CASE_RECORD_TABLES}
    for case, ref in cases:
        for name, rows in _case_rows(ring, case, ref, actor, now).items():
            tables[name] += rows
    for table in CASE_RECORD_TABLES:
        _insert(conn, table, tables[table.name])
    for case, _ in cases:
        for note in case.notes:
            add_note(conn, ring, case.id, note)
        for intervention in case.interventions:
            add_intervention(conn, ring, case.id, intervention, document="")


def _case_rows(ring: Keyring, case: Case, ref: str, actor: str, now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    cid = case.id
    return {
        "case_record": [{"id": cid, "collection": case.collection,
                         "ref_digest": ring.blind(f"ref:{case.collection}:{ref}"),
                         "ref_enc": _enc(ring, case_record, "ref_enc", cid, ref),
                         "title_enc": _enc(ring, case_record, "title_enc", cid, case.title),
                         "family_steps_enc": _enc(ring, case_record, "family_steps_enc", cid, case.family_steps),
                         "created_at": now, "created_by": actor, "updated_at": now, "version": 1}],
        "case_event": [_event_row(ring, cid, e) for e in case.events],
        "case_person": [_person_row(ring, cid, p) for p in case.persons],
        "case_name_index": [r for p in case.persons for r in index_rows(ring, cid, p)],
        "case_act": [{"id": a.id, "case_id": cid, "event_id": a.event_id, "kind": str(a.kind),
                      "victim_id": a.victim_id, "certainty": str(a.certainty)} for a in case.acts],
        "case_involvement": [{"act_id": i.act_id, "person_id": i.person_id, "role": str(i.role), "case_id": cid,
                              "certainty": str(i.certainty)} for i in case.involvements],
        "case_source": [{"id": s.id, "case_id": cid, "kind": str(s.kind), "date": s.date.iso() if s.date else None,
                         "reliability": str(s.reliability), "person_id": s.person_id or None,
                         "content_enc": _enc(ring, case_source, "content_enc", s.id, s.content)}
                        for s in case.sources],
        "case_consent": [consent_row(cid, c) for c in case.consents if isinstance(c, Consent)],
        "case_chain": [{"from_event": c.from_event, "to_event": c.to_event, "case_id": cid, "relation": c.relation}
                       for c in case.chain],
    }


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def consent_row(case_id: str, c: Consent) -> dict[str, Any]:
    """The row of one consent."""
    rid = row_id(case_id, "consent", c.person_id, c.scope, c.mechanism or "", c.given_on.isoformat())
    return {"id": rid, "case_id": case_id, "person_id": c.person_id, "scope": str(c.scope),
            "mechanism": str(c.mechanism) if c.mechanism else None, "given_on": c.given_on, "given_by": c.given_by,
            "recorded_by": c.recorded_by, "withdrawn_on": c.withdrawn_on, "withdrawn_by": c.withdrawn_by}


def add_note(conn: Connection, ring: Keyring, case_id: str, note: Note) -> str:
    """Store a clarification note; return its id."""
    rid = row_id(case_id, "note", note.target, note.at.isoformat(), note.author)
    conn.execute(case_note.insert().values(id=rid, case_id=case_id, target=note.target, author=note.author,
                                           at=note.at, text_enc=_enc(ring, case_note, "text_enc", rid, note.text)))
    return rid


def add_intervention(conn: Connection, ring: Keyring, case_id: str, intervention: Intervention, *,
                     document: str) -> None:
    """Store an intervention (a submission to a mechanism) with the document as sent, encrypted."""
    rid = intervention.id
    conn.execute(case_intervention.insert().values(
        id=rid, case_id=case_id, mechanism=str(intervention.mechanism), kind=intervention.kind,
        submitted_on=intervention.submitted_on, by=intervention.by, reply_on=intervention.reply_on,
        document_enc=_enc(ring, case_intervention, "document_enc", rid, document),
        reply_enc=_enc(ring, case_intervention, "reply_enc", rid, intervention.reply)))


def withdraw_consent(conn: Connection, case_id: str, person_id: str, scope: ConsentScope,
                     mechanism: Mechanism | None, *, on: dt.date, by: str) -> int:
    """Mark every consent in force of `person_id` to `scope` (and `mechanism`) withdrawn; return how many."""
    t = case_consent
    query = t.update().where(t.c.case_id == case_id, t.c.person_id == person_id, t.c.scope == str(scope),
                             t.c.withdrawn_on.is_(None))
    if mechanism is not None:
        query = query.where(t.c.mechanism == str(mechanism))
    return conn.execute(query.values(withdrawn_on=on, withdrawn_by=by)).rowcount


def case_collection(conn: Connection, case_id: str) -> str | None:
    """The collection of a stored case; None when there is no such case."""
    return conn.scalar(select(case_record.c.collection).where(case_record.c.id == case_id))


def bump_version(conn: Connection, case_id: str) -> None:
    """Record that a case changed."""
    conn.execute(case_record.update().where(case_record.c.id == case_id).values(
        version=case_record.c.version + 1, updated_at=dt.datetime.now(dt.UTC)))


def utc(value: dt.datetime) -> dt.datetime:
    """A timestamp as aware UTC (SQLite hands them back naive; they were stored as UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@lru_cache(maxsize=65536)
def _date(text: str | None) -> PartialDate | None:
    return PartialDate.parse(text) if text else None  # frozen values, and few distinct ones: cached


_CHILDREN = (case_person, case_event, case_act, case_involvement, case_source, case_intervention, case_chain,
             case_note, case_consent)


def _grouped(conn: Connection, table: Table, case_ids: list[str]) -> dict[str, list[RowMapping]]:
    order = [table.c[k] for k in ("id", "act_id", "from_event") if k in table.c]
    out: dict[str, list[RowMapping]] = {}
    query = select(table).where(table.c.case_id.in_(case_ids)).order_by(*order)
    for row in conn.execute(query).mappings():
        out.setdefault(row["case_id"], []).append(row)
    return out


def load_case(conn: Connection, ring: Keyring, case_id: str) -> StoredCase | None:
    """A stored case with every identity field decrypted; None when there is no such case."""
    found = load_cases(conn, ring, [case_id])
    return found[0] if found else None


def load_cases(conn: Connection, ring: Keyring, case_ids: list[str], *, batch: int = 500,
               identities: bool = True) -> list[StoredCase]:
    """Stored cases, decrypted, in the order of `case_ids` (missing ones left out): one query per table for
    each batch of cases, so that exporting every case does not cost a query per row. With `identities` False
    (for redacted views) only institutions' names are decrypted; every other identity field is left blank."""
    out: list[StoredCase] = []
    for chunk in _chunks(case_ids, batch):
        heads = {h["id"]: h for h in conn.execute(select(case_record).where(case_record.c.id.in_(chunk))).mappings()}
        children = {t.name: _grouped(conn, t, chunk) for t in _CHILDREN}
        out += [_build(ring, heads[cid], {name: rows.get(cid, []) for name, rows in children.items()}, identities)
                for cid in chunk if cid in heads]
    return out


def iter_cases(conn: Connection, ring: Keyring, collections: Iterable[str] | None, *, identities: bool,
               batch: int = 2000) -> Iterator[StoredCase]:
    """Every case of `collections` (None: of all), in id order, streamed a batch at a time: each batch is one
    range query per table (`case_id BETWEEN first AND last`: the index, no list of ids to send), and for a
    redacted read (`identities` False) no encrypted column is fetched at all but institutions' names. This is
    what a whole export reads; `load_cases` reads chosen cases."""
    wanted = sorted(set(collections)) if collections is not None else None
    ids = case_ids(conn, wanted)
    for chunk in _chunks(ids, batch):
        first, last, members = chunk[0], chunk[-1], set(chunk)
        heads = {h["id"]: h for h in conn.execute(select(*_columns(case_record, identities)).where(
            case_record.c.id.between(first, last))).mappings().all() if h["id"] in members}
        children = {t.name: _ranged(conn, t, first, last, members, identities) for t in _CHILDREN}
        yield from (_build(ring, heads[cid], {name: rows.get(cid, []) for name, rows in children.items()},
                           identities) for cid in chunk if cid in heads)


def _columns(table: Table, identities: bool) -> list[Any]:
    if identities:
        return list(table.c)
    columns: list[Any] = [c for c in table.c if not c.name.endswith("_enc")]
    if table is case_person:  # an institution's name is no victim's identity: a redacted view shows it
        columns.append(sql_case((case_person.c.kind == str(PersonKind.INSTITUTION), case_person.c.names_enc),
                            else_=literal(None)).label("names_enc"))
    return columns


def _ranged(conn: Connection, table: Table, first: str, last: str, members: set[str],
            identities: bool) -> dict[str, list[RowMapping]]:
    order = [table.c[k] for k in ("case_id", "id", "act_id", "from_event") if k in table.c]
    query = select(*_columns(table, identities)).where(table.c.case_id.between(first, last)).order_by(*order)
    out: dict[str, list[RowMapping]] = {}
    for row in conn.execute(query).mappings().all():  # fetchall: psycopg's fetchone costs a call per row
        if row["case_id"] in members:
            out.setdefault(row["case_id"], []).append(row)
    return out


def _build(ring: Keyring, head: RowMapping, rows: dict[str, list[RowMapping]], identities: bool = True) -> StoredCase:
    def dec(table: Table, column: str, row: RowMapping, *, always: bool = False) -> str:
        if not (identities or always):
            return ""
        return ring.decrypt(row[column], aad(table.name, column, row["id"]))

    persons, pseudonyms, years = [], {}, {}
    for r in rows["case_person"]:
        institution = r["kind"] == str(PersonKind.INSTITUTION)
        names = tuple(PersonName(**n) for n in json.loads(dec(case_person, "names_enc", r, always=institution)
                                                          or "[]"))
        persons.append(Person(id=r["id"], kind=PersonKind(r["kind"]), names=names, sex=r["sex"],
                              birth_date=_date(dec(case_person, "birth_enc", r)),
                              contact=dec(case_person, "contact_enc", r), designation=r["designation"]))
        pseudonyms[r["id"]] = r["pseudonym"]
        years[r["id"]] = r["birth_year"]
    events = tuple(Event(id=r["id"], title=dec(case_event, "title_enc", r), start=_date(r["start_date"]),
                         end=_date(r["end_date"]), certainty=Certainty(r["certainty"]),
                         place=Place(r["place_country"] or "", r["place_romanized"], r["place_hangul"],
                                     r["place_province"]) if r["place_country"] or r["place_romanized"] else None)
                   for r in rows["case_event"])
    case = Case(
        id=head["id"], collection=head["collection"], title=dec(case_record, "title_enc", head),
        family_steps=dec(case_record, "family_steps_enc", head), events=events, persons=tuple(persons),
        acts=tuple(Act(r["id"], r["event_id"], ActKind(r["kind"]), r["victim_id"], Certainty(r["certainty"]))
                   for r in rows["case_act"]),
        involvements=tuple(Involvement(r["act_id"], r["person_id"], InvolvementRole(r["role"]),
                                       Certainty(r["certainty"])) for r in rows["case_involvement"]),
        sources=tuple(InformationSource(r["id"], SourceKind(r["kind"]), _date(r["date"]),
                                        Reliability(r["reliability"]), r["person_id"] or "",
                                        dec(case_source, "content_enc", r))
                      for r in rows["case_source"]),
        interventions=tuple(Intervention(r["id"], Mechanism(r["mechanism"]), r["kind"], r["submitted_on"],
                                         r["by"], dec(case_intervention, "reply_enc", r), r["reply_on"])
                            for r in rows["case_intervention"]),
        chain=tuple(ChainLink(r["from_event"], r["to_event"], r["relation"]) for r in rows["case_chain"]),
        notes=tuple(Note(r["target"], dec(case_note, "text_enc", r), r["author"], utc(r["at"]))
                    for r in rows["case_note"]),
        consents=tuple(_consent(r) for r in rows["case_consent"]))
    return StoredCase(case, dec(case_record, "ref_enc", head), pseudonyms, utc(head["created_at"]), head["created_by"],
                      head["version"], years, identities)


def _consent(r: RowMapping) -> Consent:
    return Consent(person_id=r["person_id"], scope=ConsentScope(r["scope"]), given_on=r["given_on"],
                   recorded_by=r["recorded_by"], mechanism=Mechanism(r["mechanism"]) if r["mechanism"] else None,
                   given_by=r["given_by"], withdrawn_on=r["withdrawn_on"], withdrawn_by=r["withdrawn_by"])


def case_summaries(conn: Connection, collections: Iterable[str] | None, *, limit: int | None = None,
                   offset: int = 0, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """One pseudonymised line per case (plain columns only: nothing is decrypted), in id order; `collections`
    None for every collection; `ids` only these cases."""
    query = select(case_record.c.id, case_record.c.collection, case_record.c.created_at).order_by(case_record.c.id)
    if collections is not None:
        query = query.where(case_record.c.collection.in_(sorted(set(collections))))
    if ids is not None:
        query = query.where(case_record.c.id.in_(sorted(set(ids))))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    heads = list(conn.execute(query).mappings())
    ids = [h["id"] for h in heads]
    acts: dict[str, set[str]] = {i: set() for i in ids}
    events: dict[str, list[RowMapping]] = {i: [] for i in ids}
    victims: dict[str, set[str]] = {i: set() for i in ids}
    for chunk in _chunks(ids, 900):
        for r in conn.execute(select(case_act.c.case_id, case_act.c.kind, case_act.c.victim_id)
                              .where(case_act.c.case_id.in_(chunk))):
            acts[r.case_id].add(r.kind)
            victims[r.case_id].add(r.victim_id)
        for e in conn.execute(select(case_event.c.case_id, case_event.c.start_date, case_event.c.place_country,
                                     case_event.c.place_romanized).where(case_event.c.case_id.in_(chunk))
                              .order_by(case_event.c.id)).mappings():
            events[e["case_id"]].append(e)
    return [_summary(h, acts[h["id"]], events[h["id"]], len(victims[h["id"]])) for h in heads]


def _summary(head: RowMapping, acts: set[str], events: list[RowMapping], victims: int) -> dict[str, Any]:
    dates = sorted(e["start_date"] for e in events if e["start_date"])
    places = sorted({f"{e['place_romanized']} ({e['place_country']})" for e in events if e["place_romanized"]})
    return {"id": head["id"], "collection": head["collection"], "acts": sorted(acts),
            "first_date": dates[0] if dates else "", "places": places, "victims": victims}


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def count_cases(conn: Connection, collections: Iterable[str] | None = None) -> int:
    """How many cases are stored (in `collections`, or in all)."""
    query = select(func.count()).select_from(case_record)
    if collections is not None:
        query = query.where(case_record.c.collection.in_(sorted(set(collections))))
    return int(conn.scalar(query) or 0)


def case_ids(conn: Connection, collections: Iterable[str] | None = None) -> list[str]:
    """The ids of the stored cases (in `collections`, or in all), in order."""
    query = select(case_record.c.id).order_by(case_record.c.id)
    if collections is not None:
        query = query.where(case_record.c.collection.in_(sorted(set(collections))))
    return list(conn.scalars(query))


def find_by_name(conn: Connection, ring: Keyring, name: str, collections: Iterable[str] | None) -> list[str]:
    """The ids of the cases naming a person whose name shares a search key with `name`."""
    digests = sorted({ring.blind(k) for k in name_keys(name)})
    found: set[str] = set()
    for chunk in _chunks(digests, 900):
        query = select(case_name_index.c.case_id).where(case_name_index.c.digest.in_(chunk))
        if collections is not None:
            query = query.join(case_record, case_record.c.id == case_name_index.c.case_id).where(
                case_record.c.collection.in_(sorted(set(collections))))
        found.update(conn.scalars(query))
    return sorted(found)


def reencrypt(conn: Connection, old: Keyring, new: Keyring) -> int:
    """Re-encrypt every token under `new` (decrypting with `old`), rebuild the keyed name index and reference
    digests; return how many tokens were rewritten. Runs in the caller's transaction: all or nothing."""
    done = 0
    for table in CASE_RECORD_TABLES:
        columns = ENCRYPTED_COLUMNS.get(table.name)
        if not columns:
            continue
        for row in list(conn.execute(select(table.c.id, *(table.c[c] for c in columns))).mappings()):
            values = {c: new.encrypt(old.decrypt_bytes(row[c], aad(table.name, c, row["id"])),
                                     aad(table.name, c, row["id"])) for c in columns}
            conn.execute(table.update().where(table.c.id == row["id"]).values(**values))
            done += len(columns)
    for head in list(conn.execute(select(case_record.c.id, case_record.c.collection, case_record.c.ref_enc))):
        ref = new.decrypt(head.ref_enc, aad("case_record", "ref_enc", head.id))
        conn.execute(case_record.update().where(case_record.c.id == head.id).values(
            ref_digest=new.blind(f"ref:{head.collection}:{ref}")))
    _rebuild_index(conn, new)
    return done


def _rebuild_index(conn: Connection, ring: Keyring) -> None:
    conn.execute(case_name_index.delete())
    rows: list[dict[str, Any]] = []
    for r in conn.execute(select(case_person.c.id, case_person.c.case_id, case_person.c.names_enc)).mappings():
        texts = [n["text"] for n in json.loads(ring.decrypt(r["names_enc"], aad("case_person", "names_enc", r["id"])))]
        rows += [{"digest": ring.blind(k), "person_id": r["id"], "case_id": r["case_id"]} for k in names_keys(texts)]
    unique = {(r["digest"], r["person_id"]): r for r in rows}
    _insert(conn, case_name_index, list(unique.values()))
