"""Controlled vocabularies: votes, UPR responses, designation kinds."""

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
