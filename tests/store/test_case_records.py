"""Case records in their tables: identity fields only encrypted, the keyed name index, rotation (both engines)."""

from __future__ import annotations

import io

from sqlalchemy import select

from rightsdesk.cases.crypto import Keyring, new_key, parse_key
from rightsdesk.cases.csv_format import parse_rows
from rightsdesk.store import Store
from rightsdesk.store import case_records as records
from rightsdesk.store.schema_case_records import case_person, case_record

ROW = ("ref,title,victim_name_hangul,victim_name_mr,victim_name_rr,acts,event_start,place_country,place_romanized,"
       "perpetrator,testimony,consent_analysis,consent_date\n"
       "K-1,Disappearance of 김영철,김영철,Kim Yong Chol,Gim Yeong-cheol,enforced-disappearance;arbitrary-detention,"
       "2014-03,PRK,Hoeryong,Ministry of State Security,He was taken at night,yes,2020-01-02\n")


def _ring() -> Keyring:
    return Keyring([parse_key(new_key())])


def _store_one(store: Store, ring: Keyring) -> str:
    parsed = parse_rows(io.StringIO(ROW), path="x.csv", collection="north", recorded_by="doc")
    with store.writing() as conn:
        for p in parsed:
            records.insert_case(conn, ring, p.case, ref=p.ref, actor="doc")
    return parsed[0].case.id


def test_round_trip_and_nothing_in_the_clear(store: Store) -> None:
    ring = _ring()
    cid = _store_one(store, ring)
    with store.writing() as conn:
        stored = records.load_case(conn, ring, cid)
        assert stored is not None and stored.ref == "K-1"
        assert stored.case.title == "Disappearance of 김영철"
        assert [n.text for n in stored.case.victims()[0].names] == ["김영철", "Kim Yong Chol", "Gim Yeong-cheol"]
        assert stored.case.sources[0].content == "He was taken at night"
        raw = " ".join(str(v) for t in (case_record, case_person) for r in conn.execute(select(t)) for v in r)
        # whole phrases: a ciphertext shown as bytes holds a short word such as "Kim" by chance now and then
        for plain in ("김영철", "Kim Yong Chol", "Gim Yeong-cheol", "Ministry of State", "taken at night"):
            assert plain not in raw, plain
        summary = records.case_summaries(conn, ["north"])
        assert summary[0]["acts"] == ["arbitrary-detention", "enforced-disappearance"]
        assert records.case_summaries(conn, ["south"]) == []


def test_name_search_across_scripts_and_after_rotation(store: Store) -> None:
    ring = _ring()
    cid = _store_one(store, ring)
    with store.writing() as conn:
        for query in ("김영철", "Kim Yong-chol", "Gim Yeong-cheol", "KIM YONGCHOL", "Yong Chol Kim"):
            assert records.find_by_name(conn, ring, query, ["north"]) == [cid], query
        assert records.find_by_name(conn, ring, "김영철", ["south"]) == []
        assert records.find_by_name(conn, ring, "김영수", None) == []
        assert records.find_by_name(conn, _ring(), "김영철", None) == []  # another key finds nothing
    new = _ring()
    with store.writing() as conn:
        assert records.reencrypt(conn, ring, new) > 0
    with store.writing() as conn:
        assert records.find_by_name(conn, new, "Kim Yong Chol", None) == [cid]
        stored = records.load_case(conn, new, cid)
        assert stored is not None and stored.case.title == "Disappearance of 김영철"
        assert records.ref_exists(conn, new, "north", "K-1")


def test_a_cases_1_database_gets_the_case_tables(store_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from rightsdesk.store import schema
    from rightsdesk.store.dialects import engine_for
    from rightsdesk.store.migrate import _config, current_revision, head_revision
    from rightsdesk.store.schema_case_records import CASE_RECORD_TABLES

    engine = engine_for(store_url)
    with engine.begin() as conn:
        later = {t.name for t in CASE_RECORD_TABLES} | {"case_suggestion"}  # made by revisions after cases_1
        schema.metadata.create_all(conn, tables=[t for t in schema.metadata.sorted_tables if t.name not in later])
        command.stamp(_config(conn), "cases_1")
    engine.dispose()
    store = Store.open(store_url)
    try:
        assert store.upgrade() == "upgraded"
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert {t.name for t in CASE_RECORD_TABLES} <= set(inspect(conn).get_table_names())
        _store_one(store, _ring())
    finally:
        store.close()


def test_a_case_read_for_a_redacted_view_holds_no_identity(store: Store) -> None:
    import pytest

    from rightsdesk.cases.views import redact, reveal

    ring = _ring()
    cid = _store_one(store, ring)
    with store.writing() as conn:
        (light,) = records.load_cases(conn, ring, [cid], identities=False)
        full = records.load_case(conn, ring, cid)
    assert full is not None and redact(light) == redact(full)
    assert "김영철" not in str(light) and "taken at night" not in str(light)
    institution = next(p for p in light.case.persons if p.kind == "institution")
    assert institution.names[0].text == "Ministry of State Security"  # institutions keep their names
    with pytest.raises(ValueError):
        reveal(light)
