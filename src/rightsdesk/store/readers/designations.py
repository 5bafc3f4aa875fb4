"""Sanctions designations as the store holds them: summary rows, one entry in full, the texts profiles match
against, the entries linked to and from one, and every entry as a model record (for screening and linkage).
Public UN data: these answer every principal.

    with store.reading(ANONYMOUS) as session:
        entry = designation(session, "KPi.043")
        network = related(session, entry.list_name, entry.reference_number)

"Tied to a state" has one definition (`TIED_TO_STATE`, `tied_to_state`), used by every count and filter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Row, RowMapping, ScalarSelect, Table, func, select
from sqlalchemy.sql.elements import ColumnElement

from rightsdesk.errors import NotFoundError
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import Address, BirthDate, Designation, DesignationName, IdentityDocument
from rightsdesk.model.vocab import SubjectKind
from rightsdesk.store import ReadSession, schema

JsonScalar = str | int | float | bool | None
Json = JsonScalar | list["Json"] | dict[str, "Json"]
JsonObject = dict[str, Json]

TIED_TO_STATE = "a nationality of the state or an address in it"
_CHUNK = 500


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class TiedCount:
    """How the designations tied to a state were counted: the rule, and how many by nationality, by address
    and in all (a designation with both counts once in the total)."""

    rule: str
    by_nationality: int
    by_address: int
    total: int

    def to_dict(self) -> dict[str, str | int]:
        """`{rule, by_nationality, by_address, total}`."""
        return {"rule": self.rule, "by_nationality": self.by_nationality, "by_address": self.by_address,
                "total": self.total}


@dataclass(frozen=True)
class DesignationSummary:
    """One designation as a line of a list: list, reference number, kind, name, regimes, nationalities."""

    list_name: str
    reference_number: str
    kind: str
    name: str
    name_original_script: str
    regimes: tuple[str, ...]
    nationalities: tuple[str, ...]
    listed_on: dt.date | None

    def to_dict(self) -> JsonObject:
        """`{list, reference_number, kind, name, name_original_script, regimes, nationalities, listed_on}`."""
        return {"list": self.list_name, "reference_number": self.reference_number, "kind": self.kind,
                "name": self.name, "name_original_script": self.name_original_script,
                "regimes": list(self.regimes), "nationalities": list(self.nationalities),
                "listed_on": _iso(self.listed_on)}


@dataclass(frozen=True)
class SourceFile:
    """The file an entry was loaded from: its path as given, sha256, ingestor and when it was loaded."""

    path: str
    sha256: str
    ingestor: str
    ingestor_version: str
    loaded_at: dt.datetime

    def to_dict(self) -> JsonObject:
        """`{path, sha256, ingestor, ingestor_version, loaded_at}`."""
        return {"path": self.path, "sha256": self.sha256, "ingestor": self.ingestor,
                "ingestor_version": self.ingestor_version, "loaded_at": self.loaded_at.isoformat()}


@dataclass(frozen=True)
class DesignationEntry:
    """Everything a list holds on one designation. `parts` holds the child rows (names, birth_dates, documents,
    addresses, relations) as the store keeps them, each a JSON object, in the list's order."""

    id: str
    list_name: str
    reference_number: str
    kind: str
    name: str
    name_original_script: str
    title: str
    function: str
    gender: str
    regimes: tuple[str, ...]
    nationalities: tuple[str, ...]
    nationalities_original: tuple[str, ...]
    listed_on: dt.date | None
    last_updated: tuple[str, ...]
    narrative: str
    extra: JsonObject
    source_id: str
    names: tuple[JsonObject, ...]
    birth_dates: tuple[JsonObject, ...]
    documents: tuple[JsonObject, ...]
    addresses: tuple[JsonObject, ...]
    relations: tuple[JsonObject, ...]
    source: SourceFile

    def to_dict(self) -> JsonObject:
        """The JSON shape of `rightsdesk designation --json` (before the API names the source by file)."""
        return {"id": self.id, "list_name": self.list_name, "reference_number": self.reference_number,
                "kind": self.kind, "name": self.name, "regimes": list(self.regimes),
                "name_original_script": self.name_original_script, "title": self.title, "function": self.function,
                "gender": self.gender, "nationalities": list(self.nationalities),
                "nationalities_original": list(self.nationalities_original), "listed_on": _iso(self.listed_on),
                "last_updated": list(self.last_updated), "narrative": self.narrative, "extra": self.extra,
                "source_id": self.source_id, "names": [dict(x) for x in self.names],
                "birth_dates": [dict(x) for x in self.birth_dates], "documents": [dict(x) for x in self.documents],
                "addresses": [dict(x) for x in self.addresses], "relations": [dict(x) for x in self.relations],
                "source": self.source.to_dict()}


