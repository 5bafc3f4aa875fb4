"""The Security Council, its 1718 Committee on DPRK sanctions and the Committee's Panel of Experts
(2009 until its mandate ran out in April 2024 after Russia's veto of the renewal in March 2024)."""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

PERMANENT_MEMBERS = ("CHN", "FRA", "GBR", "RUS", "USA")

SECURITY_COUNCIL = Mechanism(
    code="SC",
    name="Security Council",
    kind=MechanismKind.PRINCIPAL_ORGAN,
    parent=None,
    founding_instrument="Charter of the United Nations, Chapter V",
    mandate="Primary responsibility for the maintenance of international peace and security (Art. 24).",
    membership_rule="Fifteen members: five permanent (China, France, Russia, UK, US) and ten elected by the "
    "General Assembly for two-year terms, five each year (Art. 23).",
    periodicity="Continuous; meets whenever convened.",
    output_kinds=("resolution", "presidential statement", "meeting record", "procedural vote"),
    symbol_patterns=(r"^S/RES/\d+ \(\d{4}\)$", r"^S/PV\.\d+", r"^S/PRST/\d{4}/\d+$", r"^S/\d{4}/\d+$"),
    established="1945-10-24",
    citation="Charter of the United Nations, Arts. 23 and 27; essay fn 81-82",
)

COMMITTEE_1718 = Mechanism(
    code="SC-1718",
    name="Security Council Committee established pursuant to resolution 1718 (2006)",
    kind=MechanismKind.SANCTIONS_COMMITTEE,
    parent="SC",
    founding_instrument="S/RES/1718 (2006)",
    mandate="Oversees the DPRK sanctions measures and designates individuals and entities (the KPi/KPe list).",
    membership_rule="All fifteen Council members; decisions by consensus.",
    periodicity="As needed; reports to the Council at least every 90 days.",
    output_kinds=("designation", "implementation assistance notice", "report"),
    symbol_patterns=(r"^S/AC\.49/",),
    established="2006-10-14",
    citation="S/RES/1718 (2006)",
)

PANEL_OF_EXPERTS = Mechanism(
    code="SC-1718-POE",
    name="Panel of Experts established pursuant to resolution 1874 (2009)",
    kind=MechanismKind.EXPERT_PANEL,
    parent="SC-1718",
    founding_instrument="S/RES/1874 (2009)",
    mandate="Gathers and analyses information on the implementation of the DPRK sanctions.",
    membership_rule="Up to eight experts appointed by the Secretary-General.",
    periodicity="Midterm and final reports each year; mandate renewed annually until Russia's veto of the "
    "renewal in March 2024.",
    output_kinds=("midterm report", "final report"),
    symbol_patterns=(r"^S/\d{4}/\d+$",),
    established="2009-06-12",
    ended="2024-04-30",
    citation="S/RES/1874 (2009); essay fn 46, 104",
)

MECHANISMS = (SECURITY_COUNCIL, COMMITTEE_1718, PANEL_OF_EXPERTS)
