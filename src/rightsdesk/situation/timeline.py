"""The situation timeline: hand-entered events plus one event per resolution and recorded Council vote, each
cited, with links to the rows of the store where they meet (designations, UPR recommendations).

Link keys: `designation:un:KPi.041` (a row of the UN consolidated list) and `upr:PRK:19` (the UPR
recommendations to a state made at one Working Group session).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from rightsdesk.datafiles import per_situation
from rightsdesk.errors import InputError
from rightsdesk.mechanisms.registry import children, mechanisms
from rightsdesk.mechanisms.upr_reviews import reviews_of
from rightsdesk.model.countries import existing_state, resolve_country
from rightsdesk.model.dates import PartialDate
from rightsdesk.situation.records import (
    Event,
    hand_events,
    listings,
    recorded_council_votes,
    resolutions,
    situation_called,
    situation_state,
)


def listing_resolution(listed_on: dt.date) -> str | None:
    """The Security Council resolution that listed designations on this date (from the pack's listings); None if
    unknown."""
    return next((x.resolution for x in listings() if x.listed_on == listed_on), None)


def listed_by() -> dict[str, tuple[str, ...]]:
    """Each listing resolution's symbol and the reference numbers of the designations it made."""
    return {x.resolution: x.designations for x in listings()}


def _links(event: Event) -> tuple[str, ...]:
    designations = listed_by().get(event.symbol or "")
    if designations:
        return tuple(f"designation:un:{ref}" for ref in designations)
    if event.kind == "review" and event.mechanism == "UPR":  # the review's recommendations, by session
        return tuple(f"upr:{r.state}:{r.session}" for state in event.actors for r in reviews_of(state)
                     if r.date == event.date.iso())
    return ()


def _resolution_events() -> list[Event]:
    out = []
    for r in resolutions():
        how = "without a vote" if r.without_vote else (
            f"by {r.yes}-{r.no}-{r.abstain}" if r.yes is not None else "(manner of adoption not entered)")
        body = {"CHR": "Commission on Human Rights", "HRC": "Human Rights Council", "GA": "General Assembly"}[r.body]
        summary = f"The {body} adopts its resolution on the situation of human rights in {situation_called()} {how}."
        if r.note:
            summary += f" {r.note}."
        footnote = {"E/CN.4/RES/2003/10": 68, "E/CN.4/RES/2004/13": 69, "A/HRC/RES/22/13": 70,
                    "A/HRC/RES/55/21": 72}.get(r.symbol or "")
        if r.symbol is None and footnote is None and r.source is None:
            continue  # a resolution with neither symbol nor source cannot be cited as an event
        if r.symbol is None:
            summary += " (symbol not yet confirmed)"
        if r.cosponsors:
            summary += f" {r.cosponsors} co-sponsors" + (
                f", including {', '.join(r.cosponsors_include)}." if r.cosponsors_include else ".")
        out.append(Event(r.date, r.body, (situation_state(), *r.cosponsors_include), "resolution", summary, footnote, r.symbol,
                         source=r.source))
    return out


def _vote_events() -> list[Event]:
    # the 2024 veto is an event of the essay's own (fn 104); the essay's fn 80 covers the votes of 2014-2017
    return [Event(v.date, "SC", (situation_state(), *sorted(v.positions or ())), "procedural-vote",
                  f"Procedural vote on placing the situation in {situation_called()} on the Council's agenda: "
                  f"{v.yes}-{v.no}-{v.abstain}, adopted" + ("" if v.meeting else " (meeting record not confirmed)")
                  + ".", 80 if "essay fn 80" in v.citation else None, v.meeting, source=v.source)
            for v in recorded_council_votes() if v.kind == "procedural"]


def all_events() -> list[Event]:
    """Every event of the pack's situation, with links, in date order."""
    return list(_all_events())


@per_situation
def _all_events() -> tuple[Event, ...]:
    """`all_events`, made once per pack folder, as the pack's readers are."""
    events = [*hand_events(), *_resolution_events(), *_vote_events()]
    linked = (replace(e, links=_links(e)) for e in events)
    return tuple(sorted(linked, key=lambda e: (e.date.earliest, e.date.latest, e.mechanism)))


def _with_descendants(code: str) -> set[str]:
    """`code` and every mechanism under it."""
    found, todo = {code}, [code]
    while todo:
        for child in children(todo.pop()):
            if child.code not in found:
                found.add(child.code)
                todo.append(child.code)
    return found


def actors() -> list[tuple[str, int]]:
    """Every actor the events name (states by ISO code, people and organisations by name), with how many events
    name each, most first."""
    counts = Counter(a for e in all_events() for a in e.actors)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _state_code(spelling: str) -> str | None:
    try:
        return resolve_country(spelling)
    except InputError:  # not a state's spelling: a person's or a body's name
        return None


def actor_names(wanted: str | Sequence[str] | None) -> set[str]:
    """The actors asked for (any spelling of a state, any case), as the timeline names them; InputError for one
    that no event names."""
    return _actor_keys(wanted) if wanted else set()


def _actor_keys(wanted: str | Sequence[str]) -> set[str]:
    """The actors asked for, as the events spell them: a state by any spelling, a name in any case;
    InputError for one that no event names."""
    known = {a.casefold(): a for a, _ in actors()}
    out = set()
    for raw in [wanted] if isinstance(wanted, str) else wanted:
        found = known.get(raw.strip().casefold()) or known.get((_state_code(raw) or "").casefold())
        if found is None:
            raise InputError(f"no event names the actor {raw!r}: choose one of those the timeline lists "
                             "(/api/v1/timeline/actors)")
        out.add(found)
    return out


def timeline(state: str, *, since: PartialDate | None = None, mechanism: str | None = None,
             actor: str | Sequence[str] | None = None) -> list[Event]:
    """The events for `state`: for the pack's state (PRK) every event of the situation; for another state those
    it acts in.

    `since` keeps events on or after a date (an event known only to its year or month is kept when that period
    starts on or after it); `mechanism` keeps one mechanism and the bodies under it (SC takes in the 1718
    Committee and its Panel of Experts), or `context`; `actor` keeps the events naming that actor (or any of
    several).
    """
    iso3 = existing_state(state).iso3
    if mechanism is not None and mechanism.upper() not in mechanisms() and mechanism.casefold() != "context":
        raise InputError(f"unknown mechanism {mechanism!r}; known: {', '.join(mechanisms())}, context")
    events = all_events()
    if iso3 != situation_state():
        events = [e for e in events if iso3 in e.actors]
    if since is not None:
        events = [e for e in events if e.date.earliest >= since.earliest]
    if mechanism is not None:
        wanted = _with_descendants(mechanism.upper())
        events = [e for e in events if e.mechanism.upper() in wanted]
    if actor:
        keys = _actor_keys(actor)
        events = [e for e in events if keys & set(e.actors)]
    return events
