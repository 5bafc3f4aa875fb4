"""Fixtures for linkage tests: the bundled real lists (UN consolidated list 2026-02-27, OFAC SDN mid-2021)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsdesk.model.records import Designation

DATA = Path(__file__).resolve().parents[2] / "src" / "rightsdesk" / "data"


@pytest.fixture(scope="session")
def real_designations() -> list[Designation]:
    """Every designation of both bundled lists (slow: about ten seconds)."""
    un_sc_list = pytest.importorskip("rightsdesk.ingest.un_sc_list")
    ofac_sdn = pytest.importorskip("rightsdesk.ingest.ofac_sdn")
    un_xml = DATA / "un-sc-list" / "un_sc_consolidated_list_2026-02-27.xml.gz"
    if not un_xml.is_file() or not (DATA / "ofac-sdn").is_dir():
        pytest.skip("bundled lists not present")
    return [*un_sc_list.parse(un_xml), *ofac_sdn.parse(DATA / "ofac-sdn")]