@dataclass(frozen=True)
class DesignationText:
    """The words of one designation that profiles match against: name, names, function, title, narrative."""

    reference_number: str
    name: str
    function: str
    title: str
    narrative: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class LinkedEntry:
    """An entry on the other end of a relation ("Linked To"): its relation, list, reference number, name, kind
    and regimes. Of an outgoing tie whose name fits no single entry, `reference_number` and `kind` are None and
    `name` is the name as stated; `stated_name` and `note` are kept for outgoing ties only."""

    relation: str
    list_name: str
    reference_number: str | None
    name: str
    kind: str | None
    regimes: tuple[str, ...]
    stated_name: str | None = None
    note: str | None = None

    def to_dict(self) -> JsonObject:
        """An outgoing tie with `stated_name` and `note`; an incoming one without."""
        out: JsonObject = {"relation": self.relation, "list_name": self.list_name,
                           "reference_number": self.reference_number, "name": self.name}
        if self.stated_name is not None:
            out["stated_name"] = self.stated_name
        out |= {"kind": self.kind, "regimes": list(self.regimes)}
        if self.stated_name is not None:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Related:
    """The entries a designation is linked to, and those linked to it."""

    linked_to: tuple[LinkedEntry, ...]
    linked_from: tuple[LinkedEntry, ...]

    def to_dict(self) -> dict[str, list[JsonObject]]:
        """`{linked_to: [...], linked_from: [...]}`."""
        return {"linked_to": [x.to_dict() for x in self.linked_to],
                "linked_from": [x.to_dict() for x in self.linked_from]}


def tied_to_state(iso3: str) -> ColumnElement[bool]:
    """The one definition of a designation "tied to a state" (TIED_TO_STATE), as a condition on
    `designation.id`: CLI, dashboard, list and API all filter and count with it."""
    d, n, a = schema.designation, schema.designation_nationality, schema.designation_address
    return (d.c.id.in_(select(n.c.designation_id).where(n.c.country == iso3))
            | d.c.id.in_(select(a.c.designation_id).where(a.c.country == iso3)))


def designations_tied_by(session: ReadSession, iso3: str) -> TiedCount:
    """How the designations tied to a state were counted (TIED_TO_STATE)."""
    d, n, a = schema.designation, schema.designation_nationality, schema.designation_address
    conn = session.conn
    by_nationality = conn.scalar(select(func.count(n.c.designation_id.distinct())).where(n.c.country == iso3))
    by_address = conn.scalar(select(func.count(a.c.designation_id.distinct())).where(a.c.country == iso3))
    total = conn.scalar(select(func.count()).select_from(d).where(tied_to_state(iso3)))
    return TiedCount(rule=TIED_TO_STATE, by_nationality=int(by_nationality or 0), by_address=int(by_address or 0),
                     total=int(total or 0))


def _under(regime: str) -> ColumnElement[bool]:
    d, r = schema.designation, schema.designation_regime
    return d.c.id.in_(select(r.c.designation_id).where(func.upper(r.c.regime) == regime.upper()))


def designations(session: ReadSession, *, regime: str | None = None, country: str | None = None,
                 list_name: str | None = None, kind: str | None = None) -> list[DesignationSummary]:
    """Designations (summary rows) by regime (UN_LIST_TYPE or SDN program), nationality or address country,
    list and kind."""
    d = schema.designation
    q = select(d.c.list_name, d.c.reference_number, d.c.kind, d.c.name, d.c.name_original_script, d.c.regimes,
               d.c.nationalities, d.c.listed_on)
    if regime:
        q = q.where(_under(regime))
    if country:
        q = q.where(tied_to_state(country))
    if list_name:
        q = q.where(d.c.list_name == list_name)
    if kind:
        q = q.where(d.c.kind == kind)
    q = q.order_by(d.c.list_name, d.c.reference_number)
    return [DesignationSummary(ln, ref, k, name, script, tuple(regimes), tuple(nats), listed)
            for ln, ref, k, name, script, regimes, nats, listed in session.conn.execute(q).tuples()]


