"""The hand-entered situation data (YAML in `situation/data/`, the situation pack) read into frozen records and
checked: which state the pack describes (`pack.yaml`), its listings and yearly dates, the timeline, resolutions,
recorded Council votes and COI recommendations.

Every event must have a date and a citation (an essay footnote or a UN document symbol); a record that does
not is a ValueError at load time, so bad data cannot ship silently.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from typing import Any

from rightsdesk.datafiles import bundled_situation, per_situation, situation_text, situation_yaml
from rightsdesk.datafiles import situation_state as situation_state  # re-exported: the pack's state
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.essay import ESSAY, cites_essay, essay_for, essay_reference  # noqa: F401  (re-exported)
from rightsdesk.model.vocab import Vote


def _yaml(name: str) -> dict[str, Any]:
    return situation_yaml(name)


@per_situation
def situation_called() -> str:
    """How text names the pack's state ("the DPRK")."""
    return str(_yaml("pack.yaml").get("called") or situation_state())


@dataclass(frozen=True)
class SanctionsTies:
    """How the pack's state is found on the sanctions lists, for the cross-list links: the regime of the UN
    consolidated list, the SDN programs of the state, and the remark OFAC puts on every SDN entry under the state's
    regulations (an entry of another program carrying it is tied to the state too). Empty when the pack says
    nothing: no links are proposed."""

    un_regime: str | None
    sdn_programs: frozenset[str]
    sdn_remark: str | None


@per_situation
def sanctions_ties() -> SanctionsTies:
    """The pack's `sanctions` entry."""
    x = _yaml("pack.yaml").get("sanctions") or {}
    return SanctionsTies(x.get("un_regime"), frozenset(x.get("sdn_programs") or ()), x.get("sdn_remark"))


@dataclass(frozen=True)
class Listing:
    """A Security Council resolution that listed designations: its symbol, the listing date the consolidated
    list gives them, and the reference numbers it listed."""

    resolution: str
    listed_on: dt.date
    designations: tuple[str, ...]


@per_situation
def listings() -> tuple[Listing, ...]:
    """The listing resolutions of the pack, in the order entered."""
    return tuple(Listing(x["resolution"], dt.date.fromisoformat(str(x["listed_on"])), tuple(x["designations"]))
                 for x in _yaml("pack.yaml").get("listings") or ())


@dataclass(frozen=True)
class RecurringDate:
    """A date of the situation that comes back each year, for the calendar: a window of months and its rule."""

    kind: str
    mechanism: str
    first_month: int
    last_month: int
    rule: str


@per_situation
def recurring_dates() -> tuple[RecurringDate, ...]:
    """The pack's yearly dates (the Special Rapporteur's reports, the mandate renewal, the GA resolution)."""
    return tuple(RecurringDate(x["kind"], x["mechanism"], x["months"][0], x["months"][1], x["rule"])
                 for x in _yaml("pack.yaml").get("recurring") or ())


@dataclass(frozen=True)
class Event:
    """A dated development: when, in which mechanism, who, what kind, what happened, and the citation."""

    date: PartialDate
    mechanism: str
    actors: tuple[str, ...]
    kind: str
    summary: str
    footnote: int | None
    symbol: str | None
    links: tuple[str, ...] = ()
    source: str | None = None  # a press report or other non-UN source, as a reader would cite it

    @property
    def citation(self) -> str:
        """The citation as text: the essay footnote, the document symbol and the source, whichever exist."""
        parts = [f"essay fn {self.footnote}"] if self.footnote is not None else []
        return "; ".join(parts + ([self.symbol] if self.symbol else []) + ([self.source] if self.source else []))

    def as_dict(self) -> dict[str, object]:
        """JSON shape: date, mechanism, actors, kind, summary, citation, footnote, symbol, source, links."""
        return {"date": self.date.iso(), "precision": self.date.precision, "mechanism": self.mechanism,
                "actors": list(self.actors), "kind": self.kind, "summary": self.summary,
                "citation": self.citation, "footnote": self.footnote, "symbol": self.symbol,
                "source": self.source, "essay": essay_for(self.citation), "links": list(self.links)}


