"""The WGEID submission built from a case: its elements, what is missing, consent, and inert HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from rightsdesk.cases.csv_format import parse_rows, write_rows
from rightsdesk.cases.submission import consent_to_submit, disappeared, missing_elements, render_html, wgeid_case
from rightsdesk.cases.synth import synth_rows
from rightsdesk.cases.vocab import Mechanism
from tests.cli.conftest import planted_row


def _case(**changes: str):  # type: ignore[no-untyped-def]
    row = planted_row()
    row.update(changes)
    buf = io.StringIO()
    write_rows(buf, [row])
    buf.seek(0)
    return parse_rows(buf, path="c.csv", collection="north", recorded_by="doc")[0].case


def test_the_elements_the_working_group_asks_for() -> None:
    case = _case()
    person = disappeared(case)[0]
    doc = wgeid_case(case, person, submitted_by="doc", on=dt.date(2026, 12, 5))
    assert doc["identity"]["names_hangul"] == ["탁혜련"] and doc["identity"]["birth_date"] == "1979-04-02"
    assert doc["disappearance"]["date"] == "2014-03" and doc["disappearance"]["place"]["name"] == "Onsong"
    assert doc["forces_believed_responsible"][0]["name"] == "Ministry of State Security"
    assert doc["steps_taken_by_family"] and doc["consent"]["given_on"] == "2024-05-01"
    assert missing_elements(doc) == []
    assert consent_to_submit(case, person, Mechanism.WGEID)
    assert not consent_to_submit(case, person, Mechanism.WGAD)


def test_missing_elements_and_consent() -> None:
    case = _case(event_start="2014", family_steps="", perpetrator="", consent_share="OHCHR-Seoul")
    person = disappeared(case)[0]
    doc = wgeid_case(case, person, submitted_by="doc", on=dt.date(2026, 12, 5))
    assert missing_elements(doc) == ["date of the disappearance (at least month and year)",
                                     "forces believed responsible", "steps taken by the family"]
    assert not consent_to_submit(case, person, Mechanism.WGEID)
    withdrawn = dataclasses.replace(case, consents=tuple(dataclasses.replace(c, withdrawn_on=dt.date(2025, 1, 1))
                                                         for c in _case().consents))  # type: ignore[type-var]
    assert not consent_to_submit(withdrawn, person, Mechanism.WGEID)


def test_only_disappearances_are_submitted() -> None:
    assert disappeared(_case(acts="arbitrary-detention;torture")) == []
    assert len([r for r in synth_rows(50) if "enforced-disappearance" in r["acts"]]) > 0


def test_the_html_escapes_every_value() -> None:
    case = _case(victim_name_mr="<img src=x onerror=alert(1)>", family_steps="a & b <b>")
    doc = wgeid_case(case, disappeared(case)[0], submitted_by="doc", on=dt.date(2026, 12, 5))
    page = render_html([doc])
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page and "a &amp; b &lt;b&gt;" in page
