"""Browsing cases without decrypting anything: keyset pages, facet counts, the cases naming a designation, and
the "possibly the same person" suggestions that list linkage brings back.

Pages are keyed on the case id (`id > after ORDER BY id LIMIT n`, or `id < before` backwards), never on OFFSET:
a page deep in 100,000 cases costs what the first one does, because the database seeks in the primary key
instead of counting past every row before it. Filters are semi-joins on the plain columns (act kind, collection,
event country, province and start year); see `_conditions` for the form each engine runs fastest.

No permission is checked here: `store/readers/case_browse.py` checks and audits, then calls these.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, exists, func, select

from rightsdesk.cases.crypto import PREFIX, Keyring
from rightsdesk.errors import InputError
from rightsdesk.store.case_records import case_summaries
from rightsdesk.store.schema_case_links import case_suggestion
from rightsdesk.store.schema_case_records import case_act, case_event, case_person, case_record

CURSOR = re.compile(r"^[0-9a-f]{16}$")
PAGE_MAX = 200
FACET_VALUES = 40


@dataclass(frozen=True)
class CaseFilters:
    """What a case list is narrowed to; None (or empty) for no narrowing."""

    act: str | None = None
    collection: str | None = None
    country: str | None = None
    province: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    designation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set (for the audit entry and links)."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    def without(self, name: str) -> CaseFilters:
        """The same filters less one (a facet's counts ignore its own filter)."""
        values = dict(self.__dict__)
        values[name] = None
        if name == "year_from":
            values["year_to"] = None
        return CaseFilters(**values)


@dataclass(frozen=True)
class CasePage:
    """One page of pseudonymised case lines, and the keys of the pages either side (None: there is none)."""

    items: list[dict[str, Any]]
    after: str | None
    before: str | None


def check_cursor(value: str | None, name: str) -> str | None:
    """A page key as given (a case id), or None; InputError for anything else."""
    if value in (None, ""):
        return None
    if not CURSOR.match(str(value)):
        raise InputError(f"{name} {str(value)[:40]!r}: expected a case id (16 hex digits)")
    return str(value)


def _conditions(collections: Iterable[str] | None, f: CaseFilters, *, page: bool = False, after: str | None = None,
                before: str | None = None) -> list[ColumnElement[bool]]:
    """The WHERE terms on case_record. For counting (facets) each filter on a child table is `id IN (its case
    ids)`, a semi-join run once from the child's index. For a `page` it is a correlated EXISTS, which stops at
    the page's last case (SQLite would otherwise build the whole IN list first: 0.7 s on 100,000 cases), bounded
    by the page's key too (PostgreSQL would otherwise merge the child's index from its start: 0.3 s)."""
    rec = case_record.c
    found: list[ColumnElement[bool]] = []

    def ids_of(case_id: Any, *where: ColumnElement[bool]) -> ColumnElement[bool]:
        bounds = ([case_id > after] if after is not None else []) + ([case_id < before] if before is not None else [])
        if page:
            return exists().where(case_id == rec.id, *where, *bounds)
        return rec.id.in_(select(case_id).where(*where, *bounds))

    if collections is not None:
        found.append(rec.collection.in_(sorted(set(collections))))
    if f.collection:
        found.append(rec.collection == f.collection)
    if f.act:
        found.append(ids_of(case_act.c.case_id, case_act.c.kind == f.act))
    event: list[ColumnElement[bool]] = []
    if f.country:
        event.append(case_event.c.place_country == f.country)
    if f.province:
        event.append(case_event.c.place_province == f.province)
    # Partial dates are stored as ISO text at their precision, so text order is date order: "1998-03" < "1999".
    if f.year_from is not None:
        event.append(case_event.c.start_date >= f"{f.year_from:04d}")
    if f.year_to is not None:
        event.append(case_event.c.start_date < f"{f.year_to + 1:04d}")
    if event:  # one event meeting every condition
        found.append(ids_of(case_event.c.case_id, and_(*event)))
    if f.designation:
        found.append(ids_of(case_person.c.case_id, case_person.c.designation == f.designation))
    return found


def page_ids(conn: Connection, collections: Iterable[str] | None, filters: CaseFilters, *, after: str | None = None,
             before: str | None = None, limit: int = 50) -> tuple[list[str], bool]:
    """The ids of one keyset page in id order, and whether more lie beyond it (in the direction of travel)."""
    if not 1 <= limit <= PAGE_MAX:
        raise InputError(f"limit {limit}: expected 1 to {PAGE_MAX}")
    ident = case_record.c.id
    query: Select[tuple[str]] = select(ident).where(*_conditions(collections, filters, page=True, after=after,
                                                                 before=before))
    if before is not None:
        query = query.where(ident < before).order_by(ident.desc())
    else:
        query = query.where(ident > after).order_by(ident) if after is not None else query.order_by(ident)
    ids = list(conn.scalars(query.limit(limit + 1)))
    more = len(ids) > limit
    ids = ids[:limit]
    return (list(reversed(ids)) if before is not None else ids), more


def case_page(conn: Connection, collections: Iterable[str] | None, filters: CaseFilters, *,
              after: str | None = None, before: str | None = None, limit: int = 50) -> CasePage:
    """One page of pseudonymised case lines (see the module docstring)."""
    if collections is not None and not list(collections):
        return CasePage([], None, None)
    ids, more = page_ids(conn, collections, filters, after=after, before=before, limit=limit)
    items = case_summaries(conn, None, ids=ids) if ids else []
    if not items:
        return CasePage([], None, None)
    forward_more = more if before is None else True
    backward_more = (after is not None) if before is None else more
    return CasePage(items, items[-1]["id"] if forward_more else None, items[0]["id"] if backward_more else None)


def case_facets(conn: Connection, collections: Iterable[str] | None,
                filters: CaseFilters) -> dict[str, list[tuple[str, int]]]:
    """How many cases each facet value would show, under the other filters: act, collection, country, province
    and start year (most first, at most FACET_VALUES each; years in order).

    Counted are rows: acts of the kind, events in the place or year. A case as the import file and the intake
    form make it has one victim, one event and each act once, so these are its cases; a case with several
    victims or events would count once for each (counting distinct cases costs an engine a sort per group,
    seconds over 100,000 cases)."""
    if collections is not None and not list(collections):
        return {k: [] for k in ("act", "collection", "country", "province", "year")}
    n = func.count()
    queries: dict[str, tuple[str, Select[Any], Any]] = {
        "act": ("act", select(case_act.c.kind, n).group_by(case_act.c.kind), case_act.c.case_id),
        "collection": ("collection", select(case_record.c.collection, n).group_by(case_record.c.collection), None),
    }
    out: dict[str, list[tuple[str, int]]] = {}
    for facet, (own, query, case_id) in queries.items():
        out[facet] = [(str(v), int(c)) for v, c in conn.execute(_narrowed(query, case_id, collections, filters, own))]
    # Each event facet ignores its own filter; those left with the same filters are counted in one grouped pass
    # (all three when no event filter is set).
    passes: dict[CaseFilters, list[str]] = {}
    for facet, own in (("country", "country"), ("province", "province"), ("year", "year_from")):
        passes.setdefault(filters.without(own), []).append(facet)
    for narrowed, facets in passes.items():
        counted = _event_facets(conn, collections, narrowed)
        out |= {facet: counted[facet] for facet in facets}
    for facet, rows in out.items():
        rows.sort(key=(lambda r: r[0]) if facet == "year" else (lambda r: (-r[1], r[0])))
        out[facet] = rows if facet == "year" else rows[:FACET_VALUES]
    return out


def _narrowed(query: Select[Any], case_id: Any, collections: Iterable[str] | None, filters: CaseFilters,
              own: str) -> Select[Any]:
    """`query` (over a child table whose `case_id` is given, or over case_record itself when None) narrowed to
    the visible collections and the filters but `own`. On a child table the visible collections are an
    anti-join (no case of a collection not visible), not `case_id IN (the visible cases)`: where a user sees
    every collection held, the engine finds no such case at once instead of hashing 100,000 ids."""
    chosen = filters.without(own) if own else filters
    if case_id is None:
        terms = _conditions(collections, chosen)
        return query.where(*terms) if terms else query
    terms = _conditions(None, chosen)
    if terms:
        query = query.where(case_id.in_(select(case_record.c.id).where(*terms)))
    if collections is not None:
        query = query.where(~exists().where(case_record.c.id == case_id,
                                            case_record.c.collection.not_in(sorted(set(collections)))))
    return query


def _event_facets(conn: Connection, collections: Iterable[str] | None,
                  filters: CaseFilters) -> dict[str, list[tuple[str, int]]]:
    """Country, province and year counts from one grouped scan of the events (`ix_event_facets` covers it)."""
    ev = case_event.c
    year = func.substr(ev.start_date, 1, 4)
    query = select(ev.place_country, ev.place_province, year, func.count()).group_by(
        ev.place_country, ev.place_province, year)
    counts: dict[str, Counter[str]] = {"country": Counter(), "province": Counter(), "year": Counter()}
    for country, province, start, count in conn.execute(_narrowed(query, ev.case_id, collections, filters, "")):
        if country is not None:
            counts["country"][str(country)] += count
        if province not in ("", None):
            counts["province"][str(province)] += count
        if start is not None:
            counts["year"][str(start)] += count
    return {facet: list(c.items()) for facet, c in counts.items()}


# suggestions ---------------------------------------------------------------------------------------------------


def new_run() -> str:
    """The id of one linkage run whose clusters are brought back."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f") + secrets.token_hex(2)


def person_by_pseudonym(conn: Connection, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(case id, pseudonym) → (person id, collection), for the pairs that name a stored victim."""
    wanted = set(pairs)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    pseudonyms = sorted({p for _, p in wanted})
    for start in range(0, len(pseudonyms), 900):
        query = (select(case_person.c.id, case_person.c.case_id, case_person.c.pseudonym, case_record.c.collection)
                 .join(case_record, case_record.c.id == case_person.c.case_id)
                 .where(case_person.c.pseudonym.in_(pseudonyms[start:start + 900])))
        for r in conn.execute(query):
            if (r.case_id, r.pseudonym) in wanted:
                found[r.case_id, r.pseudonym] = (r.id, r.collection)
    return found


def other_aad(run: str, person_id: str) -> str:
    """What a suggestion's encrypted `other` is bound to (its run and person: no row id exists before insert)."""
    return f"case_suggestion.other:{run}:{person_id}"


def store_suggestions(conn: Connection, ring: Keyring, run: str, by: str, rows: list[dict[str, Any]]) -> int:
    """Store one run's suggestions (dicts with case_id, person_id, cluster, other, other_person_id), `other`
    encrypted (it names an uploaded file and a row of it)."""
    at = dt.datetime.now(dt.UTC)
    if rows:
        conn.execute(case_suggestion.insert(), [
            {"run": run, "at": at, "by": by, **r,
             "other": ring.encrypt(r["other"], other_aad(run, r["person_id"]))} for r in rows])
    return len(rows)


def _other(ring: Keyring, value: str, run: str, person_id: str) -> str:
    # rows stored before suggest_2 hold it in the clear until `keys rotate` encrypts them
    return ring.decrypt(value, other_aad(run, person_id)) if value.startswith(f"{PREFIX}$") else value


def reencrypt_suggestions(conn: Connection, old: Keyring, new: Keyring) -> int:
    """Re-encrypt every suggestion's `other` under `new` (and encrypt those stored in the clear before
    suggest_2); return how many (in the caller's transaction: `keys rotate`)."""
    s = case_suggestion.c
    done = 0
    for seq, run, person_id, value in list(conn.execute(select(s.seq, s.run, s.person_id, s.other))):
        token = new.encrypt(_other(old, value, run, person_id), other_aad(run, person_id))
        conn.execute(case_suggestion.update().where(s.seq == seq).values(other=token))
        done += 1
    return done


def suggestions_for(conn: Connection, ring: Keyring, person_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Each person's suggestions from the latest run that placed them (person id → rows, in `other` order,
    `other` decrypted)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    s = case_suggestion.c
    rows = list(conn.execute(select(s.seq, s.person_id, s.run, s.at, s.by, s.cluster, s.other, s.other_person_id,
                                    case_person.c.case_id.label("other_case"),
                                    case_person.c.pseudonym.label("other_pseudonym"))
                             .outerjoin(case_person, case_person.c.id == s.other_person_id)
                             .where(s.person_id.in_(ids)).order_by(s.person_id, s.seq)).mappings())
    newest: dict[str, tuple[int, str]] = {}  # person → (highest seq, its run): the run stored last
    for r in rows:
        newest[r["person_id"]] = max(newest.get(r["person_id"], (0, "")), (r["seq"], r["run"]))
    latest = {person: run for person, (_, run) in newest.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["run"] == latest[r["person_id"]]:
            out.setdefault(r["person_id"], []).append(dict(r) | {
                "other": _other(ring, r["other"], r["run"], r["person_id"])})
    for found in out.values():
        found.sort(key=lambda r: r["other"])
    return out
