"""Every resolution on a situation, how each was adopted, and where its roll call is: the resolutions page and
`/api/v1/resolutions/{iso3}`.

Resolutions adopted without a vote have no roll call and are the rule since 2016 for the DPRK; a list of recorded
votes alone would stop in 2015. This view lists them all, from the resolutions entered (`situation.records`),
and marks those whose roll call the store holds. Resolutions are entered for the DPRK only. Frozen rows
(`ResolutionList`, `ListedResolution`) whose `to_dict()` is the JSON of the API and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from rightsdesk.errors import InputError, NotFoundError
from rightsdesk.model.countries import country
from rightsdesk.model.essay import essay_for
from rightsdesk.model.symbols import DocumentSymbol
from rightsdesk.situation.coverage import Coverage, resolution_coverage
from rightsdesk.situation.records import Resolution, resolutions, situation_called, situation_state
from rightsdesk.store import ReadSession
from rightsdesk.store.readers.votes import roll_calls as read_roll_calls

BODIES = {"CHR": "Commission on Human Rights", "HRC": "Human Rights Council", "GA": "General Assembly"}


def adoption(r: Resolution) -> str:
    """How a resolution was adopted, in words: "without a vote", "by a recorded vote of 116-20-53", or that it
    is not entered."""
    if r.without_vote:
        return "without a vote"
    if r.without_vote is False and r.yes is not None:
        return f"by a recorded vote of {r.yes}-{r.no}-{r.abstain} (yes-no-abstain)"
    if r.without_vote is False:
        return "by a recorded vote (totals not entered)"
    return "manner of adoption not entered"


@dataclass(frozen=True)
class ListedResolution:
    """One resolution entered, with the path of its roll call's page where the store holds the roll call."""

    resolution: Resolution
    roll_call: str | None = None

    @classmethod
    def of(cls, r: Resolution, roll_calls: set[str]) -> ListedResolution:
        """`r`, with its roll call's path when its symbol is among `roll_calls` (those the store holds)."""
        return cls(r, f"/votes/{r.symbol}" if r.symbol in roll_calls else None)

    def to_dict(self) -> dict[str, object]:
        """One resolution as JSON: symbol, date, body, session, adopted_without_vote, totals, co-sponsorship
        changes, citation, and the roll call's path where the store holds one."""
        r = self.resolution
        return {"symbol": r.symbol, "date": r.date.iso(), "body": r.body, "body_name": BODIES.get(r.body, r.body),
                "session": r.session, "adopted_without_vote": r.without_vote, "adopted": adoption(r),
                "yes": r.yes, "no": r.no, "abstain": r.abstain, "cosponsors": r.cosponsors,
                "cosponsors_joined": list(r.cosponsors_joined), "cosponsors_include": list(r.cosponsors_include),
                "note": r.note, "citation": r.citation, "essay": essay_for(r.citation), "source": r.source,
                "roll_call": self.roll_call}


@dataclass(frozen=True)
class ResolutionList:
    """Every resolution entered on a state's situation, oldest first, and what the list covers."""

    country: str
    items: tuple[ListedResolution, ...]
    coverage: Coverage

    def to_dict(self) -> dict[str, object]:
        """The JSON of `/api/v1/resolutions/{iso3}`: country, items, total, coverage."""
        return {"country": self.country, "items": [i.to_dict() for i in self.items], "total": len(self.items),
                "coverage": self.coverage.as_dict()}


def resolution_list(session: ReadSession, state: str) -> ResolutionList:
    """Every resolution on `state`'s situation, oldest first, with how it was adopted; NotFoundError for a state
    whose resolutions are not entered."""
    iso3 = country(state).iso3
    if iso3 != situation_state():
        raise NotFoundError(f"no resolutions are entered for {iso3}: they are entered for {situation_called()} "
                            f"({situation_state()}) only")
    symbols = [r.symbol for r in resolutions() if r.symbol and r.symbol.startswith("A/RES/")]
    held = {c.symbol for c in read_roll_calls(session, symbols=symbols) if c.symbol} if symbols else set()
    return ResolutionList(iso3, tuple(ListedResolution.of(r, held) for r in resolutions()), resolution_coverage())


def find_resolution(symbol: str) -> Resolution | None:
    """The resolution entered under `symbol` (any spelling `DocumentSymbol` reads), or None."""
    try:
        wanted = str(DocumentSymbol.parse(symbol))
    except InputError:  # not a symbol: then no resolution either
        return None
    return next((r for r in resolutions() if r.symbol and str(DocumentSymbol.parse(r.symbol)) == wanted), None)
