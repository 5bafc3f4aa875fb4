"""Tests for the yente /match request and response shape."""

from __future__ import annotations

import pytest

from rightsdesk.errors import InputError
from rightsdesk.screening import ScreeningIndex
from rightsdesk.screening.yente import match_request


def test_match_request_shape(small_index: ScreeningIndex) -> None:
    body = {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Jo Yong-won"],
                                                                 "birthDate": ["1957-10-24"],
                                                                 "nationality": ["kp"]}}}}
    response = match_request(small_index, body)["responses"]["q1"]
    assert response["status"] == 200 and response["query"] == body["queries"]["q1"]
    first = response["results"][0]
    assert first["id"] == "un-KPi.043" and first["schema"] == "Person" and first["match"] is True
    assert first["properties"]["nationality"] == ["kp"]
    assert {"name", "dob_matches", "nationality_matches"} <= set(first["features"])
    assert response["total"] == {"value": len(response["results"]), "relation": "eq"}


def test_match_request_vessel_by_imo(small_index: ScreeningIndex) -> None:
    body = {"queries": {"v": {"schema": "Vessel", "properties": {"name": ["Chonmasan"], "imoNumber": ["8660313"]}}}}
    assert match_request(small_index, body)["responses"]["v"]["results"][0]["id"] == "ofac-sdn-20001"


@pytest.mark.parametrize("body", [{}, {"queries": {}}, {"queries": {"q": {"schema": "Person", "properties": {}}}}])
def test_bad_match_requests(small_index: ScreeningIndex, body: dict[str, object]) -> None:
    with pytest.raises(InputError):
        match_request(small_index, body)