def export_details(session: ReadSession, rows: Sequence[DesignationSummary]) -> list[dict[str, str]]:
    """For each of `rows`, the columns an export adds: `aliases`, `birth_dates` and `documents`, each joined by
    " | " (as the workbench's export writes them)."""
    d, n = schema.designation, schema.designation_name
    b, doc = schema.designation_birth_date, schema.designation_document
    conn = session.conn
    wanted = {(r.list_name, r.reference_number) for r in rows}
    ids = {(ln, ref): i for i, ln, ref in conn.execute(select(d.c.id, d.c.list_name, d.c.reference_number)).tuples()
           if (ln, ref) in wanted}
    out: dict[str, dict[str, list[str]]] = {i: {"aliases": [], "birth_dates": [], "documents": []}
                                            for i in ids.values()}
    order = list(out)
    for chunk in (order[k:k + 500] for k in range(0, len(order), 500)):
        for i, name, kind in conn.execute(select(n.c.designation_id, n.c.name, n.c.kind)
                                          .where(n.c.designation_id.in_(chunk))
                                          .order_by(n.c.designation_id, n.c.position)).tuples():
            if kind != "primary":
                out[i]["aliases"].append(name)
        for i, date, from_year, to_year in conn.execute(
                select(b.c.designation_id, b.c.date, b.c.from_year, b.c.to_year)
                .where(b.c.designation_id.in_(chunk)).order_by(b.c.designation_id, b.c.position)).tuples():
            out[i]["birth_dates"].append(date or (f"{from_year}-{to_year}" if from_year else ""))
        for i, kind, number, where in conn.execute(
                select(doc.c.designation_id, doc.c.kind, doc.c.number, doc.c.country)
                .where(doc.c.designation_id.in_(chunk)).order_by(doc.c.designation_id, doc.c.position)).tuples():
            out[i]["documents"].append(f"{kind} {number}{f', {where}' if where else ''}".strip())
    empty: dict[str, list[str]] = {"aliases": [], "birth_dates": [], "documents": []}
    return [{k: " | ".join(x for x in v if x)
             for k, v in out.get(ids.get((r.list_name, r.reference_number), ""), empty).items()} for r in rows]


def _entry_row(conn: Connection, reference_number: str, list_name: str | None) -> Row[tuple[object, ...]]:
    d = schema.designation
    q = select(d).where(d.c.reference_number == reference_number)
    if list_name:
        q = q.where(d.c.list_name == list_name)
    row = conn.execute(q).first()
    if row is None:  # kpi.043 is KPi.043: reference numbers differ in more than case only by mistake
        loose = select(d).where(func.lower(d.c.reference_number) == reference_number.strip().casefold())
        rows = conn.execute(loose.where(d.c.list_name == list_name) if list_name else loose).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise NotFoundError(f"no designation {reference_number!r}" + (f" on {list_name}" if list_name else ""))
    return row


def _child_rows(conn: Connection, table: Table, designation_id: str) -> tuple[JsonObject, ...]:
    rows = conn.execute(select(table).where(table.c.designation_id == designation_id)
                        .order_by(*table.primary_key.columns)).mappings()
    return tuple({k: v for k, v in r.items() if k not in ("designation_id", "position")} for r in rows)


