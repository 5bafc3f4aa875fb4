"""The calendar: a state's next expected dates, derived by the rules from the data. Every entry is labelled
`expected` (derived, not announced); where the rule cannot place a date, `expected` is None and the entry
says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from rightsdesk.mechanisms.memberships import ratifications
from rightsdesk.mechanisms.rules import next_upr_review, treaty_bodies_for
from rightsdesk.mechanisms.upr_reviews import latest_reviews
from rightsdesk.model.countries import Country, existing_state
from rightsdesk.model.dates import PartialDate
from rightsdesk.situation.records import recurring_dates, situation_state


@dataclass(frozen=True)
class CalendarEntry:
    """A next expected date: what, when (a date or a range, None when unknown), by which rule."""

    kind: str
    mechanism: str
    earliest: PartialDate | None
    latest: PartialDate | None
    rule: str
    status: str = "expected, not announced"

    @property
    def expected(self) -> str | None:
        """ISO text: a date, a range `start/end`, or None when unknown."""
        if self.earliest is None or self.latest is None:
            return None
        return self.earliest.iso() if self.earliest == self.latest else f"{self.earliest}/{self.latest}"

    def as_dict(self) -> dict[str, object]:
        """JSON shape: kind, expected, mechanism, rule, status."""
        return {"kind": self.kind, "expected": self.expected, "mechanism": self.mechanism, "rule": self.rule,
                "status": self.status}


def _next_month(today: dt.date, month: int) -> PartialDate:
    """The next occurrence of `month`: this year's while it has not ended (today's month included), else next
    year's."""
    return PartialDate(today.year if today.month <= month else today.year + 1, month)


def _upr_entry(state: Country) -> CalendarEntry:
    iso3 = state.iso3
    if state.un_status != "member":
        return CalendarEntry("upr-review", "UPR", None, None, f"The UPR reviews the UN's member states; {state.name} "
                             "is not one (A/RES/60/251, para. 5(e)).", "not applicable")
    latest = latest_reviews().get(iso3)
    if latest is None:
        return CalendarEntry("upr-review", "UPR", None, None, f"{iso3}'s last UPR review is not entered here; the "
                             "next falls 4.5 years after it (unknown).", "unknown")
    review = next_upr_review(iso3, latest.session, PartialDate.parse(latest.date))
    return CalendarEntry("upr-review", "UPR", review.earliest, review.latest,
                         f"{review.reasoning} ({latest.citation})")


def _situation_entries(today: dt.date) -> list[CalendarEntry]:
    """The pack's yearly dates, each placed at its next window: a window already under way is this year's."""
    out = []
    for r in recurring_dates():
        last = _next_month(today, r.last_month)
        first = PartialDate(last.year, r.first_month) if r.first_month != r.last_month else last
        out.append(CalendarEntry(r.kind, r.mechanism, first, last, r.rule))
    return out


def _treaty_entries(iso3: str) -> list[CalendarEntry]:
    held = ratifications(iso3)
    if held is None:
        return [CalendarEntry("treaty-body-report", "treaty bodies", None, None, f"{iso3}'s ratifications are not "
                              "entered here, so which treaty bodies review it, and when its reports are due, is "
                              "unknown.", "unknown")]
    parties = {t: (r.date, r.citation) for t, r in held.items()}
    return [CalendarEntry("treaty-body-report", review.body.code, None, None,
                          f"{review.reasoning} {review.body.reporting} The due date of the next report is not "
                          "entered here (unknown).", "unknown")
            for review in treaty_bodies_for(iso3, parties)]


def calendar(state: str, today: dt.date | None = None) -> list[CalendarEntry]:
    """The next expected dates for `state`, sorted with the dated entries first."""
    found = existing_state(state)
    iso3 = found.iso3
    today = today or dt.date.today()
    entries = [_upr_entry(found), *(_situation_entries(today) if iso3 == situation_state() else []), *_treaty_entries(iso3)]
    this_month = PartialDate(today.year, today.month)
    entries = [replace(e, status="expected this month; it may already have taken place")
               if e.earliest is not None and e.latest is not None and e.earliest <= this_month <= e.latest
               and e.status == "expected, not announced" else e for e in entries]
    return sorted(entries, key=lambda e: (e.earliest is None, e.earliest.earliest if e.earliest else dt.date.max))
