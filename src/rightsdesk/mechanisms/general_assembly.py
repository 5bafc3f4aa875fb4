"""The General Assembly and its Third Committee (Social, Humanitarian and Cultural), where the annual
resolution on the situation of human rights in the DPRK is first adopted before going to the plenary."""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

GENERAL_ASSEMBLY = Mechanism(
    code="GA",
    name="General Assembly",
    kind=MechanismKind.PRINCIPAL_ORGAN,
    parent=None,
    founding_instrument="Charter of the United Nations, Chapter IV",
    mandate="May discuss any question within the scope of the Charter and make recommendations (Arts. 10-14).",
    membership_rule="All UN member states, one vote each (Art. 18(1)).",
    periodicity="Annual regular session opening in September; the DPRK resolution is adopted in December.",
    output_kinds=("resolution", "decision", "election", "meeting record"),
    symbol_patterns=(r"^A/RES/\d+/\d+$", r"^A/\d+/PV\.\d+$", r"^A/\d+/\d+$"),
    established="1945-10-24",
    citation="Charter of the United Nations (1945), essay fn 3",
)

THIRD_COMMITTEE = Mechanism(
    code="GA-C3",
    name="Third Committee (Social, Humanitarian and Cultural)",
    kind=MechanismKind.MAIN_COMMITTEE,
    parent="GA",
    founding_instrument="Rules of procedure of the General Assembly, rule 98",
    mandate="Considers human rights items, including country situations, and recommends draft resolutions.",
    membership_rule="All UN member states.",
    periodicity="October-November of each regular session; the DPRK draft is acted on in November.",
    output_kinds=("draft resolution", "report to the plenary", "interactive dialogue"),
    symbol_patterns=(r"^A/C\.3/\d+/",),
    established="1945-10-24",
    citation="Essay fn 17 (co-sponsorship at the 77th session, November 2022)",
)

MECHANISMS = (GENERAL_ASSEMBLY, THIRD_COMMITTEE)
