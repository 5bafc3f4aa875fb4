"""The registry of mechanisms and the membership data."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter

import pytest

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.mechanisms.memberships import (
    council_members,
    hrc_groups,
    hrc_members,
    hrc_members_on,
    office_holders,
    ratifications,
)
from rightsdesk.mechanisms.registry import children, mechanism, mechanisms
from rightsdesk.mechanisms.treaty_bodies import TREATY_BODIES
from rightsdesk.model.countries import countries, country
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


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    """The 1st, 18th, 19th and last day of every month from `first` to `last`: every term boundary and more."""
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        end = calendar.monthrange(year, month)[1]
        out += [dt.date(year, month, d) for d in (1, 18, 19, end) if first <= dt.date(year, month, d) <= last]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


VACANCIES = [(dt.date(2018, 6, 20), dt.date(2018, 7, 12), "WEOG"),  # the US left; Iceland elected 13 July
             (dt.date(2022, 4, 8), dt.date(2022, 5, 9), "EEG")]  # Russia left; Czechia elected 10 May


def test_hrc_has_47_members_by_regional_group_on_every_day_2006_to_2026() -> None:
    groups = hrc_groups()
    assert sum(groups.values()) == 47
    for day in _days(dt.date(2006, 6, 19), dt.date(2026, 12, 31)):
        m = hrc_members_on(day)
        vacant = [g for first, last, g in VACANCIES if first <= day <= last]
        assert m.complete and len(m.members) == 47 - len(vacant) == len(m.seats), day
        by_group = Counter(country(c).regional_group for c in m.members)
        expected = dict(groups)
        if vacant:
            expected["WEOG" if vacant[0] == "WEOG" else "Eastern European"] -= 1
        assert by_group == expected, (day, by_group)


def test_hrc_terms_are_three_years_except_the_2006_lot_and_the_2011_extension() -> None:
    for year in range(2006, 2027):
        for s in hrc_members(year).seats:
            assert s.start and s.end and s.start <= s.end and s.citation
            if "drawn by lot" not in s.citation and not s.note:
                assert s.end.year - s.start.year in (3, 2), s  # June-to-June until 2011, calendar years since


def test_hrc_year_before_2013_holds_the_outgoing_and_incoming_thirds() -> None:
    m = hrc_members(2008)
    korea = [s for s in m.seats if s.country == "KOR"]
    assert [(s.start, s.end) for s in korea] == [(dt.date(2006, 6, 19), dt.date(2008, 6, 18)),
                                                  (dt.date(2008, 6, 19), dt.date(2011, 6, 18))]
    assert "LKA" in m.members and "LKA" not in hrc_members_on(dt.date(2008, 6, 19)).members
    assert len(hrc_members_on(dt.date(2008, 6, 18)).members) == 47


def test_hrc_replacements_suspensions_and_extension_are_noted() -> None:
    m2018 = hrc_members(2018)
    assert {"USA", "ISL"} <= set(m2018.members)
    usa = next(s for s in m2018.seats if s.country == "USA")
    assert usa.end == dt.date(2018, 6, 19) and "left" in usa.note
    assert "USA" not in hrc_members(2019).members and "RUS" not in hrc_members(2023).members
    libya = next(s for s in hrc_members(2011).seats if s.country == "LBY")
    assert "suspended 2011-03-01" in libya.note and "restored 2011-11-18" in libya.note
    assert "LBY" in hrc_members_on(dt.date(2011, 6, 1)).members  # suspended rights, still a member
    assert "NOR" in hrc_members_on(dt.date(2012, 12, 31)).members  # term extended by A/RES/65/281
    assert "NOR" not in hrc_members_on(dt.date(2013, 1, 1)).members


def test_korea_on_the_council() -> None:
    years = [y for y in range(2006, 2027) if "KOR" in hrc_members(y).members]
    assert years == [2006, 2007, 2008, 2009, 2010, 2011, 2013, 2014, 2015, 2016, 2017, 2018, 2020, 2021, 2022,
                     2025, 2026]


def test_hrc_years_without_data_are_errors_and_later_years_count_unknown_seats() -> None:
    with pytest.raises(InputError, match="Commission on Human Rights"):
        hrc_members(2005)
    with pytest.raises(InputError, match="first met on 2006-06-19"):
        hrc_members_on(dt.date(2006, 6, 1))
    with pytest.raises(InputError, match="2029"):
        hrc_members(2029)
    assert hrc_members(2026).complete
    assert hrc_members(2027).unknown_seats == 15 and len(hrc_members(2027).members) == 32


def test_special_rapporteurs_on_the_dprk() -> None:
    names = [h.name for h in office_holders("special_rapporteurs_dprk")]
    assert names == ["Vitit Muntarbhorn", "Marzuki Darusman", "Tomás Ojea Quintana", "Elizabeth Salmón"]


def test_ratifications_for_the_six_states() -> None:
    for state in ("PRK", "KOR", "JPN", "CHN", "RUS", "USA"):
        held = ratifications(state)
        assert held and all(r.citation for r in held.values())
    assert ratifications("FRA") is None
