"""Special Procedures: the Special Rapporteur on the DPRK (2004-) and the thematic mandates the essay names."""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

SR_DPRK = Mechanism(
    code="SR-DPRK",
    name="Special Rapporteur on the situation of human rights in the Democratic People's Republic of Korea",
    kind=MechanismKind.SPECIAL_PROCEDURE,
    parent="HRC",
    founding_instrument="E/CN.4/RES/2004/13",
    mandate="Examines and reports on the situation of human rights in the DPRK; renewed every year.",
    membership_rule="One independent expert appointed by the HRC President (by the CHR chair until 2006).",
    periodicity="Reports to the HRC spring session (March) and the General Assembly (October); mandate "
    "renewed yearly at the HRC spring session.",
    output_kinds=("report to the HRC", "report to the GA", "communication", "press statement"),
    symbol_patterns=(r"^A/HRC/\d+/\d+$", r"^A/\d+/\d+$", r"^E/CN\.4/\d{4}/\d+$"),
    established="2004-04",
    citation="E/CN.4/RES/2004/13; essay fn 69",
)

SR_VIOLENCE_AGAINST_WOMEN = Mechanism(
    code="SR-VAW",
    name="Special Rapporteur on violence against women and girls, its causes and consequences",
    kind=MechanismKind.SPECIAL_PROCEDURE,
    parent="HRC",
    founding_instrument="E/CN.4/RES/1994/45",
    mandate="Thematic mandate on violence against women and girls.",
    membership_rule="One independent expert appointed by the HRC President.",
    periodicity="Annual reports to the HRC and the GA.",
    output_kinds=("thematic report", "country visit report", "communication"),
    established="1994",
    citation="Essay fn 61",
)

SR_SLAVERY = Mechanism(
    code="SR-SLAVERY",
    name="Special Rapporteur on contemporary forms of slavery, including its causes and consequences",
    kind=MechanismKind.SPECIAL_PROCEDURE,
    parent="HRC",
    founding_instrument="A/HRC/RES/6/14",
    mandate="Thematic mandate on contemporary forms of slavery, including forced labour.",
    membership_rule="One independent expert appointed by the HRC President (Tomoya Obokata, essay fn 67).",
    periodicity="Annual reports to the HRC and the GA.",
    output_kinds=("thematic report", "country visit report", "communication"),
    established="2007",
    citation="Essay fn 61, 67",
)

MECHANISMS = (SR_DPRK, SR_VIOLENCE_AGAINST_WOMEN, SR_SLAVERY)
