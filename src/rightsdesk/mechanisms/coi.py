"""The Commission of Inquiry on human rights in the DPRK (2013-2014)."""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

COMMISSIONERS = ("Michael Kirby", "Sonja Biserko", "Marzuki Darusman")
REPORT = "A/HRC/25/63"

COMMISSION_OF_INQUIRY = Mechanism(
    code="COI-DPRK",
    name="Commission of Inquiry on human rights in the Democratic People's Republic of Korea",
    kind=MechanismKind.INQUIRY,
    parent="HRC",
    founding_instrument="A/HRC/RES/22/13",
    mandate="To investigate the systematic, widespread and grave violations of human rights in the DPRK, "
    "with a view to ensuring full accountability, in particular where they may amount to crimes against "
    "humanity.",
    membership_rule="Three members: Michael Kirby (chair), Sonja Biserko and the Special Rapporteur, "
    "Marzuki Darusman.",
    periodicity="One year; final report A/HRC/25/63 to the HRC's 25th session (March 2014).",
    output_kinds=("report", "public hearing", "recommendation"),
    symbol_patterns=(r"^A/HRC/25/63$", r"^A/HRC/25/CRP\.1$"),
    established="2013-03-21",
    ended="2014-03",
    citation="A/HRC/RES/22/13, A/HRC/25/63; essay fn 70, 73-74",
)

MECHANISMS = (COMMISSION_OF_INQUIRY,)
