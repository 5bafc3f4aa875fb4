"""Queries over the store: each function takes a Connection and returns plain dicts (or records) for the
CLI, the web app and the analysis packages. No business rules here beyond filtering and shaping.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.sql.elements import ColumnElement

from rightsdesk.errors import NotFoundError
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import Address, BirthDate, Designation, DesignationName, IdentityDocument
from rightsdesk.model.symbols import DocumentSymbol
from rightsdesk.model.vocab import SanctionsList, SubjectKind
from rightsdesk.store import schema

LISTS = SanctionsList.names()


def source_count(conn: Connection) -> int:
    """How many source files the store holds (0: nothing loaded yet)."""
    return int(conn.scalar(select(func.count()).select_from(schema.source)) or 0)


def source_paths(conn: Connection, dataset: str) -> list[str]:
    """The paths of the files loaded for `dataset` (an ingestor's name), as recorded when each was loaded."""
    return list(conn.scalars(select(schema.source.c.path).where(schema.source.c.dataset == dataset)))


def link_count(conn: Connection) -> int:
    """How many cross-list links (proposed, accepted or rejected) the store holds."""
    return int(conn.scalar(select(func.count()).select_from(schema.designation_link)) or 0)


def stats(conn: Connection) -> dict[str, Any]:
    """Counts of what the store holds, with one designation count per list."""
    def count(table: Any) -> int:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)

    per_list = dict(conn.execute(select(schema.designation.c.list_name, func.count())
                                 .group_by(schema.designation.c.list_name)).tuples().all())
    return {
        "upr_recommendations": count(schema.upr_recommendation),
        "roll_calls": count(schema.roll_call),
        "votes": count(schema.country_vote),
        "designations": {name: int(per_list.get(name, 0)) for name in sorted(set(LISTS) | set(per_list))},
        "designation_links": count(schema.designation_link),
        "sources": count(schema.source),
        "countries": count(schema.country),
    }


def recommendations(conn: Connection, *, to: str | None = None, from_: str | None = None, cycle: int | None = None,
                    session: int | None = None, response: str | None = None, issue: str | None = None,
                    limit: int | None = None) -> list[dict[str, Any]]:
    """UPR recommendations matching every given filter, in review order (session, then recommending state)."""
    t, p = schema.upr_recommendation, schema.upr_report_paragraph
    q: Select[Any] = select(t.c.to_state, t.c.from_state, t.c.text,
                            func.coalesce(t.c.response, p.c.response).label("response"), t.c.response_original,
                            t.c.cycle, t.c.session, t.c.issues, t.c.action_category,
                            func.coalesce(t.c.paragraph, p.c.paragraph).label("paragraph"), t.c.id
                            ).select_from(t.outerjoin(p, p.c.recommendation_id == t.c.id))
    for column, value in ((t.c.to_state, to), (t.c.from_state, from_), (t.c.cycle, cycle), (t.c.session, session),
                          (t.c.response, response)):
        if value is not None:
            q = q.where(column == value)
    if issue is not None:
        i = schema.upr_recommendation_issue
        q = q.where(t.c.id.in_(select(i.c.recommendation_id).where(func.lower(i.c.issue) == issue.casefold())))
    q = q.order_by(t.c.session, t.c.to_state, t.c.from_state, t.c.id)
    if limit is not None:
        q = q.limit(limit)
    return [{
        "to": r.to_state, "from": r.from_state, "text": r.text, "response": r.response,
        "response_original": r.response_original, "cycle": r.cycle, "session": r.session,
        "issues": list(r.issues), "action_category": r.action_category, "paragraph": r.paragraph, "id": r.id,
    } for r in conn.execute(q)]


def upr_issues(conn: Connection) -> list[str]:
    """Every issue label in the store."""
    i = schema.upr_recommendation_issue
    return list(conn.scalars(select(i.c.issue).distinct().order_by(i.c.issue)))


