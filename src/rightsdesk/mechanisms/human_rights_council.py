"""The Human Rights Council (2006-) and its predecessor the Commission on Human Rights (1946-2006)."""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

COMMISSION_ON_HUMAN_RIGHTS = Mechanism(
    code="CHR",
    name="Commission on Human Rights",
    kind=MechanismKind.INTERGOVERNMENTAL_BODY,
    parent="ECOSOC",
    founding_instrument="E/RES/5(I)",
    mandate="Functional commission of ECOSOC on human rights; created country mandates, including the "
    "Special Rapporteur on the DPRK in 2004.",
    membership_rule="53 states elected by ECOSOC (in its last years).",
    periodicity="One annual session in Geneva, March-April.",
    output_kinds=("resolution", "decision", "report"),
    symbol_patterns=(r"^E/CN\.4/",),
    established="1946",
    ended="2006-06",
    citation="Essay fn 68-69; replaced by A/RES/60/251",
)

HUMAN_RIGHTS_COUNCIL = Mechanism(
    code="HRC",
    name="Human Rights Council",
    kind=MechanismKind.SUBSIDIARY_ORGAN,
    parent="GA",
    founding_instrument="A/RES/60/251",
    mandate="Promotes and protects human rights; conducts the UPR; appoints special procedures; mandates "
    "inquiries such as the 2013-14 Commission of Inquiry on the DPRK.",
    membership_rule="47 states elected by a majority of GA members for three-year terms, by regional group "
    "(African 13, Asia-Pacific 13, Eastern European 6, GRULAC 8, WEOG 7); no immediate re-election after "
    "two consecutive terms.",
    periodicity="Three regular sessions a year (February-April, June-July, September-October); the DPRK "
    "resolution is adopted at the spring session.",
    output_kinds=("resolution", "decision", "UPR outcome", "report"),
    symbol_patterns=(r"^A/HRC/RES/\d+/\d+$", r"^A/HRC/DEC/\d+/\d+$", r"^A/HRC/\d+/"),
    established="2006-03-15",
    citation="A/RES/60/251; essay fn 5",
)

MECHANISMS = (COMMISSION_ON_HUMAN_RIGHTS, HUMAN_RIGHTS_COUNCIL)
