"""The General Assembly votes: each vote goes to the state that held the seat on the day of the roll call."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from rightsdesk.ingest.unvotes import seat_holder
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import Store, schema

UNVOTES = Path(__file__).parent.parent / "fixtures" / "unvotes"


@pytest.mark.parametrize(("code", "day", "holder"), [
    ("RUS", dt.date(1946, 1, 1), "SUN"), ("RUS", dt.date(1991, 12, 23), "SUN"), ("RUS", dt.date(1991, 12, 24), "RUS"),
    ("YUG", dt.date(1991, 12, 1), "YUG"), ("YUG", dt.date(2001, 5, 1), "SCG"), ("YUG", dt.date(2006, 6, 3), "SRB"),
    ("FRA", dt.date(1950, 1, 1), "FRA"), ("YUG", None, "YUG"),
])
def test_seat_holder(code: str, day: dt.date | None, holder: str) -> None:
    assert seat_holder(code, day) == holder


def test_votes_are_stored_under_the_seat_holder_of_the_day(store: Store) -> None:
    load(store, "unvotes", UNVOTES)
    v = schema.country_vote
    with store.engine.connect() as conn:
        by_call = {(r.rcid, r.country_original): r.country for r in conn.execute(select(v))}
    assert by_call[(3, "Russia")] == "SUN" and by_call[(3, "Yugoslavia")] == "YUG"  # 1946
    assert by_call[(4604, "Yugoslavia")] == "SCG"  # December 2005: Serbia and Montenegro
    assert by_call[(5377, "Russia")] == "RUS" and by_call[(5377, "Yugoslavia")] == "SRB"  # December 2014