def roll_call(conn: Connection, symbol: str) -> dict[str, Any]:
    """The recorded vote on a resolution as a whole, with totals and each state's vote; NotFoundError if none.

    Where the data holds several roll calls under one symbol (votes on amendments or paragraphs), the vote on
    the whole text is chosen: not an amendment, not a paragraph, the latest of those.
    """
    sym = str(DocumentSymbol.parse(symbol))
    rc = schema.roll_call
    rows = conn.execute(select(rc).where(rc.c.symbol == sym)
                        .order_by(rc.c.amendment, rc.c.paragraph, rc.c.rcid.desc())).mappings().all()
    if not rows:
        raise NotFoundError(f"no recorded vote on {sym} in the store")
    call = rows[0]
    votes = roll_call_votes(conn, call["rcid"])
    totals = Counter(v["vote"] for v in votes)
    return {
        "symbol": sym, "rcid": call["rcid"], "date": call["date"].isoformat() if call["date"] else None,
        "session": call["session"], "title": call["short_title"] or call["description"],
        "description": call["description"], "important_vote": call["important_vote"],
        "yes": totals["yes"], "no": totals["no"], "abstain": totals["abstain"],
        "issues": list(call["issues"]), "other_roll_calls": [r["rcid"] for r in rows[1:]], "votes": votes,
    }


def roll_call_votes(conn: Connection, rcid: int) -> list[dict[str, Any]]:
    """Each state's vote in roll call `rcid`, by country code."""
    v, c = schema.country_vote, schema.country
    q = (select(v.c.country, v.c.vote, c.c.name, c.c.regional_group)
         .join(c, c.c.iso3 == v.c.country, isouter=True).where(v.c.rcid == rcid).order_by(v.c.country))
    return [{"country": r.country, "vote": r.vote, "name": r.name, "regional_group": r.regional_group}
            for r in conn.execute(q)]


