"""Controlled vocabularies, each declared once: votes, UPR responses, designation kinds, the sanctions lists."""

from __future__ import annotations

from enum import StrEnum


class Vote(StrEnum):
    """A state's recorded vote."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class UprResponse(StrEnum):
    """A state's response to a UPR recommendation, as the UPR records it."""

    SUPPORTED = "supported"
    NOTED = "noted"

    @classmethod
    def normalise(cls, original: str) -> UprResponse | None:
        """Map a source's wording (Accepted, Supported, Noted, Rejected, Pending, ...) to supported or noted.

        Since 2011 the UPR records every response as either supported or noted; 'rejected', 'not accepted'
        and 'pending' recommendations count as noted. An empty response gives None.
        """
        text = original.strip().casefold()
        if not text:
            return None
        if text in {"accepted", "supported", "accept", "support", "agreed"}:
            return cls.SUPPORTED
        if text in {"noted", "rejected", "not accepted", "not supported", "pending", "no response",
                    "general response", "partially accepted", "partially supported"}:
            return cls.NOTED
        raise ValueError(f"unknown UPR response {original!r}")


class SubjectKind(StrEnum):
    """What a sanctions designation names."""

    INDIVIDUAL = "individual"
    ENTITY = "entity"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class SanctionsList(StrEnum):
    """A sanctions list rightsdesk loads, by the name its designations carry; click choices, web parameters,
    templates and the OpenAPI document all read it from here."""

    UN = "un"  # the Security Council consolidated list
    OFAC_SDN = "ofac-sdn"  # the US Treasury's Specially Designated Nationals list

    @property
    def ingestor(self) -> str:
        """The ingestor that loads this list (a loaded list is a snapshot: it replaces the one before)."""
        return {"un": "un-sc-list", "ofac-sdn": "ofac-sdn"}[self.value]

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The lists' names, in order: ("un", "ofac-sdn")."""
        return tuple(m.value for m in cls)

    @classmethod
    def ingestors(cls) -> tuple[str, ...]:
        """The ingestors of the lists: ("un-sc-list", "ofac-sdn")."""
        return tuple(m.ingestor for m in cls)
