"""Security Council votes on the DPRK situation: the recorded procedural votes reproduced by the rules, and
what-if votes for a year's members, with positions given or predicted from past General Assembly votes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.memberships import council_members
from rightsdesk.mechanisms.rules import CouncilVoteKind, VoteOutcome, positions_from_lists, security_council_outcome
from rightsdesk.model.vocab import Vote
from rightsdesk.situation.records import RecordedCouncilVote, ga_votes_by_state


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
