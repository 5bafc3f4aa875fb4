"""Dates at their true precision: a year is a year, a month is a month.

`PartialDate("2014")`, `PartialDate("2014-02")`, `PartialDate("2014-02-17")`; ISO text in and out, ordered by
their earliest day, with `earliest`/`latest` bounds for range queries.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rightsdesk.errors import InputError

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise InputError("a date with a day must have a month")
        if (self.month is not None and not 1 <= self.month <= 12) or (self.day is not None and self.day < 1):
            raise InputError(f"invalid date {self.iso()}: month 01-12 and day from 01")
        try:
            dt.date(self.year, self.month or 1, self.day or 1)
        except ValueError as exc:
            raise InputError(f"invalid date {self.iso()}: {exc}") from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a trailing time is ignored); InputError otherwise."""
        text = text.strip()
        if _TIMESTAMP.match(text):
            text = text[:10]  # a trailing time of day is ignored
        m = _ISO.match(text)
        if not m:
            raise InputError(f"malformed date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in m.groups())
        assert year is not None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """'year', 'month' or 'day'."""
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """ISO text at this date's precision."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def earliest(self) -> dt.date:
        """The first day this date may stand for."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day this date may stand for."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.iso()
