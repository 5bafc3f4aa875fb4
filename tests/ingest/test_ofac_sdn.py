"""Facts read from SDN remarks: identifiers of every kind the list uses, places of birth, relations."""

from __future__ import annotations

from rightsdesk.ingest.ofac_sdn import _birthplace, _dob, _facts


def test_identifiers_of_every_kind_are_read() -> None:
    facts = _facts("SWIFT/BIC KDBKKPPY; Company Number 01074897 (United Kingdom); Vessel Registration "
                   "Identification IMO 9187655; MMSI 256842000; Email Address info@example.kp; Passport 108210124 "
                   "(Korea, North) expires 04 Jun 2023; Linked To: KOREA MINING DEVELOPMENT TRADING CORPORATION.")
    docs = {(d.kind, d.number, d.country) for d in facts["documents"]}
    assert ("SWIFT/BIC", "KDBKKPPY", None) in docs
    assert ("Company Number", "01074897", "GBR") in docs
    assert ("Vessel Registration Identification", "IMO 9187655", None) in docs
    assert ("Email Address", "info@example.kp", None) in docs
    assert ("Passport", "108210124", "PRK") in docs
    assert facts["linked_to"] == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]


def test_nationality_of_registration_and_birthplace_countries() -> None:
    facts = _facts("Nationality of Registration Korea, North; POB Irkutsk, Russia")
    assert facts["nationality"] == ["Korea, North"]
    place = _birthplace(facts["pob"][0])
    assert (place.city, place.country) == ("Irkutsk", "RUS")
    assert _birthplace("Pyongyang").city == "Pyongyang" and _birthplace("Pyongyang").country is None


def test_birth_date_forms() -> None:
    assert _dob("01 Jan 1961 to 31 Dec 1962").kind == "BETWEEN"
    assert str(_dob("01 Jan 1973 to 31 Dec 1973").date) == "1973"
    assert _dob("circa 1960").kind == "APPROXIMATELY"
    assert str(_dob("Jan 1984").date) == "1984-01"