def designation(session: ReadSession, reference_number: str, list_name: str | None = None) -> DesignationEntry:
    """One designation with every name, date of birth, document, address and relation; NotFoundError if none."""
    conn = session.conn
    r = _entry_row(conn, reference_number, list_name)._mapping
    s = schema.source
    src = conn.execute(select(s.c.path, s.c.sha256, s.c.ingestor, s.c.ingestor_version, s.c.loaded_at)
                       .where(s.c.id == r["source_id"])).tuples().one()
    kids = {t.name: _child_rows(conn, t, r["id"]) for t in (
        schema.designation_name, schema.designation_birth_date, schema.designation_document,
        schema.designation_address, schema.designation_relation)}
    return DesignationEntry(
        id=r["id"], list_name=r["list_name"], reference_number=r["reference_number"], kind=r["kind"],
        name=r["name"], name_original_script=r["name_original_script"], title=r["title"], function=r["function"],
        gender=r["gender"], regimes=tuple(r["regimes"]), nationalities=tuple(r["nationalities"]),
        nationalities_original=tuple(r["nationalities_original"]), listed_on=r["listed_on"],
        last_updated=tuple(r["last_updated"]), narrative=r["narrative"], extra=r["extra"],
        source_id=r["source_id"], names=kids["designation_name"], birth_dates=kids["designation_birth_date"],
        documents=kids["designation_document"], addresses=kids["designation_address"],
        relations=kids["designation_relation"], source=SourceFile(*src))


def designation_texts(session: ReadSession, list_name: str, kind: str,
                      regime: str | None = None) -> list[DesignationText]:
    """The name, names, function, title and narrative of every designation of `list_name` of `kind` (under
    `regime`), in reference-number order: two queries, for the profile's institution and member matching."""
    d, n = schema.designation, schema.designation_name
    q = (select(d.c.id, d.c.reference_number, d.c.name, d.c.function, d.c.title, d.c.narrative)
         .where(d.c.list_name == list_name, d.c.kind == kind))
    if regime:
        q = q.where(_under(regime))
    rows = list(session.conn.execute(q.order_by(d.c.reference_number)).tuples())
    names: dict[str, list[str]] = defaultdict(list)
    ids = [row[0] for row in rows]
    for chunk in (ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)):  # by id: the child table's index serves
        for did, name in session.conn.execute(select(n.c.designation_id, n.c.name)
                                              .where(n.c.designation_id.in_(chunk))
                                              .order_by(n.c.designation_id, n.c.position)).tuples():
            names[did].append(name)
    return [DesignationText(ref, name, function, title, narrative, tuple(names.get(did, ())))
            for did, ref, name, function, title, narrative in rows]


def related(session: ReadSession, list_name: str, reference_number: str) -> Related:
    """The entries a designation is linked to ("Linked To" on the SDN list) and those linked to it, each with
    its list, reference number, name, kind and regimes; a tie whose name fits no single entry keeps its name
    and a note."""
    d, r = schema.designation, schema.designation_relation
    me = select(d.c.id).where(d.c.list_name == list_name, d.c.reference_number == reference_number)
    target = d.alias("target")
    out_q = (select(r.c.kind, r.c.name, r.c.note, r.c.target_list, r.c.target_ref, target.c.name, target.c.kind,
                    target.c.regimes)
             .select_from(r.outerjoin(target, (target.c.list_name == r.c.target_list)
                                      & (target.c.reference_number == r.c.target_ref)))
             .where(r.c.designation_id.in_(me.scalar_subquery())).order_by(r.c.position))
    in_q = (select(r.c.kind, d.c.list_name, d.c.reference_number, d.c.name, d.c.kind, d.c.regimes)
            .join(d, d.c.id == r.c.designation_id)
            .where(r.c.target_list == list_name, r.c.target_ref == reference_number)
            .order_by(d.c.name, d.c.reference_number))
    linked_to = tuple(LinkedEntry(relation=rel, list_name=tl, reference_number=tref, name=name or stated,
                                  kind=kind, regimes=tuple(regimes or ()), stated_name=stated, note=note)
                      for rel, stated, note, tl, tref, name, kind, regimes in session.conn.execute(out_q).tuples())
    linked_from = tuple(LinkedEntry(relation=rel, list_name=ln, reference_number=ref, name=name, kind=kind,
                                    regimes=tuple(regimes))
                        for rel, ln, ref, name, kind, regimes in session.conn.execute(in_q).tuples())
    return Related(linked_to=linked_to, linked_from=linked_from)


