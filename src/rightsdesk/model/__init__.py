"""Value types and records: frozen dataclasses with no I/O, SQL or HTTP.

`countries` (ISO 3166 alpha-3, M49, UN regional group, source spellings), `symbols` (UN document symbols),
`dates` (dates at their true precision), `ids` (ids as hashes of natural keys), `records` (what the ingestors
produce and the store holds), `ingestor` (the `Ingestor` protocol), `record_kinds` (each kind of record declared
once: table, natural key, replacement, search documents, public or not).
"""

from rightsdesk.model.countries import Country, countries, country, resolve_country
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import (
    Address,
    BirthDate,
    CountryVote,
    Designation,
    DesignationName,
    IdentityDocument,
    RollCall,
    Source,
    UprRecommendation,
)
from rightsdesk.model.symbols import DocumentSymbol
from rightsdesk.model.vocab import UprResponse, Vote

__all__ = [
    "Address",
    "BirthDate",
    "Country",
    "CountryVote",
    "Designation",
    "DesignationName",
    "DocumentSymbol",
    "IdentityDocument",
    "PartialDate",
    "RollCall",
    "Source",
    "UprRecommendation",
    "UprResponse",
    "Vote",
    "countries",
    "country",
    "resolve_country",
]
