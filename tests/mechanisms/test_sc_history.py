"""Security Council membership 1946-2027 from the bundled UN DPPA data, and the checked marks of the record."""

from __future__ import annotations

import pytest

from rightsdesk.errors import InputError
from rightsdesk.mechanisms import memberships
from rightsdesk.mechanisms.memberships import (
    _load,
    council_members,
    council_years,
    entered_council_years,
    hrc_members,
    require_source,
)
from rightsdesk.mechanisms.sc_history import NAMES, history, member_code


def test_every_year_from_1946_to_2027_answers() -> None:
    assert council_years() == range(1946, 2028)
    for year in council_years():
        m = council_members(year)
        assert len(m.members) == (11 if year < 1966 else 15), year
        assert sum(s.permanent for s in m.seats) == 5 and all(s.citation for s in m.seats)
    assert set(council_members(1950).members) >= {"SUN", "CHN", "FRA", "GBR", "USA", "YUG", "IND"}
    assert "RUS" in council_members(1992).members and "SUN" in council_members(1991).members
    assert {"DEU", "DDR"} <= set(council_members(1978).members) | set(council_members(1980).members)
    assert "EGY" in council_members(1961).members  # the United Arab Republic's seat
    assert "UKR" in council_members(1948).members  # the Ukrainian SSR
    terms = {s.country: (s.start, s.end) for s in council_members(1946).seats if not s.permanent}
    assert (terms["EGY"][1].year, terms["AUS"][0].year, terms["AUS"][1].year) == (1946, 1946, 1947)
    with pytest.raises(InputError):
        council_members(1945)
    with pytest.raises(InputError):
        council_members(2028)


def test_the_dppa_data_and_the_hand_entered_terms_agree_seat_for_seat() -> None:
    assert entered_council_years() == range(2006, 2028)
    for year in entered_council_years():
        entered = {(s.country, s.permanent) for s in council_members(year).seats}
        dppa = {(code, permanent) for code, permanent, _ in history()[year]}
        assert entered == dppa, year


def test_2027_has_the_members_elected_in_june_2026() -> None:
    m = council_members(2027)
    assert {"AUT", "KGZ", "PRT", "TTO", "ZWE"} <= set(m.members)
    new = [s for s in m.seats if s.country in {"AUT", "KGZ", "PRT", "TTO", "ZWE"}]
    assert all(s.end is not None and s.end.year == 2028 and not s.checked for s in new)


def test_historical_names_map_and_an_unknown_name_is_an_error() -> None:
    assert member_code("USSR (Union of Soviet Socialist Republics)")[0] == "SUN"
    assert member_code("German FR (German Federal Republic)")[0] == "DEU"
    assert {code for code, _ in NAMES.values()} <= {"SUN", "DEU", "DDR", "UKR", "EGY"}
    assert member_code("Czechoslovakia")[0] == "CSK" and member_code("Yugoslavia")[0] == "YUG"
    with pytest.raises(InputError, match="maps to no country code"):
        member_code("Federation of Nowhere")
    assert sum(len(v) for v in history().values()) == 1150  # no row dropped


def test_checked_entries_name_their_source() -> None:
    sc = _load("security_council.yaml")
    assert all(t["checked"] and t["source"] for t in sc["terms"] if max(t["years"]) <= 2027)
    assert sc["permanent_checked"] and sc["permanent_source"]
    hrc = _load("human_rights_council.yaml")
    assert len(hrc["cohorts"]) == 22 and all(c["checked"] and c["source"] for c in hrc["cohorts"])
    assert "GA/10459" in hrc["cohorts"][0]["source"] and "GA/12457" in hrc["cohorts"][18]["source"]
    unchecked = [c for c in hrc["changes"] if not c.get("checked")]
    assert [(c["state"], c["event"]) for c in unchecked] == [("LBY", "restored")]  # reviewer knowledge only
    assert all(s.checked and s.source for s in hrc_members(2024).seats)


def test_a_checked_entry_without_a_source_is_an_error() -> None:
    with pytest.raises(InputError, match="names no source"):
        require_source({"checked": True, "citation": "GA election"}, "test.yaml")
    with pytest.raises(InputError, match="names no source"):
        require_source({"checked": True, "source": " "}, "test.yaml")
    require_source({"checked": False}, "test.yaml")
    require_source({"checked": True, "source": "UN press release GA/10459"}, "test.yaml")


def test_a_loaded_checked_term_without_source_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _load("security_council.yaml")
    broken = {**data, "terms": [{**data["terms"][0], "source": None}, *data["terms"][1:]]}
    monkeypatch.setattr(memberships, "_load", lambda name: broken if name == "security_council.yaml" else _load(name))
    with pytest.raises(InputError, match="names no source"):
        council_members(2006)
