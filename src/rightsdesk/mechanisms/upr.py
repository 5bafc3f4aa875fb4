"""The Universal Periodic Review: every member state reviewed by its peers once a cycle (essay fn 5)."""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

UNIVERSAL_PERIODIC_REVIEW = Mechanism(
    code="UPR",
    name="Universal Periodic Review",
    kind=MechanismKind.PEER_REVIEW,
    parent="HRC",
    founding_instrument="A/HRC/RES/5/1",
    mandate="A review of each member state's human rights record by the Working Group of the whole "
    "Council, ending in recommendations that the state supports or notes (A/RES/60/251 para. 5(e)).",
    membership_rule="The Working Group is the 47 Council members; any UN member state may recommend; "
    "three rapporteurs (a troika) are drawn by lot for each review.",
    periodicity="Cycles of 4.5 years, three Working Group sessions a year, 14 states per session; the "
    "outcome is adopted at the next regular HRC session.",
    output_kinds=("national report", "Working Group report", "recommendation", "addendum", "outcome"),
    symbol_patterns=(r"^A/HRC/WG\.6/\d+/", r"^A/HRC/\d+/\d+(/Add\.\d+)?$"),
    established="2008-04",
    citation="A/HRC/RES/5/1; essay fn 5, 100-101",
)

MECHANISMS = (UNIVERSAL_PERIODIC_REVIEW,)
