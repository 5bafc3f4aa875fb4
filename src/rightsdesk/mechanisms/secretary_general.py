"""The Secretary-General, who may bring a matter to the Security Council (Charter art. 99)."""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

SECRETARY_GENERAL = Mechanism(
    code="SG",
    name="Secretary-General",
    kind=MechanismKind.PRINCIPAL_ORGAN,
    parent=None,
    founding_instrument="Charter of the United Nations, Chapter XV",
    mandate="Chief administrative officer; may bring to the Security Council any matter which may threaten "
    "international peace and security (art. 99); appoints resident coordinators.",
    membership_rule="Appointed by the GA on the Security Council's recommendation (art. 97).",
    periodicity="Five-year terms.",
    output_kinds=("report", "letter", "appointment"),
    symbol_patterns=(r"^A/\d+/\d+$", r"^S/\d{4}/\d+$"),
    established="1945-10-24",
    citation="Charter arts. 97-99; essay fn 74, 94, 99",
)

MECHANISMS = (SECRETARY_GENERAL,)