def roll_calls(conn: Connection, *, issue: str | None = None, query: str | None = None,
               symbols: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Roll calls with their totals, filtered by issue label, a word in the title, or a list of symbols."""
    rc, v = schema.roll_call, schema.country_vote
    totals = (select(v.c.rcid, v.c.vote, func.count().label("n")).group_by(v.c.rcid, v.c.vote)).subquery()
    q = select(rc.c.rcid, rc.c.symbol, rc.c.date, rc.c.session, rc.c.short_title, rc.c.description, rc.c.issues)
    if query:
        like = f"%{query.casefold()}%"
        q = q.where(func.lower(rc.c.short_title).like(like) | func.lower(rc.c.description).like(like))
    if symbols is not None:
        q = q.where(rc.c.symbol.in_([str(DocumentSymbol.parse(s)) for s in symbols]))
    calls = [dict(r._mapping) for r in conn.execute(q.order_by(rc.c.date, rc.c.rcid))]
    if issue:
        calls = [c for c in calls if issue in c["issues"]]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    ids = [c["rcid"] for c in calls]
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for r in conn.execute(select(totals).where(totals.c.rcid.in_(chunk))):
            counts[r.rcid][r.vote] = r.n
    for c in calls:
        c["date"] = c["date"].isoformat() if c["date"] else None
        c["yes"], c["no"], c["abstain"] = (counts[c["rcid"]].get(k, 0) for k in ("yes", "no", "abstain"))
    return calls


TIED_TO_STATE = "a nationality of the state or an address in it"


def tied_to_state(iso3: str) -> ColumnElement[bool]:
    """The one definition of a designation "tied to a state" (TIED_TO_STATE), as a condition on
    `designation.id`: CLI, dashboard, list and API all filter and count with it."""
    d, n, a = schema.designation, schema.designation_nationality, schema.designation_address
    return (d.c.id.in_(select(n.c.designation_id).where(n.c.country == iso3))
            | d.c.id.in_(select(a.c.designation_id).where(a.c.country == iso3)))


def designations_tied_by(conn: Connection, iso3: str) -> dict[str, Any]:
    """How the designations tied to a state were counted: the rule, and how many by nationality, by address
    and in all (a designation with both counts once in the total)."""
    d, n, a = schema.designation, schema.designation_nationality, schema.designation_address
    by_nationality = conn.scalar(select(func.count(n.c.designation_id.distinct())).where(n.c.country == iso3))
    by_address = conn.scalar(select(func.count(a.c.designation_id.distinct())).where(a.c.country == iso3))
    total = conn.scalar(select(func.count()).select_from(d).where(tied_to_state(iso3)))
    return {"rule": TIED_TO_STATE, "by_nationality": int(by_nationality or 0), "by_address": int(by_address or 0),
            "total": int(total or 0)}


def designations(conn: Connection, *, regime: str | None = None, country: str | None = None,
                 list_name: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Designations (summary rows) by regime (UN_LIST_TYPE or SDN program), nationality or address country,
    list and kind."""
    d = schema.designation
    q = select(d.c.list_name, d.c.reference_number, d.c.kind, d.c.name, d.c.regimes, d.c.nationalities,
               d.c.listed_on, d.c.name_original_script, d.c.id)
    if regime:
        r = schema.designation_regime
        q = q.where(d.c.id.in_(select(r.c.designation_id).where(func.upper(r.c.regime) == regime.upper())))
    if country:
        q = q.where(tied_to_state(country))
    if list_name:
        q = q.where(d.c.list_name == list_name)
    if kind:
        q = q.where(d.c.kind == kind)
    q = q.order_by(d.c.list_name, d.c.reference_number)
    return [{
        "list": r.list_name, "reference_number": r.reference_number, "kind": r.kind, "name": r.name,
        "name_original_script": r.name_original_script, "regimes": list(r.regimes),
        "nationalities": list(r.nationalities), "listed_on": r.listed_on.isoformat() if r.listed_on else None,
    } for r in conn.execute(q)]


def designation(conn: Connection, reference_number: str, list_name: str | None = None) -> dict[str, Any]:
    """One designation with every name, date of birth, document and address; NotFoundError if none."""
    d = schema.designation
    q = select(d).where(d.c.reference_number == reference_number)
    if list_name:
        q = q.where(d.c.list_name == list_name)
    row = conn.execute(q).mappings().first()
    if row is None:  # kpi.043 is KPi.043: reference numbers differ in more than case only by mistake
        loose = select(d).where(func.lower(d.c.reference_number) == reference_number.strip().casefold())
        rows = conn.execute(loose.where(d.c.list_name == list_name) if list_name else loose).mappings().all()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise NotFoundError(f"no designation {reference_number!r}" + (f" on {list_name}" if list_name else ""))
    out = dict(row)
    out["listed_on"] = row["listed_on"].isoformat() if row["listed_on"] else None
    for key, table in (("names", schema.designation_name), ("birth_dates", schema.designation_birth_date),
                       ("documents", schema.designation_document), ("addresses", schema.designation_address),
                       ("relations", schema.designation_relation)):
        rows = conn.execute(select(table).where(table.c.designation_id == row["id"])
                            .order_by(*table.primary_key.columns)).mappings().all()
        out[key] = [{k: v for k, v in r.items() if k not in ("designation_id", "position")} for r in rows]
    s = schema.source
    out["source"] = dict(conn.execute(select(s.c.path, s.c.sha256, s.c.ingestor, s.c.ingestor_version, s.c.loaded_at)
                                      .where(s.c.id == row["source_id"])).mappings().one())
    out["source"]["loaded_at"] = out["source"]["loaded_at"].isoformat()
    return out


def designation_texts(conn: Connection, list_name: str, kind: str, regime: str | None = None) -> list[dict[str, Any]]:
    """The name, names, function, title and narrative of every designation of `list_name` of `kind` (under
    `regime`), in reference-number order: two queries, for the profile's institution and member matching."""
    d, n = schema.designation, schema.designation_name
    q = (select(d.c.id, d.c.reference_number, d.c.name, d.c.function, d.c.title, d.c.narrative)
         .where(d.c.list_name == list_name, d.c.kind == kind))
    if regime:
        r = schema.designation_regime
        q = q.where(d.c.id.in_(select(r.c.designation_id).where(func.upper(r.c.regime) == regime.upper())))
    rows = [dict(r) for r in conn.execute(q.order_by(d.c.reference_number)).mappings()]
    names: dict[str, list[dict[str, str]]] = defaultdict(list)
    ids = [row["id"] for row in rows]
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):  # by id: the child table's index serves
        for did, name in conn.execute(select(n.c.designation_id, n.c.name).where(n.c.designation_id.in_(chunk))
                                      .order_by(n.c.designation_id, n.c.position)).tuples():
            names[did].append({"name": name})
    return [{**row, "names": names.get(row.pop("id"), [])} for row in rows]


