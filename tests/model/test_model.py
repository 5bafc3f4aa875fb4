"""Value types: countries, dates at their precision, document symbols."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.errors import InputError, UnknownCountryError
from rightsdesk.model import DocumentSymbol, PartialDate, country, resolve_country
from rightsdesk.model.countries import names_state


@pytest.mark.parametrize(("spelling", "iso3"), [
    ("DPR Korea", "PRK"), ("North Korea", "PRK"), ("Korea, North", "PRK"), ("Democratic People's Republic of Korea", "PRK"),
    ("KP", "PRK"), ("Republic of Korea", "KOR"), ("Korea, South", "KOR"), ("St Kitts & Nevis", "KNA"),
    ("Saint Kitts and Nevis", "KNA"), ("Côte d’Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Türkiye", "TUR"),
    ("Congo - Kinshasa", "COD"), ("Congo, Republic of the", "COG"), ("NA", "NAM"), ("former Soviet Union", "SUN"),
    ("Zanzibar", "XZN"), ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
])
def test_source_spellings_map_to_alpha3(spelling: str, iso3: str) -> None:
    assert resolve_country(spelling) == iso3


@pytest.mark.parametrize("spelling", ["-0-", "na", "undetermined", "&#40;Unknown&#41;"])
def test_spellings_that_name_no_country_give_none(spelling: str) -> None:
    assert resolve_country(spelling) is None


def test_unknown_spelling_is_an_error_not_a_drop() -> None:
    with pytest.raises(UnknownCountryError, match="Atlantis"):
        resolve_country("Atlantis")


def test_country_has_m49_and_regional_group() -> None:
    prk = country("PRK")
    assert (prk.m49, prk.regional_group, prk.un_status) == ("408", "Asia-Pacific", "member")
    assert country("DEU").regional_group == "WEOG"


def test_partial_dates_keep_their_precision() -> None:
    assert PartialDate.parse("2014-02").precision == "month"
    assert str(PartialDate.parse("2014")) == "2014"
    assert PartialDate.parse("2014-02").latest.day == 28
    with pytest.raises(InputError):
        PartialDate.parse("2014-13")
    with pytest.raises(InputError):
        PartialDate.parse("14 Feb 2014")


@given(st.dates(), st.sampled_from(["year", "month", "day"]))
def test_partial_date_round_trips(day: object, precision: str) -> None:
    text = day.isoformat()[: {"year": 4, "month": 7, "day": 10}[precision]]  # type: ignore[attr-defined]
    parsed = PartialDate.parse(text)
    assert parsed.iso() == text and parsed.precision == precision
    assert parsed.earliest <= day <= parsed.latest or precision == "day"  # type: ignore[operator]


@pytest.mark.parametrize(("text", "value"), [
    ("R/69/188", "A/RES/69/188"), ("a/res/69/188", "A/RES/69/188"), ("A / HRC / 25 / 63", "A/HRC/25/63"),
    ("S/RES/2375 (2017)", "S/RES/2375 (2017)"), ("S/PV.7575", "S/PV.7575"), ("E/CN.4/RES/2003/10", "E/CN.4/RES/2003/10"),
])
def test_document_symbols(text: str, value: str) -> None:
    assert DocumentSymbol.parse(text).value == value


def test_symbol_rejects_junk() -> None:
    with pytest.raises(InputError):
        DocumentSymbol.parse("R/10 65")
    assert DocumentSymbol.parse("A/RES/69/188").is_resolution


@pytest.mark.parametrize("text", ["2011-00-15", "2024-00", "2024-11-00", "2024-13", "2023-02-29"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="invalid date"):
        PartialDate.parse(text)


@pytest.mark.parametrize(("text", "iso3", "named"), [
    ("Situation of human rights in the Democratic People's Republic of Korea", "KOR", False),
    ("Situation of human rights in the Democratic People's Republic of Korea", "PRK", True),
    ("HUMAN RIGHTS, NIGERIA", "NER", False), ("HUMAN RIGHTS, NIGERIA", "NGA", True),
    ("Question of Equatorial Guinea", "GIN", False), ("Question of Equatorial Guinea", "GNQ", True),
    ("Dominican Republic", "DMA", False), ("Aid to Dominica after the hurricane", "DMA", True),
    ("Nuclear tests by the Republic of Korea and Japan", "KOR", True),
])
def test_names_state_takes_whole_names_not_parts_of_longer_ones(text: str, iso3: str, named: bool) -> None:
    assert names_state(text, iso3) is named


@pytest.mark.parametrize(("spelling", "iso3"), [
    ("Korea, Republic of", "KOR"), ("Korea, Democratic People's Republic of", "PRK"), ("410", "KOR"),
    ("408", "PRK"), ("840", "USA"), ("ROK", "KOR"), ("UK", "GBR"), ("Macedonia", "MKD"), ("891", "SCG")])
def test_iso_names_numeric_codes_and_common_abbreviations(spelling: str, iso3: str) -> None:
    assert country(spelling).iso3 == iso3
