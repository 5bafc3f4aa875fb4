"""Tests for linking UN 1718 records to SDN entries of the DPRK programs."""

from __future__ import annotations

import pytest

from rightsdesk.linkage.crosslist import propose_links
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import BirthDate, Designation, DesignationName, IdentityDocument
from rightsdesk.model.vocab import SubjectKind
from rightsdesk.situation.records import sanctions_ties


def person(list_name: str, ref: str, regime: str, *names: str, dob: str = "", passport: str = "") -> Designation:
    return Designation(list_name, ref, SubjectKind.INDIVIDUAL, names[0], (regime,),
                       tuple(DesignationName(n, "primary" if i == 0 else "alias") for i, n in enumerate(names)),
                       birth_dates=(BirthDate("EXACT", PartialDate.parse(dob)),) if dob else (),
                       documents=(IdentityDocument("Passport", passport),) if passport else ())


TIES = sanctions_ties()  # the bundled pack's: the 1718 regime and the DPRK programs
assert TIES.un_regime is not None
UN = [person("un", "KPi.024", "DPRK", "KIM YONG CHOL", "Kim Young-Cheol", dob="1962-02-18"),
      person("un", "KPi.043", "DPRK", "JO YONG-WON", dob="1957-10-24", passport="108210124"),
      person("un", "QDi.001", "Al-Qaida", "KIM YONG CHOL", dob="1962-02-18")]
SDN = [person("ofac-sdn", "17614", "DPRK2", "KIM, Yong Chol", dob="1962-02-18"),
       person("ofac-sdn", "12211", "DPRK", "KIM, Yong Chol", dob="1947"),
       person("ofac-sdn", "21303", "DPRK3", "JO, Yong-Won", passport="108210124"),
       person("ofac-sdn", "5", "SDGT", "KIM, Yong Chol", dob="1962-02-18")]


def test_links_with_evidence() -> None:
    links = {(x.left_ref, x.right_ref): x for x in propose_links(UN, SDN, regime=TIES.un_regime, programs=TIES.sdn_programs)}
    assert set(links) == {("KPi.024", "17614"), ("KPi.043", "21303")}
    kim = links[("KPi.024", "17614")].evidence
    assert kim["birth_dates"] == ["1962-02-18"] and kim["names"]
    assert links[("KPi.043", "21303")].evidence["identifiers"] == ["108210124"]


@pytest.mark.slow
def test_real_lists_link_jo_yong_won(real_designations: list[Designation]) -> None:
    links = propose_links([d for d in real_designations if d.list_name == "un"],
                          [d for d in real_designations if d.list_name == "ofac-sdn"], regime=TIES.un_regime,
                          programs=TIES.sdn_programs)
    assert ("KPi.043", "21303") in {(x.left_ref, x.right_ref) for x in links}


def test_crossed_proposals_are_dropped_when_both_sides_have_a_clearly_better_partner() -> None:
    from rightsdesk.linkage.crosslist import ProposedLink, drop_crossed

    def link(left: str, right: str, score: float) -> ProposedLink:
        return ProposedLink("un", left, "ofac-sdn", right, score, {})

    kept = drop_crossed([link("KPe.041", "12219", 1.0), link("KPe.041", "12313", 0.867),
                         link("KPe.042", "12313", 1.0), link("KPe.042", "12219", 0.867),
                         link("KPi.001", "1", 0.95), link("KPi.001", "2", 0.9),  # close: both stay
                         link("KPi.002", "3", 1.0), link("KPi.002", "4", 0.82)])  # 4 has no better partner: stays
    assert {(x.left_ref, x.right_ref) for x in kept} == {("KPe.041", "12219"), ("KPe.042", "12313"), ("KPi.001", "1"),
                                                         ("KPi.001", "2"), ("KPi.002", "3"), ("KPi.002", "4")}