def related(conn: Connection, list_name: str, reference_number: str) -> dict[str, list[dict[str, Any]]]:
    """The entries a designation is linked to ("Linked To" on the SDN list) and those linked to it, each with
    its list, reference number, name, kind and regimes; a tie whose name fits no single entry keeps its name
    and a note."""
    d, r = schema.designation, schema.designation_relation
    me = select(d.c.id).where(d.c.list_name == list_name, d.c.reference_number == reference_number)
    target = d.alias("target")
    out_q = (select(r.c.kind, r.c.name.label("stated_name"), r.c.note, r.c.target_list, r.c.target_ref,
                    target.c.name, target.c.kind.label("subject_kind"), target.c.regimes)
             .select_from(r.outerjoin(target, (target.c.list_name == r.c.target_list)
                                      & (target.c.reference_number == r.c.target_ref)))
             .where(r.c.designation_id.in_(me.scalar_subquery())).order_by(r.c.position))
    in_q = (select(r.c.kind, d.c.list_name, d.c.reference_number, d.c.name, d.c.kind.label("subject_kind"),
                   d.c.regimes).join(d, d.c.id == r.c.designation_id)
            .where(r.c.target_list == list_name, r.c.target_ref == reference_number)
            .order_by(d.c.name, d.c.reference_number))
    linked_to = [{"relation": x["kind"], "list_name": x["target_list"], "reference_number": x["target_ref"],
                  "name": x["name"] or x["stated_name"], "stated_name": x["stated_name"],
                  "kind": x["subject_kind"], "regimes": x["regimes"] or [], "note": x["note"]}
                 for x in conn.execute(out_q).mappings()]
    linked_from = [{"relation": x["kind"], "list_name": x["list_name"], "reference_number": x["reference_number"],
                    "name": x["name"], "kind": x["subject_kind"], "regimes": x["regimes"]}
                   for x in conn.execute(in_q).mappings()]
    return {"linked_to": linked_to, "linked_from": linked_from}


def linked_to_regimes(conn: Connection, list_name: str, regimes: Iterable[str]) -> set[str]:
    """Reference numbers of the entries of `list_name` that are linked to an entry under any of `regimes`."""
    d, r, g = schema.designation, schema.designation_relation, schema.designation_regime
    target = d.alias("target")
    q = (select(d.c.reference_number).join(r, r.c.designation_id == d.c.id)
         .join(target, (target.c.list_name == r.c.target_list) & (target.c.reference_number == r.c.target_ref))
         .join(g, g.c.designation_id == target.c.id)
         .where(d.c.list_name == list_name, g.c.regime.in_(list(regimes))).distinct())
    return set(conn.scalars(q))


def content_version(conn: Connection, datasets: Iterable[str] | None = None) -> str:
    """A fingerprint of what the store holds (of these datasets): a hash over the loaded sources' ids and file
    hashes. Any load that changes data changes a source, so a cache keyed by this is never stale; one small
    query, cheap enough to ask on every request."""
    import hashlib

    q = select(schema.source.c.id, schema.source.c.sha256).order_by(schema.source.c.id)
    if datasets is not None:
        q = q.where(schema.source.c.dataset.in_(list(datasets)))
    digest = hashlib.sha256()
    for sid, sha in conn.execute(q):
        digest.update(f"{sid}:{sha};".encode())
    return digest.hexdigest()


