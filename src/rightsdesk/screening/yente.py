"""yente's `/match` request and response shape, so that tools written for OpenSanctions can point at rightsdesk.

Request (FollowTheMoney query entities, by the caller's keys):

    {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Jo Yong-won"], "birthDate": ["1957"],
                                                        "nationality": ["kp"], "passportNumber": ["..."]}}}}

Response: `{"responses": {"q1": {"status": 200, "query": ..., "results": [entity, ...], "total": {...}}},
"limit": n}` where each entity has `id` (`un-KPi.043`, `ofac-sdn-17614`), `caption`, `schema`, `properties`,
`datasets`, `score`, `match` and `features` (feature name → contribution). Countries go out as lower-case
ISO alpha-2 codes, as FollowTheMoney writes them. Pure functions over dicts; the web layer serialises them.
"""

from __future__ import annotations

from typing import Any

from rightsdesk.errors import InputError
from rightsdesk.model.countries import countries
from rightsdesk.model.records import Designation
from rightsdesk.model.vocab import SubjectKind
from rightsdesk.screening.index import ScreeningIndex
from rightsdesk.screening.query import ScreeningQuery
from rightsdesk.screening.scoring import THRESHOLD, rank

ID_PROPERTIES = ("passportNumber", "idNumber", "imoNumber", "registrationNumber", "taxNumber", "innCode")
FTM_SCHEMA = {SubjectKind.INDIVIDUAL: "Person", SubjectKind.ENTITY: "Organization",
              SubjectKind.VESSEL: "Vessel", SubjectKind.AIRCRAFT: "Airplane"}


MAX_QUERIES = 1000  # per request, as /api/v1/screen: one request must not hold the server for minutes
#: yente's dataset names, and the lists each stands for here (None: every list).
DATASETS: dict[str, tuple[str, ...] | None] = {"default": None, "sanctions": None, "rightsdesk": None,
                                                "un": ("un",), "un_sc_sanctions": ("un",), "ofac-sdn": ("ofac-sdn",),
                                                "us_ofac_sdn": ("ofac-sdn",)}


def match_request(index: ScreeningIndex, request: dict[str, Any], *, limit: int = 5, threshold: float = THRESHOLD,
                  lists: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Answer a yente `/match` request body with a yente-shaped response body (against `lists`, or all)."""
    queries = request.get("queries")
    if not isinstance(queries, dict) or not queries:
        raise InputError("a match request needs a non-empty 'queries' object")
    if len(queries) > MAX_QUERIES:
        raise InputError(f"at most {MAX_QUERIES} queries per request; send {len(queries)} in several")
    responses = {key: _respond(index, key, entity, limit, threshold, lists) for key, entity in queries.items()}
    return {"responses": responses, "limit": limit}


def query_from_entity(key: str, entity: dict[str, Any], lists: tuple[str, ...] | None = None) -> ScreeningQuery:
    """Turn one FollowTheMoney query entity into a ScreeningQuery; InputError names the query key."""
    if not isinstance(entity, dict):
        raise InputError(f"query {key!r}: expected an entity object")
    props = entity.get("properties") or {}
    if not isinstance(props, dict):
        raise InputError(f"query {key!r}: 'properties' must be an object of lists of strings")
    schema = entity.get("schema", "Thing")
    if not isinstance(schema, str):
        raise InputError(f"query {key!r}: 'schema' must be a string such as 'Person'")

    def values(prop: str) -> list[str]:
        return strings(props.get(prop), f"property {prop!r}")

    try:
        parts = [" ".join(values(p)) for p in ("firstName", "middleName", "fatherName", "lastName")]
        composed = " ".join(p for p in parts if p)
        return ScreeningQuery.build([*values("name"), *values("alias"), *([composed] if composed else [])],
                                    dob=values("birthDate"), schema=schema, lists=lists,
                                    nationality=[*values("nationality"), *values("country")],
                                    identifiers=[v for p in ID_PROPERTIES for v in values(p)])
    except InputError as exc:
        raise InputError(f"query {key!r}: {exc}") from None


def strings(value: Any, what: str) -> list[str]:
    """A field given as null, one string or a list of strings, as a list (yente takes a bare string as a list of
    one); InputError naming `what` for any other type."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise InputError(f"{what} must be a string or a list of strings")


def entity_dict(designation: Designation) -> dict[str, Any]:
    """A designation as a FollowTheMoney-like entity (without score)."""
    primary = [n.name for n in designation.names if n.kind == "primary"] or [designation.name]
    props: dict[str, list[str]] = {
        "name": primary,
        "alias": [n.name for n in designation.names if n.kind != "primary"],
        "birthDate": [b.date.iso() for b in designation.birth_dates if b.date is not None],
        "nationality": [_alpha2(c) for c in designation.nationalities],
        "passportNumber": [d.number for d in designation.documents if "passport" in d.kind.casefold()],
        "imoNumber": [d.number for d in designation.documents if "imo" in d.number.casefold()],
        "program": list(designation.regimes),
        "topics": ["sanction"],
    }
    return {"id": f"{designation.list_name}-{designation.reference_number}", "caption": designation.name,
            "schema": FTM_SCHEMA[designation.kind], "properties": {k: v for k, v in props.items() if v},
            "datasets": [designation.list_name], "referents": [], "target": True}


def _respond(index: ScreeningIndex, key: str, entity: dict[str, Any], limit: int,
             threshold: float, lists: tuple[str, ...] | None) -> dict[str, Any]:
    query = query_from_entity(key, entity, lists)
    results = []
    for candidate in rank(index, query, limit=limit):
        result = entity_dict(index.entries[candidate.entry].designation)
        features = {"name": round(candidate.name_score, 4)}
        features.update({name: round(value * weight, 4) for name, value, weight, _ in candidate.features})
        result.update(score=round(candidate.score, 4), match=candidate.score >= threshold, features=features)
        results.append(result)
    return {"status": 200, "query": entity, "results": results,
            "total": {"value": len(results), "relation": "eq"}}


def _alpha2(iso3: str) -> str:
    country = countries().get(iso3)
    return country.iso2.lower() if country else iso3.lower()
