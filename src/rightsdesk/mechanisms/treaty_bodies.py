"""The ten human rights treaty bodies, each with the treaty it monitors.

Which of them review a state follows from the state's ratifications (`rules.treaty_bodies_for`); the
ratification data are in `data/ratifications.yaml` (read by `memberships`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rightsdesk.mechanisms.base import Mechanism, MechanismKind


@dataclass(frozen=True)
class TreatyBody:
    """A treaty body, the treaty it monitors and how often states report to it."""

    code: str  # CCPR, CESCR, ...
    treaty: str  # ICCPR, ICESCR, ...
    treaty_name: str
    treaty_symbol: str  # the GA resolution adopting the treaty
    members: int
    reporting: str
    mechanism: Mechanism


def _body(code: str, name: str, treaty: str, treaty_name: str, symbol: str, founding: str, members: int,
          reporting: str) -> TreatyBody:
    mechanism = Mechanism(
        code=code,
        name=name,
        kind=MechanismKind.TREATY_BODY,
        parent=None,
        founding_instrument=founding,
        mandate=f"Monitors the implementation of the {treaty_name} ({treaty}) by its States parties.",
        membership_rule=f"{members} independent experts elected by the States parties.",
        periodicity=reporting,
        output_kinds=("concluding observations", "general comment", "views on individual communications"),
        symbol_patterns=(rf"^{code}/C/" if code not in {"CESCR", "SPT"} else
                         (r"^E/C\.12/" if code == "CESCR" else r"^CAT/OP/"),),
        citation=f"{symbol}; essay fn 6, 11",
    )
    return TreatyBody(code, treaty, treaty_name, symbol, members, reporting, mechanism)


TREATY_BODIES: tuple[TreatyBody, ...] = (
    _body("CCPR", "Human Rights Committee", "ICCPR", "International Covenant on Civil and Political Rights",
          "A/RES/2200(XXI)", "ICCPR art. 28", 18, "Periodic reports when the Committee requests them."),
    _body("CESCR", "Committee on Economic, Social and Cultural Rights", "ICESCR",
          "International Covenant on Economic, Social and Cultural Rights", "A/RES/2200(XXI)",
          "E/RES/1985/17", 18, "Periodic reports, normally every five years."),
    _body("CERD", "Committee on the Elimination of Racial Discrimination", "ICERD",
          "International Convention on the Elimination of All Forms of Racial Discrimination",
          "A/RES/2106(XX)", "ICERD art. 8", 18, "Reports every two years (art. 9), in practice combined."),
    _body("CEDAW", "Committee on the Elimination of Discrimination against Women", "CEDAW",
          "Convention on the Elimination of All Forms of Discrimination against Women", "A/RES/34/180",
          "CEDAW art. 17", 23, "Reports at least every four years (art. 18)."),
    _body("CAT", "Committee against Torture", "CAT",
          "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
          "A/RES/39/46", "CAT art. 17", 10, "Reports every four years (art. 19)."),
    _body("SPT", "Subcommittee on Prevention of Torture", "OP-CAT",
          "Optional Protocol to the Convention against Torture", "A/RES/57/199", "OP-CAT art. 2", 25,
          "Visits to places of detention; no periodic state reports."),
    _body("CRC", "Committee on the Rights of the Child", "CRC", "Convention on the Rights of the Child",
          "A/RES/44/25", "CRC art. 43", 18, "Reports every five years (art. 44)."),
    _body("CMW", "Committee on Migrant Workers", "ICRMW",
          "International Convention on the Protection of the Rights of All Migrant Workers and Members of "
          "Their Families", "A/RES/45/158", "ICRMW art. 72", 14, "Reports every five years (art. 73)."),
    _body("CRPD", "Committee on the Rights of Persons with Disabilities", "CRPD",
          "Convention on the Rights of Persons with Disabilities", "A/RES/61/106", "CRPD art. 34", 18,
          "Reports at least every four years (art. 35)."),
    _body("CED", "Committee on Enforced Disappearances", "ICPPED",
          "International Convention for the Protection of All Persons from Enforced Disappearance",
          "A/RES/61/177", "ICPPED art. 26", 10, "An initial report within two years, then information as "
          "the Committee requests (art. 29)."),
)

BY_TREATY = {body.treaty: body for body in TREATY_BODIES}
MECHANISMS = tuple(body.mechanism for body in TREATY_BODIES)
