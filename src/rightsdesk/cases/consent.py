"""Consent as data: what a person consented to, dated, by whom recorded, withdrawable; and the one test of it.

Every export, share and submission asks `consents_to()` at the moment it happens, so a withdrawal takes effect
in every later one. No consent recorded means no consent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rightsdesk.cases.vocab import ConsentScope, Mechanism


@dataclass(frozen=True)
class Consent:
    """One consent given by (or for) a person: a scope, the mechanism for sharing, and its dates."""

    person_id: str
    scope: ConsentScope
    given_on: dt.date
    recorded_by: str
    mechanism: Mechanism | None = None  # required for ConsentScope.SHARING
    given_by: str = "self"  # self, family, legal representative
    withdrawn_on: dt.date | None = None
    withdrawn_by: str = ""

    def in_force(self, on: dt.date) -> bool:
        """True when given by `on` and not withdrawn by then."""
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


def consents_to(consents: Iterable[Consent], person_id: str, scope: ConsentScope,
                mechanism: Mechanism | None = None, *, on: dt.date | None = None) -> bool:
    """True when a consent of `person_id` to `scope` (with `mechanism`, for sharing) is in force `on` (today)."""
    day = on or dt.date.today()
    return any(c.person_id == person_id and c.scope == scope and (scope != ConsentScope.SHARING
               or c.mechanism == mechanism) and c.in_force(day) for c in consents)
