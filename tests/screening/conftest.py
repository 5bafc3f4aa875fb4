"""Fixtures for screening tests: small hand-made designations, and the bundled real lists (marked slow).

The real lists are the UN consolidated list (2026-02-27) and the OFAC SDN list (mid-2021) shipped in
src/rightsdesk/data/ (origin in their SOURCE.md), read with the project's own ingestors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import BirthDate, Designation, DesignationName, IdentityDocument
from rightsdesk.model.vocab import SubjectKind
from rightsdesk.screening import ScreeningIndex

DATA = Path(__file__).resolve().parents[2] / "src" / "rightsdesk" / "data"
UN_XML = DATA / "un-sc-list" / "un_sc_consolidated_list_2026-02-27.xml.gz"
SDN_DIR = DATA / "ofac-sdn"


def person(ref: str, name: str, *aliases: str, dob: str | None = None, passport: str | None = None,
           nationality: str = "PRK", list_name: str = "un", regime: str = "DPRK") -> Designation:
    """A designated individual, built by hand."""
    names = (DesignationName(name, "primary"), *(DesignationName(a, "alias", "Good") for a in aliases))
    dates = (BirthDate("EXACT", PartialDate.parse(dob)),) if dob else ()
    docs = (IdentityDocument("Passport", passport),) if passport else ()
    return Designation(list_name, ref, SubjectKind.INDIVIDUAL, name, (regime,), names, birth_dates=dates,
                       documents=docs, nationalities=(nationality,) if nationality else ())


def thing(ref: str, name: str, kind: SubjectKind, *, imo: str | None = None) -> Designation:
    """A designated entity or vessel, built by hand."""
    docs = (IdentityDocument("Vessel Registration Identification", f"IMO {imo}"),) if imo else ()
    return Designation("ofac-sdn", ref, kind, name, ("DPRK3",), (DesignationName(name, "primary"),),
                       documents=docs)


@pytest.fixture(scope="session")
def small_index() -> ScreeningIndex:
    """A dozen designations with the hard cases of Korean names."""
    return ScreeningIndex.build([
        person("KPi.043", "JO YONG-WON", "Cho Yongwon", dob="1957-10-24", passport="108210124"),
        person("KPi.900", "JO YONG NAM", dob="1960-01-01"),
        person("KPi.042", "CHOE HWI", dob="1954"),
        person("KPi.051", "RI JAE IL", "RI Chae-Il", dob="1934"),
        person("X.1", "KIM JONG IL", dob="1941-02-16"),
        person("X.2", "KIM YONG CHOL", dob="1962-02-18", list_name="ofac-sdn", regime="DPRK2"),
        person("QDi.001", "USAMA BIN LADIN", nationality="SAU", regime="Al-Qaida"),
        thing("9345", "KOREA MINING DEVELOPMENT TRADING CORPORATION", SubjectKind.ENTITY),
        thing("20001", "CHON MA SAN", SubjectKind.VESSEL, imo="8660313"),
    ])


@pytest.fixture(scope="session")
def real_designations() -> list[Designation]:
    """Every designation of both bundled lists (slow: about ten seconds)."""
    un_sc_list = pytest.importorskip("rightsdesk.ingest.un_sc_list")
    ofac_sdn = pytest.importorskip("rightsdesk.ingest.ofac_sdn")
    if not UN_XML.is_file() or not SDN_DIR.is_dir():
        pytest.skip("bundled lists not present")
    return [*un_sc_list.parse(UN_XML), *ofac_sdn.parse(SDN_DIR)]


@pytest.fixture(scope="session")
def real_index(real_designations: list[Designation]) -> ScreeningIndex:
    """The screening index over both bundled lists."""
    return ScreeningIndex.build(real_designations)
