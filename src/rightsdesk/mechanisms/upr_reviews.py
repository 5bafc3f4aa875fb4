"""The UPR's reviews as data: which Working Group report records each review's recommendations, the cycles'
sessions and years, UPR Info's action categories, and the citation line of one recommendation.

A recommendation is cited from the Working Group report of its review ("A/HRC/27/10, para. 124.15"); the
reports are entered per review in `data/upr_reviews.yaml`, and a report loaded with `rightsdesk ingest
upr-report` names its own symbol. Pure data and text; no store.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rightsdesk.datafiles import load_yaml
from rightsdesk.errors import UnknownCountryError
from rightsdesk.model.countries import country

# UPR Info's action categories: how much a recommendation asks of the state (upr-info.org, "Database: Action
# Category"): 1 asks least (sharing information, or addressed to other states), 5 names a specific action.
ACTION_CATEGORIES = {1: "minimal action", 2: "continuing action", 3: "considering action", 4: "general action",
                     5: "specific action"}


@dataclass(frozen=True)
class UprReview:
    """One review of a state: cycle, Working Group session, month, the Working Group report (None if not
    confirmed) and where its symbol was found (or, without one, what is known instead)."""

    state: str
    cycle: int
    session: int
    date: str
    report: str | None
    source: str = ""

    @property
    def unconfirmed(self) -> bool:
        """The review is entered and its report's symbol was searched for and not confirmed."""
        return self.report is None and bool(self.source)


@dataclass(frozen=True)
class UprCycle:
    """A UPR cycle: its first and last Working Group sessions and its years."""

    cycle: int
    first_session: int
    last_session: int
    years: str


@cache
def upr_reviews() -> tuple[UprReview, ...]:
    """Every review entered, by state and session."""
    rows = load_yaml("rightsdesk.mechanisms.data", "upr_reviews.yaml")["reviews"]
    return tuple(sorted((UprReview(r["state"], int(r["cycle"]), int(r["session"]), str(r["date"]), r["report"],
                                   str(r.get("source") or "")) for r in rows), key=lambda r: (r.state, r.session)))


@dataclass(frozen=True)
class LatestReview:
    """A state's latest UPR review as the calendar counts from it: Working Group session, month, citation."""

    state: str
    session: int
    date: str
    citation: str


@cache
def latest_reviews() -> dict[str, LatestReview]:
    """The latest review entered per state (`latest` in upr_reviews.yaml)."""
    rows = load_yaml("rightsdesk.mechanisms.data", "upr_reviews.yaml").get("latest") or ()
    return {str(r["state"]): LatestReview(str(r["state"]), int(r["session"]), str(r["date"]), str(r["citation"]))
            for r in rows}


@cache
def upr_cycles() -> dict[int, UprCycle]:
    """The cycles by number."""
    rows = load_yaml("rightsdesk.mechanisms.data", "upr_reviews.yaml")["cycles"]
    return {int(r["cycle"]): UprCycle(int(r["cycle"]), int(r["sessions"][0]), int(r["sessions"][1]), str(r["years"]))
            for r in rows}


def reviews_of(state: str) -> tuple[UprReview, ...]:
    """The reviews of `state` entered, oldest first (none for a state not entered)."""
    return tuple(r for r in upr_reviews() if r.state == state)


def review_of(state: str, session: int | None) -> UprReview | None:
    """`state`'s review at Working Group `session`, where entered."""
    return next((r for r in upr_reviews() if r.state == state and r.session == session), None)


def working_group_report(state: str, session: int | None) -> str | None:
    """The symbol of the Working Group report of `state`'s review at `session`, where entered."""
    found = review_of(state, session)
    return found.report if found else None


def action_category_name(category: int | None) -> str | None:
    """The name of an action category ("5 specific action"), or None."""
    return f"{category} {ACTION_CATEGORIES[category]}" if category in ACTION_CATEGORIES else None


def _state_name(code: str | None, fallback: str | None = None) -> str:
    if not code:
        return fallback or "an unrecorded state"
    try:
        return country(code).name
    except UnknownCountryError:
        return code


def citation(*, to: str, from_: str | None, from_original: str | None, cycle: int, session: int,
             paragraph: str | None, report: str | None, response: str | None) -> str:
    """The line a user pastes to cite one recommendation: the Working Group report and paragraph where known,
    else the review it was made in, with the recommending state and the response."""
    review = f"Report of the Working Group on the Universal Periodic Review: {_state_name(to)}"
    where = f"{report}, para. {paragraph}" if report and paragraph else (
        f"{report} (paragraph not recorded)" if report else
        f"UPR of {_state_name(to)}, cycle {cycle} (Working Group session {session}); report symbol "
        + ("not confirmed" if (held := review_of(to, session)) is not None and held.unconfirmed else "not entered"))
    head = f"{review}, {where}" if report else where
    said = f"response: {response}" if response else "response not recorded"
    return f"{head}; recommendation of {_state_name(from_, from_original)}; {said}."
