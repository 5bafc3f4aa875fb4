"""The controlled vocabularies of the case model (our own terms, after the HURIDOCS micro-thesauri's ideas)."""

from __future__ import annotations

from enum import StrEnum


class ActKind(StrEnum):
    """What was done to a victim."""

    ABDUCTION = "abduction"
    ENFORCED_DISAPPEARANCE = "enforced-disappearance"
    ARBITRARY_DETENTION = "arbitrary-detention"
    POLITICAL_PRISON_CAMP = "political-prison-camp"
    FORCED_REPATRIATION = "forced-repatriation"
    FORCED_LABOUR = "forced-labour"
    TORTURE = "torture"
    SEXUAL_VIOLENCE = "sexual-and-gender-based-violence"
    EXECUTION = "execution"
    FAMILY_SEPARATION = "family-separation"
    DENIAL_OF_INFORMATION = "denial-of-information-on-fate-and-whereabouts"
    UNREPATRIATED_POW = "unrepatriated-prisoner-of-war"


class InvolvementRole(StrEnum):
    """How a person other than the victim took part in an act."""

    PERPETRATOR = "perpetrator"
    INSTIGATOR = "instigator"
    ACCOMPLICE = "accomplice"
    WITNESS = "witness"


class PersonKind(StrEnum):
    """A person or an institution (a perpetrator may be either)."""

    INDIVIDUAL = "individual"
    INSTITUTION = "institution"


class SourceKind(StrEnum):
    """What an information source is."""

    TESTIMONY = "testimony"
    DOCUMENT = "document"
    MEDIA = "media"


class Reliability(StrEnum):
    """How far a source is trusted, as the documenter judged."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    UNKNOWN = "unknown"


class Certainty(StrEnum):
    """How sure a fact is: uncertain facts are recorded as such, not left out."""

    CONFIRMED = "confirmed"
    PROBABLE = "probable"
    POSSIBLE = "possible"


class ConsentScope(StrEnum):
    """What a person may consent to."""

    STORAGE = "storage"
    ANALYSIS = "analysis"
    SHARING = "sharing"  # with one named mechanism
    PUBLICATION = "publication"


class Mechanism(StrEnum):
    """The UN mechanisms a case may be shared with or submitted to."""

    WGEID = "WGEID"  # Working Group on Enforced or Involuntary Disappearances
    OHCHR_SEOUL = "OHCHR-Seoul"
    SR_DPRK = "SR-DPRK"  # Special Rapporteur on the situation of human rights in the DPRK
    WGAD = "WGAD"  # Working Group on Arbitrary Detention
