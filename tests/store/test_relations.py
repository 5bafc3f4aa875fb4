"""The SDN list's "Linked To" ties: resolved to the entry named on loading, stored, and read both ways."""

from __future__ import annotations

from pathlib import Path

from rightsdesk.access import ANONYMOUS
from rightsdesk.ingest.ofac_sdn import parse, resolve_relations
from rightsdesk.model.records import Designation, DesignationName, Relation
from rightsdesk.model.vocab import SubjectKind
from rightsdesk.pipeline import load_path as load
from rightsdesk.situation.profiles import profile
from rightsdesk.store import Store
from rightsdesk.store.readers.designations import designation, related

LINKED = Path(__file__).parent.parent / "fixtures" / "ofac-sdn-linked"


def entity(ref: str, name: str, regimes: tuple[str, ...], *aliases: str, linked: tuple[str, ...] = ()) -> Designation:
    names = (DesignationName(name, "primary"), *(DesignationName(a, "alias") for a in aliases))
    return Designation("ofac-sdn", ref, SubjectKind.ENTITY, name, regimes, names,
                       relations=tuple(Relation("linked_to", n) for n in linked))


def test_a_shared_name_resolves_to_the_entry_of_the_same_program() -> None:
    by_ref = {d.reference_number: d for d in parse(LINKED)}
    assert [r.reference_number for r in by_ref["20130"].relations] == ["20129"]  # the DPRK's MSS (DPRK3)
    assert [r.reference_number for r in by_ref["25436"].relations] == ["25437"]  # Russia's MSS (CAATSA - RUSSIA)
    assert [r.reference_number for r in by_ref["18552"].relations] == ["9345"]  # KOMID, name ends with a full stop


def test_aliases_resolve_and_unresolved_names_are_kept_with_a_note() -> None:
    out = {d.reference_number: d for d in resolve_relations([
        entity("1", "KOREA MINING DEVELOPMENT TRADING CORPORATION", ("DPRK2",), "KOMID"),
        entity("2", "A", ("X",), linked=("KOMID", "NOBODY LTD.", "TWIN CO")),
        entity("3", "TWIN CO", ("Y",)), entity("4", "TWIN CO.", ("Z",))])}
    komid, nobody, twin = out["2"].relations
    assert komid.reference_number == "1" and not komid.note
    assert nobody.reference_number is None and nobody.note == "no entry of that name on the list"
    assert twin.reference_number is None and twin.note == "several entries of that name: 3, 4"


def test_relations_are_stored_and_read_both_ways(store: Store) -> None:
    load(store, "ofac-sdn", LINKED)
    with store.reading(ANONYMOUS) as session:
        mss = related(session, "ofac-sdn", "20129").to_dict()
        assert [(r["reference_number"], r["name"]) for r in mss["linked_from"]] == [("20130", "KANG, Song Nam")]
        assert mss["linked_to"] == []
        kang = related(session, "ofac-sdn", "20130").linked_to
        assert kang[0].reference_number == "20129" and kang[0].regimes == ("DPRK3",)
        assert designation(session, "25436", "ofac-sdn").relations[0]["target_ref"] == "25437"
        assert profile(session, "9345", "ofac-sdn").network.linked_from[0].reference_number == "18552"
