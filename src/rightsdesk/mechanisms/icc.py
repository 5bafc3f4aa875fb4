"""The International Criminal Court and the Security Council's route to it (Rome Statute art. 13(b)).

The ICC is not a UN organ; the DPRK is not a party to the Rome Statute, so the court can reach the
situation only by a Security Council referral, which the COI recommended (essay fn 73) and which a
permanent member's veto can block.
"""

from __future__ import annotations

from rightsdesk.mechanisms.base import Mechanism, MechanismKind

INTERNATIONAL_CRIMINAL_COURT = Mechanism(
    code="ICC",
    name="International Criminal Court",
    kind=MechanismKind.COURT,
    parent=None,
    founding_instrument="Rome Statute of the International Criminal Court (A/CONF.183/9)",
    mandate="Tries individuals for genocide, crimes against humanity, war crimes and aggression; "
    "jurisdiction over a non-party's situation only on referral by the Security Council under Chapter VII "
    "(art. 13(b)).",
    membership_rule="States parties to the Rome Statute (the DPRK is not one).",
    periodicity="Continuous.",
    output_kinds=("referral", "investigation", "warrant", "judgment"),
    symbol_patterns=(r"^ICC-",),
    established="2002-07-01",
    citation="Essay fn 73",
)

REFERRAL_ROUTE = ("SC", "ICC")  # a substantive Council decision: nine votes and no permanent member's veto

MECHANISMS = (INTERNATIONAL_CRIMINAL_COURT,)