def load_designations(conn: Connection, lists: Iterable[str] | None = None,
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
    rows = conn.execute(q.order_by(d.c.list_name, d.c.reference_number)).mappings().all()
    wanted = q.with_only_columns(d.c.id).scalar_subquery() if lists is not None or regimes is not None else None
    children = {t.name: _children_by_id(conn, t, wanted) for t in schema.DESIGNATION_CHILDREN[:4]}
    return [_as_record(r, children) for r in rows]


def _children_by_id(conn: Connection, table: Any, wanted: Any) -> dict[str, list[Any]]:
    """Child rows by designation id; `wanted` (a subquery of ids) limits them, None takes all."""
    q = select(table).order_by(table.c.designation_id, table.c.position)
    if wanted is not None:
        q = q.where(table.c.designation_id.in_(wanted))
    out: dict[str, list[Any]] = defaultdict(list)
    for r in conn.execute(q).mappings():
        out[r["designation_id"]].append(r)
    return out


def _as_record(r: Any, children: dict[str, dict[str, list[Any]]]) -> Designation:
    did = r["id"]
    return Designation(
        list_name=r["list_name"], reference_number=r["reference_number"], kind=SubjectKind(r["kind"]),
        name=r["name"], regimes=tuple(r["regimes"]),
        names=tuple(DesignationName(n["name"], n["kind"], n["quality"], tuple(n["parts"]))
                    for n in children["designation_name"].get(did, [])),
        name_original_script=r["name_original_script"], title=r["title"], function=r["function"],
        gender=r["gender"], nationalities=tuple(r["nationalities"]),
        nationalities_original=tuple(r["nationalities_original"]), listed_on=r["listed_on"],
        narrative=r["narrative"],
        birth_dates=tuple(BirthDate(b["kind"], PartialDate.parse(b["date"]) if b["date"] else None, b["from_year"],
                                    b["to_year"], b["note"]) for b in children["designation_birth_date"].get(did, [])),
        documents=tuple(IdentityDocument(x["kind"], x["number"], x["country"], x["country_original"], x["issued"],
                                         x["note"]) for x in children["designation_document"].get(did, [])),
        addresses=tuple(Address(a["kind"], a["street"], a["city"], a["region"], a["postal_code"], a["country"],
                                a["country_original"], a["note"])
                        for a in children["designation_address"].get(did, [])),
        extra=r["extra"],
    )


def country_overview(conn: Connection, iso3: str) -> dict[str, Any]:
    """What the store holds about one state: UPR recommendations to and by it (by cycle and response), its
    recorded votes, roll calls on resolutions about it, and designations tied to it."""
    t = schema.upr_recommendation
    by_cycle: dict[str, dict[str, int]] = defaultdict(dict)
    for cyc, resp, n in conn.execute(select(t.c.cycle, t.c.response, func.count()).where(t.c.to_state == iso3)
                                     .group_by(t.c.cycle, t.c.response)):
        by_cycle[str(cyc)][resp or "none"] = n
    made = conn.scalar(select(func.count()).select_from(t).where(t.c.from_state == iso3)) or 0
    v = schema.country_vote
    votes = dict(conn.execute(select(v.c.vote, func.count()).where(v.c.country == iso3).group_by(v.c.vote))
                 .tuples().all())
    des = designations(conn, country=iso3)
    return {
        "country": iso3,
        "upr_recommendations_received": {"total": sum(sum(c.values()) for c in by_cycle.values()),
                                         "by_cycle": dict(by_cycle)},
        "upr_recommendations_made": int(made),
        "votes_cast": {k: int(votes.get(k, 0)) for k in ("yes", "no", "abstain")},
        "designations": dict(Counter(d["list"] for d in des)),
        "designations_tied_by": designations_tied_by(conn, iso3),
    }
