"""Loading the trimmed real files on both engines: provenance, idempotence, snapshots of lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from rightsdesk.access import ANONYMOUS
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import ReadSession, schema
from rightsdesk.store.readers.designations import designation
from rightsdesk.store.readers.recommendations import recommendations
from rightsdesk.store.readers.sources import stats
from rightsdesk.store.readers.votes import roll_call

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = [("upr-info", FIXTURES / "upr_sample.csv"), ("unvotes", FIXTURES / "unvotes"),
           ("un-sc-list", FIXTURES / "un_list_sample.xml"), ("ofac-sdn", FIXTURES / "ofac-sdn")]


def _s(conn: Any) -> ReadSession:
    """A read of public data on `conn`, as anyone may."""
    return ReadSession(conn=conn, principal=ANONYMOUS)


def snapshot(store: Any) -> dict[str, Any]:
    """Every table's row count and a checksum-like sum of its rows' text, to compare before and after."""
    out = {}
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            out[table.name] = conn.scalar(select(func.count()).select_from(table))
        out["vote_sum"] = conn.scalar(select(func.sum(func.length(schema.country_vote.c.vote))))
    return out


def load_samples(store: Any) -> None:
    for kind, path in SAMPLES:
        load(store, kind, path)


def test_samples_load_with_provenance(store: Any) -> None:
    load_samples(store)
    with store.engine.connect() as conn:
        s = stats(_s(conn)).to_dict()
        assert s["upr_recommendations"] == 30
        assert s["roll_calls"] == 5
        assert s["designations"] == {"ofac-sdn": 5, "un": 7}
        assert s["sources"] == 8  # one per file read
        sources = conn.execute(select(schema.source)).mappings().all()
        assert all(len(r["sha256"]) == 64 and r["ingestor_version"] for r in sources)
        orphans = conn.scalar(select(func.count()).select_from(schema.country_vote)
                              .where(schema.country_vote.c.source_id.notin_(select(schema.source.c.id))))
        assert orphans == 0
        without_call = conn.scalar(select(func.count()).select_from(schema.country_vote)
                                   .where(schema.country_vote.c.rcid.notin_(select(schema.roll_call.c.rcid))))
        assert without_call == 0
        call = roll_call(_s(conn), "A/RES/69/188").to_dict()
        assert (call["yes"], call["no"], call["abstain"]) == (116, 20, 53)
        assert {"country": "PRK", "vote": "no"} in [{k: v[k] for k in ("country", "vote")} for v in call["votes"]]


def test_loading_twice_changes_nothing(store: Any) -> None:
    load_samples(store)
    before = snapshot(store)
    reports = [load(store, kind, path) for kind, path in SAMPLES]
    assert not any(r.changed for r in reports)
    assert snapshot(store) == before


def test_designation_detail_keeps_everything(store: Any) -> None:
    load_samples(store)
    with store.engine.connect() as conn:
        d = designation(_s(conn), "KPi.043").to_dict()
    assert d["name"] == "JO YONG-WON" and d["regimes"] == ["DPRK"] and d["listed_on"] == "2017-06-02"
    assert [n["name"] for n in d["names"]] == ["JO YONG-WON", "Cho Yongwon"]
    assert d["birth_dates"][0]["date"] == "1957-10-24"
    assert d["documents"][0]["number"] == "108210124"
    assert d["extra"]["xml"]["DATAID"] == "6908583"
    assert d["source"]["ingestor"] == "un-sc-list"


def test_sdn_remarks_become_facts(store: Any) -> None:
    load(store, "ofac-sdn", FIXTURES / "ofac-sdn")
    with store.engine.connect() as conn:
        d = designation(_s(conn), "21303", "ofac-sdn").to_dict()
    assert d["kind"] == "individual" and d["regimes"] == ["DPRK2"]
    assert d["birth_dates"][0]["date"] == "1957-10-24"
    assert "CHO, Yongwon" in [n["name"] for n in d["names"]]


def test_a_new_list_snapshot_drops_delisted_entries(store: Any, tmp_path: Path) -> None:
    load(store, "un-sc-list", FIXTURES / "un_list_sample.xml")
    text = (FIXTURES / "un_list_sample.xml").read_text(encoding="utf-8")
    start = text.index("<INDIVIDUAL>")
    end = text.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    newer = tmp_path / "newer.xml"
    newer.write_text(text[:start] + text[end:], encoding="utf-8")
    load(store, "un-sc-list", newer)
    with store.engine.connect() as conn:
        assert stats(_s(conn)).to_dict()["designations"]["un"] == 6
        assert conn.scalar(select(func.count()).select_from(schema.designation_name)
                           .where(schema.designation_name.c.designation_id.notin_(select(schema.designation.c.id)))) == 0


@pytest.mark.parametrize("issue", ["Women's rights"])
def test_recommendation_filters(store: Any, issue: str) -> None:
    load(store, "upr-info", FIXTURES / "upr_sample.csv")
    with store.engine.connect() as conn:
        prk = [r.to_dict() for r in recommendations(_s(conn), to="PRK")]
        assert len(prk) == 10 and all(r["cycle"] == 1 and r["response"] == "noted" for r in prk)
        labelled = [r.to_dict() for r in recommendations(_s(conn), issue=issue.upper())]
        assert labelled and all(issue in r["issues"] for r in labelled)


def test_a_corrected_file_replaces_what_its_earlier_version_held(store: Any, tmp_path: Path) -> None:
    first = tmp_path / "v1" / "upr.csv"
    second = tmp_path / "v2" / "upr.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    lines = (FIXTURES / "upr_sample.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(lines), encoding="utf-8")
    corrected = lines[:]
    corrected[1] = corrected[1].replace("Enact legislation", "Adopt legislation", 1)
    second.write_text("".join(corrected), encoding="utf-8")
    load(store, "upr-info", first)
    load(store, "upr-info", second)
    with store.engine.connect() as conn:
        texts = [r.text for r in recommendations(_s(conn))]
    assert len(texts) == 30 and not any(t.startswith("Enact legislation") for t in texts)
    assert load(store, "upr-info", first).changed  # going back to the first version loads it again
    with store.engine.connect() as conn:
        assert any(r.text.startswith("Enact legislation") for r in recommendations(_s(conn)))
        assert stats(_s(conn)).to_dict()["upr_recommendations"] == 30


def test_going_back_to_an_earlier_list_loads_it_again(store: Any, tmp_path: Path) -> None:
    text = (FIXTURES / "un_list_sample.xml").read_text(encoding="utf-8")
    start = text.index("<INDIVIDUAL>")
    end = text.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    shorter = tmp_path / "shorter.xml"
    shorter.write_text(text[:start] + text[end:], encoding="utf-8")
    load(store, "un-sc-list", FIXTURES / "un_list_sample.xml")
    load(store, "un-sc-list", shorter)
    assert load(store, "un-sc-list", FIXTURES / "un_list_sample.xml").changed
    with store.engine.connect() as conn:
        assert stats(_s(conn)).to_dict()["designations"]["un"] == 7


def test_a_byte_order_mark_is_no_error(store: Any, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "upr_sample.csv").read_bytes())
    load(store, "upr-info", path)
    with store.engine.connect() as conn:
        assert stats(_s(conn)).to_dict()["upr_recommendations"] == 30
