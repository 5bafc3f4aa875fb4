"""Security Council votes on the DPRK situation: the recorded votes reproduced by the rules, and what-if votes
for a year's members, with positions given or predicted from past General Assembly votes. Also the views of a
year's Security Council and Human Rights Council that the CLI, the API and the pages share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.memberships import HRC_SEATS, council_members, hrc_members, hrc_members_on
from rightsdesk.mechanisms.rules import CouncilVoteKind, VoteOutcome, positions_from_lists, security_council_outcome
from rightsdesk.model.countries import country
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.essay import essay_for
from rightsdesk.model.vocab import Vote
from rightsdesk.situation.records import RecordedCouncilVote, ga_votes_by_state, recorded_council_votes


def reproduce(vote: RecordedCouncilVote) -> VoteOutcome:
    """Apply the rules to a recorded vote: from per-member positions where known, else from the totals."""
    members = council_members(vote.date.year).members
    kind: CouncilVoteKind = "procedural" if vote.kind == "procedural" else "substantive"
    if vote.positions is not None:
        return security_council_outcome(vote.positions, members, kind)
    if kind != "procedural":
        raise InputError(f"{vote.label}: a substantive vote cannot be judged without per-member positions")
    # Only the totals are entered; for a procedural vote no veto applies, so anonymous positions suffice.
    anonymous = {f"member-{i}": v for i, v in enumerate(
        [Vote.YES] * vote.yes + [Vote.NO] * vote.no + [Vote.ABSTAIN] * vote.abstain)}
    outcome = security_council_outcome(anonymous, list(anonymous) + list(members), kind)
    return VoteOutcome(outcome.body, outcome.rule, outcome.adopted, outcome.yes, outcome.no, outcome.abstain,
                       (), {}, (), outcome.reasoning + " (from the recorded totals; per-member positions unknown)")


def predict_position(votes: Sequence[Vote]) -> Vote | None:
    """The position a state most often took on the GA DPRK resolutions; a tie gives abstain; none gives None."""
    if not votes:
        return None
    ranked = Counter(votes).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return Vote.ABSTAIN
    return ranked[0][0]


def predict_positions(members: Sequence[str], history: Mapping[str, Sequence[Vote]]) -> dict[str, Vote]:
    """Predicted positions of the members that have a voting history; members without one are left out."""
    out = {}
    for member in members:
        guess = predict_position(history.get(member, ()))
        if guess is not None:
            out[member] = guess
    return out


def what_if(year: int, kind: CouncilVoteKind, yes: Sequence[str] = (), no: Sequence[str] = (),
            abstain: Sequence[str] = (), *, predict: bool = False,
            history: Mapping[str, Sequence[Vote]] | None = None) -> VoteOutcome:
    """A vote of the Council of `year`: named positions, others absent, or predicted with `predict`.

    Predictions come from `history` ({iso3: GA votes on the DPRK resolutions}), by default the bundled
    recorded votes of 2005-2015.
    """
    members = council_members(year).members
    named = positions_from_lists(yes, no, abstain)
    predicted: dict[str, Vote] = {}
    if predict:
        votes = ga_votes_by_state() if history is None else history
        predicted = {m: v for m, v in predict_positions(members, votes).items() if m not in named}
    outcome = security_council_outcome({**predicted, **named}, members, kind)
    if not predicted:
        return outcome
    note = " Predicted from past GA votes on the DPRK resolutions: " + ", ".join(
        f"{m} {v}" for m, v in sorted(predicted.items())) + "."
    return VoteOutcome(outcome.body, outcome.rule, outcome.adopted, outcome.yes, outcome.no, outcome.abstain,
                       outcome.vetoed_by, outcome.positions, outcome.absent, outcome.reasoning + note)


def _with_groups(data: dict[str, Any]) -> dict[str, Any]:
    for member in data["members"]:
        member["regional_group"] = country(member["country"]).regional_group
    return data


def council_view(year: int) -> dict[str, Any]:
    """The Security Council of `year`: members with terms, and its recorded votes on the DPRK with outcomes."""
    recorded = []
    for v in recorded_council_votes():
        if v.date.year != year:
            continue
        outcome = reproduce(v)
        recorded.append({"date": v.date.iso(), "meeting": v.meeting, "kind": v.kind, "question": v.question,
                         "yes": v.yes, "no": v.no, "abstain": v.abstain, "adopted": v.adopted,
                         "vetoed_by": list(outcome.vetoed_by), "reasoning": outcome.reasoning,
                         "citation": v.citation, "source": v.source, "essay": essay_for(v.citation),
                         "positions": {k: str(p) for k, p in v.positions.items()} if v.positions else None})
    return {**_with_groups(council_members(year).as_dict()), "recorded_votes": recorded}


def hrc_view(year: int | None = None, on: str | None = None) -> dict[str, Any]:
    """The Human Rights Council of `year`, or of the day `on` (YYYY-MM-DD, within `year` when both are given),
    members with terms and regional groups; `vacant_seats` counts seats left empty that day."""
    if on:
        day = PartialDate.parse(on)
        if day.precision != "day" or (year is not None and day.year != year):
            raise InputError(f"{on!r}: give one day, YYYY-MM-DD" + (f", in {year}" if year is not None else ""))
        m = hrc_members_on(day.earliest)
    elif year is not None:
        m = hrc_members(year)
    else:
        raise InputError("give a year or a day")
    data = _with_groups(m.as_dict())
    if m.on is not None:
        data["vacant_seats"] = max(HRC_SEATS - len(m.members) - m.unknown_seats, 0)
    return data
