"""The treaty bodies that review a state, from its ratifications: one list shared by `rightsdesk treaty-bodies`
and the workbench's `/treaty-bodies/{state}` page."""

from __future__ import annotations

from typing import Any

from rightsdesk.errors import InputError
from rightsdesk.mechanisms.memberships import ratifications
from rightsdesk.mechanisms.rules import treaty_bodies_for
from rightsdesk.model.countries import country


def treaty_reviews(state: str) -> list[dict[str, Any]]:
    """Each treaty body reviewing `state`: code, name, treaty, ratification date, citation and the reasoning.

    InputError where no ratification data is held for the state (the message names the states that have it).
    """
    code = country(state).iso3
    held = ratifications(code)
    if held is None:
        raise InputError(f"no ratification data for {code}; entered for PRK, KOR, JPN, CHN, RUS, USA")
    reviews = treaty_bodies_for(code, {t: (r.date, r.citation) for t, r in held.items()})
    return [{"code": r.body.code, "name": r.body.mechanism.name, "treaty": r.body.treaty,
             "ratified": r.ratified.iso() if r.ratified else None, "citation": r.citation,
             "reasoning": r.reasoning} for r in reviews]
