"""Screening features beyond the name: tiny functions whose docstrings are shown to users as explanations.

Each feature takes the query and a candidate entry and returns a strength in [0, 1] (0: does not apply).
`FEATURES` lists them with the weight that `scoring` adds to the name score (negative weights lower it).
Nothing here looks at names; names are compared in `matching.names`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import BirthDate
from rightsdesk.screening.index import IndexedEntry, identifier_keys
from rightsdesk.screening.query import ScreeningQuery

Feature = Callable[[ScreeningQuery, IndexedEntry], float]


def identifier_matches(query: ScreeningQuery, entry: IndexedEntry) -> float:
    """An identifier given in the query (passport, national ID, IMO number) is one the list records."""
    return 1.0 if any(identifier_keys(i) & entry.identifiers for i in query.identifiers) else 0.0


def dob_matches(query: ScreeningQuery, entry: IndexedEntry) -> float:
    """The date of birth agrees to the day with a date of birth the list gives."""
    return 1.0 if any(_same_day(q, b) for q in query.birth_dates for b in entry.birth_dates) else 0.0


def dob_year_matches(query: ScreeningQuery, entry: IndexedEntry) -> float:
    """The date of birth falls within a date (or range of years) the list gives, but not to the day."""
    if dob_matches(query, entry):
        return 0.0
    return 1.0 if any(_overlaps(q, b) for q in query.birth_dates for b in entry.birth_dates) else 0.0


def dob_mismatch(query: ScreeningQuery, entry: IndexedEntry) -> float:
    """Both sides give a date of birth and none of the query's dates comes near any of the list's (within a
    year, or with day and month swapped)."""
    dated = [b for b in entry.birth_dates if _bounds(b) != (None, None)]  # a blank or unread date says nothing
    if not query.birth_dates or not dated:
        return 0.0
    return 0.0 if any(_near(q, b) for q in query.birth_dates for b in dated) else 1.0


def nationality_matches(query: ScreeningQuery, entry: IndexedEntry) -> float:
    """A nationality given in the query is one the list records."""
    return 1.0 if set(query.nationalities) & entry.nationalities else 0.0


def nationality_mismatch(query: ScreeningQuery, entry: IndexedEntry) -> float:
    """Both sides give nationalities and they have none in common."""
    if not query.nationalities or not entry.nationalities:
        return 0.0
    return 0.0 if set(query.nationalities) & entry.nationalities else 1.0


#: Features and the weight each adds to the name score.
FEATURES: tuple[tuple[Feature, float], ...] = (
    (identifier_matches, 0.8),  # an identical passport or IMO number alone flags a match for review
    (dob_matches, 0.15),
    (dob_year_matches, 0.05),
    (dob_mismatch, -0.25),
    (nationality_matches, 0.02),
    (nationality_mismatch, -0.1),
)


def _same_day(query: PartialDate, listed: BirthDate) -> bool:
    return (listed.date is not None and query.precision == "day" and listed.date.precision == "day"
            and query == listed.date)


def _near(query: PartialDate, listed: BirthDate) -> bool:
    """Within a year of the listed date (a typing slip, a lunar-calendar year), or its day and month swapped."""
    low, high = _bounds(listed)
    if low is None or high is None:
        return False
    if query.earliest <= _shift(high, 1) and _shift(low, -1) <= query.latest:
        return True
    q, d = query, listed.date
    return (q.precision == "day" and d is not None and d.precision == "day" and q.year == d.year
            and (q.month, q.day) == (d.day, d.month))


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _overlaps(query: PartialDate, listed: BirthDate) -> bool:
    low, high = _bounds(listed)
    if low is None or high is None:
        return False
    return query.earliest <= high and low <= query.latest


def _bounds(listed: BirthDate) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest day a listed birth date may stand for; approximate dates widen by a year."""
    slack = 1 if listed.kind.upper().startswith("APPROX") else 0
    if listed.date is not None:
        low, high = listed.date.earliest, listed.date.latest
        if slack:
            return dt.date(low.year - slack, 1, 1), dt.date(high.year + slack, 12, 31)
        return low, high
    if listed.from_year and listed.to_year:
        return dt.date(listed.from_year, 1, 1), dt.date(listed.to_year, 12, 31)
    return None, None