def _event(e: dict[str, Any]) -> Event:
    if not e.get("date"):
        raise ValueError(f"undated event: {e.get('summary')!r}")
    if e.get("footnote") is None and not e.get("symbol") and not e.get("source"):
        raise ValueError(f"uncited event: {e.get('summary')!r}")
    return Event(PartialDate.parse(str(e["date"])), e["mechanism"], tuple(e.get("actors") or ()), e["kind"],
                 e["summary"], e.get("footnote"), e.get("symbol"), source=e.get("source"))


@per_situation
def hand_events() -> tuple[Event, ...]:
    """The events entered in `timeline.yaml`."""
    return tuple(_event(e) for e in _yaml("timeline.yaml").get("events") or ())


@dataclass(frozen=True)
class Resolution:
    """A resolution on the situation: body, symbol, date, with or without a vote, totals where recorded."""

    body: str  # CHR | HRC | GA
    symbol: str | None
    date: PartialDate
    session: int
    without_vote: bool | None
    yes: int | None
    no: int | None
    abstain: int | None
    citation: str
    note: str = ""
    cosponsors_joined: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    source: str | None = None  # a press report, where the facts rest on one
    cosponsors: int | None = None  # the number of co-sponsors, where reported
    cosponsors_include: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """JSON shape of one resolution."""
        return {"body": self.body, "symbol": self.symbol, "date": self.date.iso(), "session": self.session,
                "adopted": "without a vote" if self.without_vote else
                ("by recorded vote" if self.without_vote is False else None),
                "yes": self.yes, "no": self.no, "abstain": self.abstain, "citation": self.citation,
                "note": self.note, "cosponsors_joined": list(self.cosponsors_joined), "unknown": list(self.unknown),
                "source": self.source, "essay": essay_for(self.citation), "cosponsors": self.cosponsors,
                "cosponsors_include": list(self.cosponsors_include)}


@per_situation
def ga_roll_calls() -> dict[str, tuple[dt.date, int, int, int]]:
    """The pack's GA roll calls on its resolutions: {A/RES/..: (date, yes, no, abstain)}, Voeten data (for the
    bundled pack, the DPRK resolutions). A pack without the file reads the bundled pack's."""
    return parse_ga_roll_calls(situation_text(GA_ROLL_CALLS) or bundled_roll_calls_text())


def bundled_roll_calls_text() -> str:
    """The bundled pack's GA roll calls (CSV text)."""
    return (bundled_situation() / GA_ROLL_CALLS).read_text(encoding="utf-8")


GA_ROLL_CALLS = "dprk_human_rights_roll_calls.csv"  # the pack file of GA roll calls (Voeten's columns)


def parse_ga_roll_calls(text: str) -> dict[str, tuple[dt.date, int, int, int]]:
    """The roll calls in `text` (a CSV with unres, date, yes, no, abstain) by resolution symbol."""
    out = {}
    for r in csv.DictReader(text.splitlines()):
        symbol = "A/RES/" + r["unres"].removeprefix("R/")
        out[symbol] = (dt.date.fromisoformat(r["date"]), int(r["yes"]), int(r["no"]), int(r["abstain"]))
    return out


def _resolution(r: dict[str, Any]) -> Resolution:
    voted = ga_roll_calls().get(r["symbol"] or "")
    if voted:  # General Assembly totals and dates come from the bundled roll calls, not from the YAML
        date, yes, no, abstain = voted
        return Resolution(r["body"], r["symbol"], PartialDate(date.year, date.month, date.day), r["session"],
                          False, yes, no, abstain, r["citation"], r.get("note", ""),
                          tuple(r.get("cosponsors_joined") or ()), tuple(r.get("unknown") or ()),
                          r.get("source"), r.get("cosponsors"), tuple(r.get("cosponsors_include") or ()))
    return Resolution(r["body"], r["symbol"], PartialDate.parse(str(r["date"])), r["session"], r["without_vote"],
                      r.get("yes"), r.get("no"), r.get("abstain"), r["citation"], r.get("note", ""),
                      tuple(r.get("cosponsors_joined") or ()), tuple(r.get("unknown") or ()),
                      r.get("source"), r.get("cosponsors"), tuple(r.get("cosponsors_include") or ()))


