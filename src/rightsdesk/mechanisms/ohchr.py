"""The Office of the High Commissioner for Human Rights and its Seoul office (field-based structure)."""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

OHCHR = Mechanism(
    code="OHCHR",
    name="Office of the United Nations High Commissioner for Human Rights",
    kind=MechanismKind.SECRETARIAT,
    parent="SG",
    founding_instrument="A/RES/48/141",
    mandate="Supports and coordinates the UN human rights system; the High Commissioner leads it.",
    membership_rule="Headed by the High Commissioner, appointed by the Secretary-General and approved by "
    "the General Assembly for four years.",
    periodicity="Continuous; annual report to the HRC and the GA.",
    output_kinds=("report", "oral update", "press release"),
    symbol_patterns=(r"^A/HRC/\d+/\d+$",),
    established="1993-12-20",
    citation="A/RES/48/141; essay fn 6",
)

SEOUL_OFFICE = Mechanism(
    code="OHCHR-SEOUL",
    name="OHCHR Seoul office (field-based structure on the DPRK)",
    kind=MechanismKind.FIELD_OFFICE,
    parent="OHCHR",
    founding_instrument="A/HRC/RES/25/25",
    mandate="Strengthens monitoring and documentation of the situation of human rights in the DPRK, to "
    "ensure accountability; set up following the Commission of Inquiry's recommendation.",
    membership_rule="OHCHR staff.",
    periodicity="Continuous; contributes to the High Commissioner's reports.",
    output_kinds=("report", "conference", "consultation"),
    established="2015-06-23",
    citation="A/HRC/RES/25/25; essay fn 63-65, 71; opened 23 June 2015 (High Commissioner Zeid's opening speech, "
    "Seoul, 23 June 2015)",
)

MECHANISMS = (OHCHR, SEOUL_OFFICE)
