"""The rules of the machinery as pure functions, each returning its outcome with the reasoning.

    security_council_outcome   Charter art. 27: procedural 9 yes; substantive 9 yes and no permanent 'no'
    general_assembly_outcome   art. 18: majority of members present and voting; two thirds on important questions
    human_rights_council_outcome  majority of the members present and voting (abstentions do not count)
    upr_cycle / next_upr_review   4.5-year cycles of 14 Working Group sessions (cycle 1 had 12)
    treaty_bodies_for          the treaty bodies that review a state, from its ratifications

No I/O: the data (who sits where, who ratified what) is passed in by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.security_council import PERMANENT_MEMBERS
from rightsdesk.mechanisms.treaty_bodies import TREATY_BODIES, TreatyBody
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.vocab import Vote

CouncilVoteKind = Literal["procedural", "substantive"]
COUNCIL_MAJORITY = 9  # Charter art. 27(2) and (3), since the 1965 enlargement to fifteen members


@dataclass(frozen=True)
class VoteOutcome:
    """The outcome of a vote: adopted or not, the counts, who vetoed, and why, in words."""

    body: str
    rule: str
    adopted: bool
    yes: int
    no: int
    abstain: int
    vetoed_by: tuple[str, ...] = ()
    positions: Mapping[str, Vote] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    reasoning: str = ""

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `council-vote`: adopted, yes, no, abstain, vetoed_by, reasoning (and more)."""
        return {"adopted": self.adopted, "yes": self.yes, "no": self.no, "abstain": self.abstain,
                "vetoed_by": list(self.vetoed_by), "reasoning": self.reasoning, "body": self.body,
                "rule": self.rule, "absent": list(self.absent),
                "positions": {k: str(v) for k, v in sorted(self.positions.items())}}


def positions_from_lists(yes: Iterable[str] = (), no: Iterable[str] = (),
                         abstain: Iterable[str] = ()) -> dict[str, Vote]:
    """Positions {iso3: vote} from three lists; InputError if a state is named twice."""
    out: dict[str, Vote] = {}
    for vote, states in ((Vote.YES, yes), (Vote.NO, no), (Vote.ABSTAIN, abstain)):
        for state in states:
            code = state.strip().upper()
            if code in out:
                raise InputError(f"{code} is named twice in one vote ({out[code]} and {vote})")
            out[code] = vote
    return out


def _counts(positions: Mapping[str, Vote]) -> tuple[int, int, int]:
    values = list(positions.values())
    return values.count(Vote.YES), values.count(Vote.NO), values.count(Vote.ABSTAIN)


def security_council_outcome(positions: Mapping[str, Vote], members: Sequence[str],
                             kind: CouncilVoteKind) -> VoteOutcome:
    """Apply Charter art. 27 to the positions of the Council's members; members not named are absent.

    Procedural: adopted with nine affirmative votes; no veto applies. Substantive: nine affirmative votes
    including the concurring votes of the permanent members, where by practice an abstention or absence of a
    permanent member is not a veto; a permanent member's 'no' is.
    """
    positions = {code.strip().upper(): vote for code, vote in positions.items()}
    members = [m.strip().upper() for m in members]
    strangers = sorted(set(positions) - set(members))
    if strangers:
        raise InputError(f"not members of the Council that year: {', '.join(strangers)}")
    if kind not in ("procedural", "substantive"):
        raise InputError(f"unknown kind of Council vote {kind!r}: procedural or substantive")
    yes, no, abstain = _counts(positions)
    absent = tuple(m for m in members if m not in positions)
    vetoes = tuple(m for m in PERMANENT_MEMBERS if positions.get(m) == Vote.NO) if kind == "substantive" else ()
    enough = yes >= COUNCIL_MAJORITY
    adopted = enough and not vetoes
    return VoteOutcome("SC", f"Charter art. 27({2 if kind == 'procedural' else 3}), {kind}", adopted, yes, no,
                       abstain, vetoes, dict(positions), absent,
                       _council_reasoning(kind, yes, no, abstain, vetoes, positions, adopted))


def _council_reasoning(kind: str, yes: int, no: int, abstain: int, vetoes: tuple[str, ...],
                       positions: Mapping[str, Vote], adopted: bool) -> str:
    parts = [f"{kind.capitalize()} vote: {yes} in favour, {no} against, {abstain} abstaining."]
    parts.append(f"{yes} affirmative {'meets' if yes >= COUNCIL_MAJORITY else 'falls short of'} the nine "
                 "required by Article 27.")
    permanent_no = [m for m in PERMANENT_MEMBERS if positions.get(m) == Vote.NO]
    if kind == "procedural":
        if permanent_no:
            parts.append(f"{', '.join(permanent_no)} voted no, but no veto applies to a procedural vote "
                         "(art. 27(2)).")
    else:
        if vetoes:
            parts.append(f"Vetoed by {', '.join(vetoes)}: a negative vote of a permanent member defeats a "
                         "substantive draft (art. 27(3)).")
        abstaining = [m for m in PERMANENT_MEMBERS if positions.get(m) == Vote.ABSTAIN]
        if abstaining:
            parts.append(f"{', '.join(abstaining)} abstained; an abstention is not a veto.")
    parts.append("Adopted." if adopted else "Not adopted.")
    return " ".join(parts)