@per_situation
def resolutions() -> tuple[Resolution, ...]:
    """Every CHR, HRC and GA resolution on the situation in the DPRK, by date."""
    return tuple(sorted((_resolution(r) for r in _yaml("resolutions.yaml").get("resolutions") or ()),
                        key=lambda r: (r.date.earliest, r.date.latest)))


@dataclass(frozen=True)
class RecordedCouncilVote:
    """A recorded Security Council vote: meeting record, kind, totals, and positions where known."""

    date: PartialDate
    meeting: str | None  # the S/PV symbol; None when not entered
    kind: str
    question: str
    yes: int
    no: int
    abstain: int
    positions: dict[str, Vote] | None
    citation: str
    adopted: bool = True
    source: str | None = None  # the press report the totals or positions rest on, where they do
    unknown: tuple[str, ...] = ()
    note: str = ""

    @property
    def label(self) -> str:
        """The meeting record, or the date where the record is not entered."""
        return self.meeting or f"meeting of {self.date} (record not entered)"


def _positions(p: Any) -> dict[str, Vote] | None:
    if p == "unknown":
        return None
    return {c: Vote(v) for v in ("yes", "no", "abstain") for c in p[v]}


@per_situation
def recorded_council_votes() -> tuple[RecordedCouncilVote, ...]:
    """The Council's recorded votes on the DPRK: the procedural agenda votes and the 2024 veto."""
    return tuple(RecordedCouncilVote(PartialDate.parse(v["date"]), v["meeting"], v["kind"], v["question"],
                                     v["totals"]["yes"], v["totals"]["no"], v["totals"]["abstain"],
                                     _positions(v["positions"]), v["citation"], v.get("adopted", True),
                                     v.get("source"), tuple(v.get("unknown") or ()), v.get("note", ""))
                 for v in _yaml("council_votes.yaml").get("votes") or ())


@dataclass(frozen=True)
class CoiRecommendation:
    """A main recommendation of the Commission of Inquiry, its status and the evidence for it."""

    id: str
    addressee: str
    summary: str
    status: str
    evidence: str
    citation: str

    def as_dict(self) -> dict[str, str]:
        """JSON shape of one recommendation (with the essay named where the citation refers to it)."""
        return {**self.__dict__, "essay": essay_for(self.citation)}


COI_STATUSES = ("implemented", "partly", "ongoing", "not-implemented", "not-acted-on", "unknown")


@per_situation
def coi_recommendations() -> tuple[CoiRecommendation, ...]:
    """The COI's main recommendations with status and evidence."""
    out = tuple(CoiRecommendation(**r) for r in _yaml("coi_recommendations.yaml").get("recommendations") or ())
    bad = [r.id for r in out if r.status not in COI_STATUSES]
    if bad:
        raise ValueError(f"unknown COI status in {bad}")
    return out


@per_situation
def ga_votes_by_state() -> dict[str, tuple[Vote, ...]]:
    """Each state's recorded votes on the GA DPRK resolutions (2005-2015), oldest first: {iso3: votes}."""
    text = situation_text("dprk_human_rights_votes.csv") or ""
    rows = sorted(csv.DictReader(text.splitlines()), key=lambda r: (r["date"], r["rcid"]))
    out: dict[str, list[Vote]] = {}
    for r in rows:
        iso3 = resolve_country(r["country_code"]) or resolve_country(r["country"])
        if iso3:
            out.setdefault(iso3, []).append(Vote(r["vote"]))
    return {k: tuple(v) for k, v in out.items()}
