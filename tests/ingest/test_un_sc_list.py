"""Dates of birth on the UN list: empty elements dropped, a month written only in the note read."""

from __future__ import annotations

import pytest
from lxml import etree

from rightsdesk.ingest.un_sc_list import _birth_date
from rightsdesk.model.dates import PartialDate


def element(inner: str) -> etree._Element:
    return etree.fromstring(f"<INDIVIDUAL_DATE_OF_BIRTH>{inner}</INDIVIDUAL_DATE_OF_BIRTH>")


def test_an_empty_date_of_birth_is_no_date() -> None:
    assert _birth_date(element("<TYPE_OF_DATE/>")) is None


@pytest.mark.parametrize(("note", "date", "kind"), [
    ("Nov. 1973", PartialDate(1973, 11), "EXACT"), ("August 1961", PartialDate(1961, 8), "EXACT"),
    ("Between Aug. and Sep. 1977", PartialDate(1977), "BETWEEN"), ("30-35 years old", None, "EXACT"),
])
def test_a_month_written_in_the_note_is_read(note: str, date: PartialDate | None, kind: str) -> None:
    found = _birth_date(element(f"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>{note}</NOTE>"))
    assert found is not None and found.date == date and found.kind == kind and found.note == note


def test_a_dated_element_keeps_its_date() -> None:
    found = _birth_date(element("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1957-10-24</DATE>"))
    assert found is not None and found.date == PartialDate(1957, 10, 24)
