"""Keyset pages, facets, the cases naming a designation and the suggestions store, on SQLite and PostgreSQL,
over fictional cases (`cases.synth`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rightsdesk.access import Principal
from rightsdesk.cases.crypto import keyring_from_env, new_key
from rightsdesk.cases.csv_format import write_rows
from rightsdesk.cases.synth import synth_rows
from rightsdesk.errors import InputError, PermissionDeniedError
from rightsdesk.pipeline.case_suggestions import bring_back, suggestion_rows
from rightsdesk.pipeline.cases import import_csv, rotate_keys
from rightsdesk.store import audit
from rightsdesk.store import case_records as records
from rightsdesk.store.case_browse import CaseFilters, case_facets, case_page, check_cursor, other_aad, suggestions_for
from rightsdesk.store.readers.case_browse import browse_cases, case_suggestions, cases_naming
from rightsdesk.store.readers.cases import guarded
from rightsdesk.store.schema_case_links import case_suggestion
from rightsdesk.store.schema_case_records import case_event, case_record

ADMIN = Principal(user="admin", grants=frozenset({("admin", "*")}))
NORTH_VIEWER = Principal(user="nv", grants=frozenset({("viewer", "north")}))
NORTH_DOC = Principal(user="nd", grants=frozenset({("documenter", "north")}))
NOBODY = Principal(user="nobody")


def fill(store: Any, ring: Any, tmp: Path, collection: str, n: int, seed: int,
         designation: str = "") -> list[dict[str, str]]:
    rows = list(synth_rows(n, seed=seed))
    if designation:
        rows[0] = rows[0] | {"perpetrator_designation": designation, "perpetrator": "Unit 1"}
    path = tmp / f"{collection}.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        write_rows(fp, rows)
    import_csv(store, ring, ADMIN, path, collection)
    return rows


@pytest.fixture
def cases(store: Any, tmp_path: Path) -> tuple[Any, Any]:
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    fill(store, ring, tmp_path, "north", 47, 1, designation="KPe.052")
    fill(store, ring, tmp_path, "south", 23, 2)
    return store, ring


def _walk(conn: Any, collections: list[str] | None, filters: CaseFilters, limit: int) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        page = case_page(conn, collections, filters, after=after, limit=limit)
        seen += [c["id"] for c in page.items]
        if page.after is None:
            return seen
        after = page.after


def test_keyset_pages_cover_every_case_once_in_order_both_ways(cases: tuple[Any, Any]) -> None:
    store, _ = cases
    with store.engine.connect() as conn:
        north = records.case_ids(conn, ["north"])
        forward = _walk(conn, ["north"], CaseFilters(), 10)
        assert forward == north and len(north) == 47
        # backwards from the last page, by `before`, gives the same pages reversed
        last = case_page(conn, ["north"], CaseFilters(), after=north[39], limit=10)
        assert [c["id"] for c in last.items] == north[40:] and last.after is None and last.before == north[40]
        back: list[str] = []
        before: str | None = last.before
        while before is not None:
            page = case_page(conn, ["north"], CaseFilters(), before=before, limit=10)
            back = [c["id"] for c in page.items] + back
            before = page.before
        assert back == north[:40]
        assert _walk(conn, None, CaseFilters(), 25) == records.case_ids(conn)
        assert case_page(conn, [], CaseFilters()).items == []


def test_filters_match_the_plain_columns(cases: tuple[Any, Any]) -> None:
    store, _ = cases
    with store.engine.connect() as conn:
        every = records.case_summaries(conn, None)
        act = Counter(k for c in every for k in c["acts"]).most_common(1)[0][0]
        assert _walk(conn, None, CaseFilters(act=act), 7) == [c["id"] for c in every if act in c["acts"]]
        assert _walk(conn, None, CaseFilters(collection="south"), 7) == records.case_ids(conn, ["south"])
        assert _walk(conn, ["north"], CaseFilters(collection="south"), 7) == []  # a filter never widens
        dated = sorted(int(c["first_date"][:4]) for c in every if c["first_date"])
        low, high = dated[len(dated) // 4], dated[3 * len(dated) // 4]
        got = set(_walk(conn, None, CaseFilters(year_from=low, year_to=high), 9))
        # one event per synthetic case, so its first date is its only start date
        assert got == {c["id"] for c in every if c["first_date"] and low <= int(c["first_date"][:4]) <= high}
        facets = case_facets(conn, None, CaseFilters(collection="north"))
        assert dict(facets["act"])[act] == sum(1 for c in every if act in c["acts"] and c["collection"] == "north")
        assert dict(facets["collection"]) == {"north": 47, "south": 23}  # its own filter is ignored
        assert sum(n for _, n in facets["year"]) == sum(1 for c in every if c["first_date"] and
                                                         c["collection"] == "north")


def test_a_page_key_must_be_a_case_id() -> None:
    assert check_cursor("", "after") is None
    assert check_cursor("0123456789abcdef", "after") == "0123456789abcdef"
    for bad in ("' OR 1=1 --", "0123456789ABCDEF", "abc"):
        with pytest.raises(InputError, match="after"):
            check_cursor(bad, "after")


def test_the_guarded_list_is_audited_and_denied_by_default(cases: tuple[Any, Any]) -> None:
    store, ring = cases
    with guarded(store, ring, NORTH_VIEWER, "test") as session:
        page = browse_cases(session, ring, CaseFilters(), limit=100)
    with store.engine.connect() as conn:
        assert {c["id"] for c in page.items} == set(records.case_ids(conn, ["north"]))
        entry = audit.entries(conn)[-1]
    assert entry["action"] == "list" and entry["actor"] == "nv" and entry["detail"]["cases"] == 47
    with pytest.raises(PermissionDeniedError), guarded(store, ring, NOBODY, "test") as session:
        browse_cases(session, ring, CaseFilters())
    with store.engine.connect() as conn:
        assert audit.entries(conn)[-1]["action"] == "denied"


def test_cases_naming_a_designation_only_to_those_who_may_see_cases(cases: tuple[Any, Any]) -> None:
    store, ring = cases
    with guarded(store, ring, NOBODY, "test") as session:
        assert cases_naming(session, ring, "KPe.052") is None
    with guarded(store, ring, Principal(user="sv", grants=frozenset({("viewer", "south")})), "t") as session:
        assert cases_naming(session, ring, "KPe.052") == []
    with guarded(store, ring, NORTH_VIEWER, "test") as session:
        found = cases_naming(session, ring, "KPe.052")
    assert found is not None and len(found) == 1 and found[0]["collection"] == "north"


def _victim(conn: Any, ring: Any, collection: str, k: int = 0) -> tuple[str, str, str]:
    case_id = records.case_ids(conn, [collection])[k]
    stored = records.load_case(conn, ring, case_id)
    assert stored is not None
    victim = stored.case.victims()[0]
    return case_id, victim.id, stored.pseudonyms[victim.id]


def test_linked_clusters_come_back_as_suggestions_to_those_allowed(cases: tuple[Any, Any]) -> None:
    store, ring = cases
    with store.engine.connect() as conn:
        n_case, n_person, n_pseudo = _victim(conn, ring, "north")
        n2_case, _, n2_pseudo = _victim(conn, ring, "north", 1)
        s_case, _, s_pseudo = _victim(conn, ring, "south")
    clusters = {f"desk:{n_case}/{n_pseudo}": "c1", "families:17": "c1", f"other:{s_case}/{s_pseudo}": "c1",
                f"desk:{n2_case}/{n2_pseudo}": "c2", "families:18": "c3", "desk:0123456789abcdef/P-000000000000": "c3"}
    done = bring_back(store, ring, NORTH_DOC, clusters)
    assert done.persons == 1 and done.suggestions == 2  # north's documenter touches north's victim only
    with guarded(store, ring, NORTH_DOC, "t") as session:
        mine = case_suggestions(session, ring, n_case)
    assert mine is not None and [r["other"] for r in mine[n_pseudo]] == ["families:17"]  # south: not visible
    with guarded(store, ring, ADMIN, "t") as session:
        everything = case_suggestions(session, ring, n_case)
    assert everything is not None and {r["other_pseudonym"] for r in everything[n_pseudo]} == {None, s_pseudo}
    with guarded(store, ring, NORTH_VIEWER, "t") as session:
        assert case_suggestions(session, ring, n_case) is None  # no view-identity: nothing
    with store.engine.connect() as conn:
        entry = next(e for e in reversed(audit.entries(conn)) if e["action"] == "link-suggestions")
    assert entry["detail"]["suggestions"] == 2 and n_pseudo not in str(entry)
    # a later run replaces the earlier one on the page
    bring_back(store, ring, ADMIN, {f"desk:{n_case}/{n_pseudo}": "x", "families:99": "x"})
    with guarded(store, ring, ADMIN, "t") as session:
        later = case_suggestions(session, ring, n_case)
    assert later is not None and [r["other"] for r in later[n_pseudo]] == ["families:99"]


def test_a_cluster_too_large_is_no_suggestion() -> None:
    persons = {("0" * 16, "P-AAAAAAAAAAAA"): ("p1", "north")}
    big = {f"l:{i}": "c" for i in range(30)} | {f"desk:{'0' * 16}/P-AAAAAAAAAAAA": "c"}
    assert suggestion_rows(big, persons, {"north"}) == []
    small = {"l:1": "c", f"desk:{'0' * 16}/P-AAAAAAAAAAAA": "c"}
    assert [r["other"] for r in suggestion_rows(small, persons, {"north"})] == ["l:1"]
    assert suggestion_rows(small, persons, {"south"}) == []


def test_event_facets_count_what_the_events_hold(cases: tuple[Any, Any]) -> None:
    """The country, province and year facets (one grouped pass without an event filter, a query each with one)
    count the events of the cases the other filters keep."""
    store, _ = cases
    with store.engine.connect() as conn:
        events = conn.execute(select(case_record.c.collection, case_event.c.place_country,
                                     case_event.c.place_province, case_event.c.start_date)
                              .join(case_record, case_record.c.id == case_event.c.case_id)).all()
        country = Counter(e.place_country for e in events if e.place_country).most_common(1)[0][0]
        for collections, filters in ((None, CaseFilters()), (["north"], CaseFilters()),
                                     (None, CaseFilters(collection="south")), (None, CaseFilters(country=country))):
            facets = case_facets(conn, collections, filters)
            kept = [e for e in events if (collections is None or e.collection in collections)
                    and filters.collection in (None, e.collection)]
            assert dict(facets["country"]) == Counter(e.place_country for e in kept if e.place_country)
            here = [e for e in kept if filters.country in (None, e.place_country)]
            assert dict(facets["province"]) == Counter(e.place_province for e in here if e.place_province)
            assert facets["year"] == sorted(Counter(e.start_date[:4] for e in here if e.start_date).items())
            assert facets["year"] and facets["province"]


def test_a_suggestions_other_record_is_encrypted_at_rest_and_through_a_rotation(cases: tuple[Any, Any]) -> None:
    store, ring = cases
    with store.engine.connect() as conn:
        n_case, n_person, n_pseudo = _victim(conn, ring, "north")
    with store.writing() as conn:  # a row as stored before suggest_2: in the clear
        conn.execute(case_suggestion.insert().values(run="0legacy", at=dt.datetime.now(dt.UTC), by="admin",
                                                     case_id=n_case, person_id=n_person, cluster="c0",
                                                     other="old-list:3", other_person_id=None))
    bring_back(store, ring, ADMIN, {f"desk:{n_case}/{n_pseudo}": "c1", "families-2024:17": "c1"})
    with store.engine.connect() as conn:
        stored = list(conn.scalars(select(case_suggestion.c.other)))
    assert "families-2024" not in str(stored) and "old-list:3" in stored
    with guarded(store, ring, ADMIN, "t") as session:
        assert [r["other"] for r in case_suggestions(session, ring, n_case)[n_pseudo]] == ["families-2024:17"]
    new = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    rotate_keys(store, ring, new, ADMIN)
    with store.engine.connect() as conn:
        stored = list(conn.scalars(select(case_suggestion.c.other)))
        found = suggestions_for(conn, new, [n_person])[n_person]
    assert not any("families-2024" in s or "old-list" in s for s in stored) and len(stored) == 2
    assert [r["other"] for r in found] == ["families-2024:17"]
    with store.engine.connect() as conn:
        legacy = conn.execute(select(case_suggestion.c.run, case_suggestion.c.other)
                              .where(case_suggestion.c.run == "0legacy")).one()
    assert new.decrypt(legacy.other, other_aad("0legacy", n_person)) == "old-list:3"
