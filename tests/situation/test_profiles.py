"""Perpetrator profiles over the trimmed real lists, on both engines."""

from __future__ import annotations

from typing import Any

import pytest

from rightsdesk.access import ANONYMOUS
from rightsdesk.errors import NotFoundError
from rightsdesk.situation.profiles import profile
from tests.store.test_load import load_samples


def test_an_official_is_tied_to_his_department_resolution_and_events(store: Any) -> None:
    load_samples(store)
    with store.reading(ANONYMOUS) as session:
        p = profile(session, "KPi.043").to_dict()
    assert p["designation"]["name"] == "JO YONG-WON"
    assert p["listing_resolution"] == "S/RES/2356 (2017)"
    assert [i["reference_number"] for i in p["institutions"]] == ["KPe.052"]
    assert any("designation:un:KPi.043" in e["links"] for e in p["timeline"])


def test_a_department_lists_its_designated_members(store: Any) -> None:
    load_samples(store)
    with store.reading(ANONYMOUS) as session:
        p = profile(session, "KPe.052").to_dict()
    assert p["listing_resolution"] == "S/RES/2375 (2017)"
    assert "KPi.043" in [m["reference_number"] for m in p["members"]]
    assert p["institutions"] == []


def test_an_older_listing_has_no_resolution_named(store: Any) -> None:
    load_samples(store)
    with store.reading(ANONYMOUS) as session:
        p = profile(session, "KPe.001").to_dict()
        assert p["listing_resolution"] is None and not p["listing_resolution_known"]
        with pytest.raises(NotFoundError):
            profile(session, "KPi.999")
