"""The registry of mechanisms and the membership data."""

from __future__ import annotations

import re

import pytest

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.mechanisms.memberships import council_members, hrc_members, office_holders, ratifications
from rightsdesk.mechanisms.registry import children, mechanism, mechanisms
from rightsdesk.mechanisms.treaty_bodies import TREATY_BODIES
from rightsdesk.model.countries import countries
from rightsdesk.model.symbols import DocumentSymbol


def test_every_parent_is_a_registered_mechanism_or_ecosoc() -> None:
    codes = set(mechanisms()) | {"ECOSOC"}
    assert all(m.parent is None or m.parent in codes for m in mechanisms().values())


def test_ten_treaty_bodies() -> None:
    assert len(TREATY_BODIES) == 10
    assert {b.code for b in TREATY_BODIES} == {"CCPR", "CESCR", "CERD", "CEDAW", "CAT", "SPT", "CRC", "CMW",
                                               "CRPD", "CED"}


def test_symbol_patterns_compile_and_founding_symbols_parse() -> None:
    for m in mechanisms().values():
        for p in m.symbol_patterns:
            re.compile(p)
    for code in ("SC-1718", "COI-DPRK", "SR-DPRK", "OHCHR-SEOUL", "HRC"):
        DocumentSymbol.parse(mechanism(code).founding_instrument or "")


def test_panel_of_experts_has_ended() -> None:
    assert not mechanism("SC-1718-POE").active and mechanism("SC-1718").active
    assert [m.code for m in children("SC-1718")] == ["SC-1718-POE"]
    with pytest.raises(NotFoundError):
        mechanism("nope")


@pytest.mark.parametrize("year", range(2006, 2027))
def test_council_has_fifteen_known_members_every_year(year: int) -> None:
    m = council_members(year)
    assert len(set(m.members)) == 15 and sum(s.permanent for s in m.seats) == 5
    assert set(m.members) <= set(countries()) and all(s.citation for s in m.seats)


def test_council_2024_has_korea_and_japan() -> None:
    assert {"KOR", "JPN"} <= set(council_members(2024).members)


def test_council_year_without_data() -> None:
    with pytest.raises(InputError, match="no Security Council membership data for 2030"):
        council_members(2030)


@pytest.mark.parametrize("year", [2015, 2016, 2017, 2019, 2020, 2021, 2023, 2024])
def test_hrc_has_47_members_in_complete_years(year: int) -> None:
    m = hrc_members(year)
    assert m.complete and len(set(m.members)) == 47


def test_hrc_replacements_are_noted() -> None:
    m2018 = hrc_members(2018)
    assert {"USA", "ISL"} <= set(m2018.members)
    assert "USA" not in hrc_members(2019).members and "RUS" not in hrc_members(2023).members


def test_hrc_unknown_years_are_errors_and_partial_years_count_unknown_seats() -> None:
    with pytest.raises(InputError, match="2008"):
        hrc_members(2008)
    assert hrc_members(2026).unknown_seats == 15


def test_special_rapporteurs_on_the_dprk() -> None:
    names = [h.name for h in office_holders("special_rapporteurs_dprk")]
    assert names == ["Vitit Muntarbhorn", "Marzuki Darusman", "Tomás Ojea Quintana", "Elizabeth Salmón"]


def test_ratifications_for_the_six_states() -> None:
    for state in ("PRK", "KOR", "JPN", "CHN", "RUS", "USA"):
        held = ratifications(state)
        assert held and all(r.citation for r in held.values())
    assert ratifications("FRA") is None
