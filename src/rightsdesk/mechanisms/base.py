"""The `Mechanism` value type: one UN body or procedure described as data.

Each mechanism module (general_assembly, security_council, ...) declares its mechanisms as `Mechanism`
constants; `registry` collects them. Nothing here reads files or votes: rules live in `rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MechanismKind(StrEnum):
    """What kind of body or procedure a mechanism is."""

    PRINCIPAL_ORGAN = "principal-organ"
    MAIN_COMMITTEE = "main-committee"
    SUBSIDIARY_ORGAN = "subsidiary-organ"
    SANCTIONS_COMMITTEE = "sanctions-committee"
    EXPERT_PANEL = "expert-panel"
    INTERGOVERNMENTAL_BODY = "intergovernmental-body"
    PEER_REVIEW = "peer-review"
    SPECIAL_PROCEDURE = "special-procedure"
    TREATY_BODY = "treaty-body"
    SECRETARIAT = "secretariat"
    FIELD_OFFICE = "field-office"
    INQUIRY = "inquiry"
    COURT = "court"


@dataclass(frozen=True)
class Mechanism:
    """A UN mechanism: what it is, who created it, who sits on it, how often it meets, what it produces.

    `founding_instrument` is a document symbol (or the Charter article) and may be None where the
    instrument is not a UN document (the Rome Statute is a treaty, cited by its UNTS number in `mandate`).
    `symbol_patterns` are regular expressions matching the symbols of the mechanism's documents.
    `active` is False for a mechanism that has ended (the Commission on Human Rights, the Panel of Experts).
    """

    code: str
    name: str
    kind: MechanismKind
    parent: str | None
    founding_instrument: str | None
    mandate: str
    membership_rule: str
    periodicity: str
    output_kinds: tuple[str, ...]
    symbol_patterns: tuple[str, ...] = ()
    established: str | None = None  # ISO date at its true precision
    ended: str | None = None
    citation: str = ""

    @property
    def active(self) -> bool:
        """False once the mechanism has ended."""
        return self.ended is None