def linked_to_regimes(session: ReadSession, list_name: str, regimes: Iterable[str]) -> set[str]:
    """Reference numbers of the entries of `list_name` that are linked to an entry under any of `regimes`."""
    d, r, g = schema.designation, schema.designation_relation, schema.designation_regime
    target = d.alias("target")
    q = (select(d.c.reference_number).join(r, r.c.designation_id == d.c.id)
         .join(target, (target.c.list_name == r.c.target_list) & (target.c.reference_number == r.c.target_ref))
         .join(g, g.c.designation_id == target.c.id)
         .where(d.c.list_name == list_name, g.c.regime.in_(list(regimes))).distinct())
    return set(session.conn.scalars(q))


def load_designations(session: ReadSession, lists: Iterable[str] | None = None,
                      regimes: Iterable[str] | None = None) -> list[Designation]:
    """Every designation (of the given lists, under any of the given regimes) as a model record, with names,
    dates, documents and addresses."""
    d = schema.designation
    q = select(d)
    if lists is not None:
        q = q.where(d.c.list_name.in_(list(lists)))
    if regimes is not None:
        r = schema.designation_regime
        q = q.where(d.c.id.in_(select(r.c.designation_id).where(r.c.regime.in_(list(regimes)))))
    rows = session.conn.execute(q.order_by(d.c.list_name, d.c.reference_number)).mappings().all()
    wanted = q.with_only_columns(d.c.id).scalar_subquery() if lists is not None or regimes is not None else None
    children = {t.name: _children_by_id(session.conn, t, wanted) for t in schema.DESIGNATION_CHILDREN[:4]}
    return [_as_record(r, children) for r in rows]


def designation_ids(session: ReadSession) -> list[str]:
    """The ids of every designation, in the order `load_designations` gives them (list, then reference)."""
    d = schema.designation
    return list(session.conn.execute(select(d.c.id).order_by(d.c.list_name, d.c.reference_number)).scalars())


def load_designations_by_id(session: ReadSession, ids: Sequence[str]) -> dict[str, Designation]:
    """The designations of these ids as model records (as `load_designations` makes them), by id; an id not held
    is absent."""
    d = schema.designation
    rows = session.conn.execute(select(d).where(d.c.id.in_(list(ids)))).mappings().all()
    wanted = select(d.c.id).where(d.c.id.in_(list(ids))).scalar_subquery()
    children = {t.name: _children_by_id(session.conn, t, wanted) for t in schema.DESIGNATION_CHILDREN[:4]}
    return {r["id"]: _as_record(r, children) for r in rows}


def _children_by_id(conn: Connection, table: Table,
                    wanted: ScalarSelect[str] | None) -> dict[str, list[RowMapping]]:
    """Child rows by designation id; `wanted` (a subquery of ids) limits them, None takes all."""
    q = select(table).order_by(table.c.designation_id, table.c.position)
    if wanted is not None:
        q = q.where(table.c.designation_id.in_(wanted))
    out: dict[str, list[RowMapping]] = defaultdict(list)
    for r in conn.execute(q).mappings():
        out[r["designation_id"]].append(r)
    return out


def _as_record(r: RowMapping, children: Mapping[str, Mapping[str, list[RowMapping]]]) -> Designation:
    kids = {name: rows.get(r["id"], []) for name, rows in children.items()}
    return Designation(
        list_name=r["list_name"], reference_number=r["reference_number"], kind=SubjectKind(r["kind"]),
        name=r["name"], regimes=tuple(r["regimes"]),
        names=tuple(DesignationName(n["name"], n["kind"], n["quality"], tuple(n["parts"]))
                    for n in kids["designation_name"]),
        name_original_script=r["name_original_script"], title=r["title"], function=r["function"],
        gender=r["gender"], nationalities=tuple(r["nationalities"]),
        nationalities_original=tuple(r["nationalities_original"]), listed_on=r["listed_on"],
        narrative=r["narrative"],
        birth_dates=tuple(BirthDate(b["kind"], PartialDate.parse(b["date"]) if b["date"] else None, b["from_year"],
                                    b["to_year"], b["note"]) for b in kids["designation_birth_date"]),
        documents=tuple(IdentityDocument(x["kind"], x["number"], x["country"], x["country_original"], x["issued"],
                                         x["note"]) for x in kids["designation_document"]),
        addresses=tuple(Address(a["kind"], a["street"], a["city"], a["region"], a["postal_code"], a["country"],
                                a["country_original"], a["note"]) for a in kids["designation_address"]),
        extra=r["extra"],
    )
