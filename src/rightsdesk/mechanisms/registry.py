"""The registry of mechanisms: every `Mechanism` declared by the mechanism modules, by code."""

from __future__ import annotations

from functools import cache
from typing import Any

from rightsdesk.errors import NotFoundError
from rightsdesk.mechanisms import (
    coi,
    general_assembly,
    human_rights_council,
    icc,
    ohchr,
    secretary_general,
    security_council,
    special_procedures,
    treaty_bodies,
    upr,
)
from rightsdesk.mechanisms.base import Mechanism

_MODULES = (general_assembly, security_council, human_rights_council, upr, special_procedures, treaty_bodies,
            ohchr, coi, icc, secretary_general)


@cache
def mechanisms() -> dict[str, Mechanism]:
    """Every mechanism, by code, in declaration order."""
    out: dict[str, Mechanism] = {}
    for module in _MODULES:
        for m in module.MECHANISMS:
            if m.code in out:
                raise ValueError(f"mechanism code {m.code} declared twice")
            out[m.code] = m
    return out


def mechanism(code: str) -> Mechanism:
    """The mechanism with this code (case-insensitive); NotFoundError naming the known codes otherwise."""
    found = mechanisms().get(code.upper())
    if found is None:
        raise NotFoundError(f"no mechanism {code!r}; known: {', '.join(mechanisms())}")
    return found


def children(code: str) -> list[Mechanism]:
    """The mechanisms whose parent is `code`."""
    return [m for m in mechanisms().values() if m.parent == code]


def describe(code: str) -> dict[str, Any]:
    """One mechanism as plain data (the JSON of the CLI and the API), with the codes of its children."""
    m = mechanism(code)
    return {**m.__dict__, "kind": str(m.kind), "active": m.active, "output_kinds": list(m.output_kinds),
            "symbol_patterns": list(m.symbol_patterns), "children": [c.code for c in children(m.code)]}
