"""Tests for linking UN 1718 records to SDN entries of the DPRK programs."""

from __future__ import annotations

import pytest

from rightsdesk.linkage.crosslist import propose_links
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import BirthDate, Designation, DesignationName, IdentityDocument
from rightsdesk.model.vocab import SubjectKind


def person(list_name: str, ref: str, regime: str, *names: str, dob: str = "", passport: str = "") -> Designation:
    return Designation(list_name, ref, SubjectKind.INDIVIDUAL, names[0], (regime,),
                       tuple(DesignationName(n, "primary" if i == 0 else "alias") for i, n in enumerate(names)),
                       birth_dates=(BirthDate("EXACT", PartialDate.parse(dob)),) if dob else (),
                       documents=(IdentityDocument("Passport", passport),) if passport else ())


UN = [person("un", "KPi.024", "DPRK", "KIM YONG CHOL", "Kim Young-Cheol", dob="1962-02-18"),
      person("un", "KPi.043", "DPRK", "JO YONG-WON", dob="1957-10-24", passport="108210124"),
      person("un", "QDi.001", "Al-Qaida", "KIM YONG CHOL", dob="1962-02-18")]
SDN = [person("ofac-sdn", "17614", "DPRK2", "KIM, Yong Chol", dob="1962-02-18"),
       person("ofac-sdn", "12211", "DPRK", "KIM, Yong Chol", dob="1947"),
       person("ofac-sdn", "21303", "DPRK3", "JO, Yong-Won", passport="108210124"),
       person("ofac-sdn", "5", "SDGT", "KIM, Yong Chol", dob="1962-02-18")]


def test_links_with_evidence() -> None:
    links = {(x.left_ref, x.right_ref): x for x in propose_links(UN, SDN)}
    assert set(links) == {("KPi.024", "17614"), ("KPi.043", "21303")}
    kim = links[("KPi.024", "17614")].evidence
    assert kim["birth_dates"] == ["1962-02-18"] and kim["names"]
    assert links[("KPi.043", "21303")].evidence["identifiers"] == ["108210124"]


@pytest.mark.slow
def test_real_lists_link_jo_yong_won(real_designations: list[Designation]) -> None:
    links = propose_links([d for d in real_designations if d.list_name == "un"],
                          [d for d in real_designations if d.list_name == "ofac-sdn"])
    assert ("KPi.043", "21303") in {(x.left_ref, x.right_ref) for x in links}