def general_assembly_outcome(yes: int, no: int, abstain: int, *, important: bool = False) -> VoteOutcome:
    """Charter art. 18: a majority of members present and voting; two thirds on important questions.

    'Present and voting' means voting yes or no: abstentions are not counted.
    """
    _check_counts(yes, no, abstain)
    voting = yes + no
    if important:
        adopted = voting > 0 and 3 * yes >= 2 * voting
        rule = "Charter art. 18(2): two-thirds majority of members present and voting (important question)"
        need = f"two thirds of {voting} is {-(-2 * voting // 3)}"
    else:
        adopted = yes > no
        rule = "Charter art. 18(3): simple majority of members present and voting"
        need = f"a majority of {voting} needs more yes than no"
    reasoning = (f"{yes} in favour, {no} against, {abstain} abstaining; {voting} present and voting "
                 f"(abstentions not counted); {need}. {'Adopted.' if adopted else 'Not adopted.'}")
    return VoteOutcome("GA", rule, adopted, yes, no, abstain, reasoning=reasoning)


def human_rights_council_outcome(yes: int, no: int, abstain: int) -> VoteOutcome:
    """HRC: adopted by a majority of the members present and voting; abstentions do not count."""
    _check_counts(yes, no, abstain)
    if yes + no + abstain > 47:
        raise InputError(f"{yes + no + abstain} votes: the Human Rights Council has 47 members")
    adopted = yes > no
    reasoning = (f"{yes} in favour, {no} against, {abstain} abstaining; a majority of the {yes + no} present "
                 f"and voting is needed. {'Adopted.' if adopted else 'Not adopted.'}")
    return VoteOutcome("HRC", "Majority of members present and voting (A/RES/60/251; GA rules of procedure)",
                       adopted, yes, no, abstain, reasoning=reasoning)


def _check_counts(*counts: int) -> None:
    if any(c < 0 for c in counts):
        raise InputError(f"vote counts cannot be negative: {counts}")


# --- the Universal Periodic Review -------------------------------------------------------------------------

SESSIONS_IN_CYCLE_1 = 12
SESSIONS_PER_CYCLE = 14
CYCLE_MONTHS = 54  # 4.5 years
CYCLE_YEARS = {1: "2008-2011", 2: "2012-2016", 3: "2017-2022", 4: "2022-2027"}


def upr_cycle(session: int) -> int:
    """The UPR cycle of a Working Group session: 1-12 → 1, 13-26 → 2, 27-40 → 3, 41-54 → 4, then 14 each."""
    if session < 1:
        raise InputError(f"UPR sessions are numbered from 1, not {session}")
    if session <= SESSIONS_IN_CYCLE_1:
        return 1
    return (session - SESSIONS_IN_CYCLE_1 - 1) // SESSIONS_PER_CYCLE + 2


@dataclass(frozen=True)
class ExpectedReview:
    """A state's next UPR review as the cycle rule predicts it: expected, not announced."""

    state: str
    session: int
    cycle: int
    earliest: PartialDate
    latest: PartialDate
    reasoning: str


def _add_months(date: PartialDate, months: int) -> PartialDate:
    index = date.year * 12 + (date.month or 1) - 1 + months
    return PartialDate(index // 12, index % 12 + 1)


def next_upr_review(state: str, last_session: int, last_date: PartialDate) -> ExpectedReview:
    """The next review: the same place in the next cycle, 14 sessions and 4.5 years later (± 3 months).

    A last review known only to the year widens the window by that year's months.
    """
    session = last_session + SESSIONS_PER_CYCLE
    first = PartialDate(last_date.year, last_date.month or 1)
    last = PartialDate(last_date.year, last_date.month or 12)
    earliest, latest = _add_months(first, CYCLE_MONTHS - 3), _add_months(last, CYCLE_MONTHS + 3)
    around = (f"around {_add_months(first, CYCLE_MONTHS)}" if first == last else
              f"between {_add_months(first, CYCLE_MONTHS)} and {_add_months(last, CYCLE_MONTHS)}, since the last "
              "review's month is not known")
    reasoning = (f"{state}'s last review was at Working Group session {last_session} ({last_date}); states keep "
                 f"their order from cycle to cycle, so the next is session {session} (cycle {upr_cycle(session)}),"
                 f" about 4.5 years later: {around}, expected {earliest} to {latest}. Expected, not announced.")
    return ExpectedReview(state, session, upr_cycle(session), earliest, latest, reasoning)


# --- treaty bodies -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TreatyReview:
    """A treaty body that reviews a state, with the ratification that brings the state under it."""

    body: TreatyBody
    ratified: PartialDate | None
    citation: str
    reasoning: str


def treaty_bodies_for(state: str, parties: Mapping[str, tuple[PartialDate | None, str]],
                      today: dt.date | None = None) -> list[TreatyReview]:
    """The treaty bodies reviewing `state`, given {treaty: (date of ratification or accession, citation)}.

    A state is reviewed by a body once it is party to the treaty the body monitors; the date may be unknown
    (None) while the party status is sourced. Treaties not in the table are ignored.
    """
    out = []
    for body in TREATY_BODIES:
        if body.treaty not in parties:
            continue
        date, citation = parties[body.treaty]
        if date is not None and today is not None and date.earliest > today:
            continue
        when = f"on {date}" if date else "(date unknown)"
        out.append(TreatyReview(body, date, citation,
                                f"{state} became party to the {body.treaty} {when}, so the {body.code} reviews it."))
    return out
