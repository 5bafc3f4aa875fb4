"""Cases in other systems' shapes, so that an NGO can move its data out (and into HURIDOCS tools):

    huridocs_document(cases, full=False)   one JSON document, each case by the Events Standard Formats' parts:
                                           events, acts, involvements, persons, information, interventions,
                                           chains of events (our own field names, after the formats' ideas)
    uwazi_rows(cases, full=False)          one row per case for Uwazi's CSV import: a `title` column, property
                                           names in lower case with underscores, several values in one cell
                                           joined with `|`, dates as YYYY/MM/DD and a date range as START:END

Both are redacted unless `full` (the caller has checked view-identity, asked for a reason, and audits): persons
by their stable pseudonyms, birth years, no contact details, titles or free text, exactly as `views.view`.
Pure functions over cases already read; the consent filter is the caller's (`readers.cases.export_cases`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from rightsdesk.cases.consent import Consent
from rightsdesk.cases.model import Case, Person, StoredCase
from rightsdesk.cases.views import roles_of
from rightsdesk.cases.vocab import PersonKind
from rightsdesk.model.dates import PartialDate

FORMAT = "rightsdesk-huridocs-events"
VERSION = 1
UWAZI_COLUMNS = ("title", "rightsdesk_id", "collection", "victims", "sex", "birth_year", "acts", "event_date",
                 "country", "place", "province", "certainty", "perpetrators", "designations", "sources",
                 "consent", "interventions")
UWAZI_FULL_COLUMNS = ("reference", "victim_names_hangul", "victim_names_latin", "contact", "testimony",
                      "family_steps")
MULTI = "|"  # Uwazi's separator of several values in one cell


def _date(value: PartialDate | None) -> dict[str, str] | None:
    return {"date": value.iso(), "precision": value.precision} if value else None


def _person(stored: StoredCase, person: Person, roles: list[str], full: bool) -> dict[str, Any]:
    shown = full or person.kind == PersonKind.INSTITUTION
    out: dict[str, Any] = {"person_id": stored.pseudonyms[person.id], "type": str(person.kind), "roles": roles,
                           "sex": person.sex, "year_of_birth": stored.birth_years.get(person.id),
                           "sanctions_designation": person.designation}
    if shown:
        out["names"] = [{"name": n.text, "script": n.script, "romanization": n.system} for n in person.names]
    if full:
        out |= {"date_of_birth": _date(person.birth_date), "contact": person.contact}
    return out


def huridocs_case(stored: StoredCase, *, full: bool) -> dict[str, Any]:
    """One case by the Events Standard Formats' parts (see the module docstring)."""
    case, pseudo = stored.case, stored.pseudonyms
    roles = roles_of(case)
    out: dict[str, Any] = {
        "record_id": case.id, "collection": case.collection,
        "events": [{"event_id": e.id, "initial_date": _date(e.start), "final_date": _date(e.end),
                    "certainty": str(e.certainty),
                    "geographical_term": ({"country": e.place.country, "locality": e.place.romanized,
                                           "locality_hangul": e.place.hangul, "province": e.place.province}
                                          if e.place else None),
                    **({"event_title": e.title} if full else {})} for e in case.events],
        "acts": [{"act_id": a.id, "event_id": a.event_id, "type_of_act": str(a.kind), "victim": pseudo[a.victim_id],
                  "certainty": str(a.certainty)} for a in case.acts],
        "involvements": [{"act_id": i.act_id, "perpetrator": pseudo[i.person_id], "degree_of_involvement": str(i.role),
                          "certainty": str(i.certainty)} for i in case.involvements],
        "persons": [_person(stored, p, roles.get(p.id, []), full) for p in case.persons],
        "information": [{"source_type": str(s.kind), "date_of_source_material": _date(s.date),
                         "reliability": str(s.reliability), "source": pseudo.get(s.person_id, ""),
                         **({"content": s.content} if full else {})} for s in case.sources],
        "interventions": [{"intervening_party": str(i.mechanism), "type_of_intervention": i.kind,
                           "date_of_intervention": i.submitted_on.isoformat(), "by": i.by,
                           "date_of_response": i.reply_on.isoformat() if i.reply_on else None,
                           **({"response": i.reply} if full else {})} for i in case.interventions],
        "chain_of_events": [{"event_id": c.from_event, "linked_event_id": c.to_event, "type_of_chain": c.relation}
                            for c in case.chain],
        "consents": [{"person": pseudo.get(c.person_id, "?"), "scope": str(c.scope),
                      "mechanism": str(c.mechanism) if c.mechanism else "", "given_on": c.given_on.isoformat(),
                      "given_by": c.given_by, "recorded_by": c.recorded_by,
                      "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else ""}
                     for c in case.consents if isinstance(c, Consent)],
        "clarification_notes": [{"field": n.target, "by": n.author, "at": n.at.isoformat(),
                                 **({"text": n.text} if full else {})} for n in case.notes],
    }
    if full:
        out |= {"reference": stored.ref, "title": case.title, "family_steps": case.family_steps}
    return out


def huridocs_document(cases: Iterable[StoredCase], *, full: bool, left_out: int = 0) -> dict[str, Any]:
    """The whole export as one JSON-ready document."""
    records = [huridocs_case(s, full=full) for s in cases]
    return {"format": FORMAT, "version": VERSION, "redacted": not full,
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "records": records,
            "left_out_without_consent": left_out}


def _cell(values: Iterable[str]) -> str:
    """Several values in one Uwazi cell: `|`-joined, each without a `|` of its own, blanks and repeats dropped."""
    seen: list[str] = []
    for value in values:
        clean = " ".join(str(value).replace(MULTI, "/").split())
        if clean and clean not in seen:
            seen.append(clean)
    return MULTI.join(seen)


def label(term: str) -> str:
    """A vocabulary term as a thesaurus label: enforced-disappearance -> Enforced disappearance."""
    return term.replace("-", " ").capitalize()


def uwazi_date(value: PartialDate, until: PartialDate | None = None) -> str:
    """A date at its precision (to `until`, when given) as an Uwazi date range (START:END, YYYY/MM/DD):
    2014-03 -> 2014/03/01:2014/03/31."""
    return f"{value.earliest:%Y/%m/%d}:{(until or value).latest:%Y/%m/%d}"


def _event_range(case: Case) -> str:
    starts = [e.start for e in case.events if e.start]
    if not starts:
        return ""
    ends = [d for e in case.events for d in (e.end or e.start,) if d is not None]
    return uwazi_date(min(starts, key=lambda d: d.earliest), max(ends, key=lambda d: d.latest))


def uwazi_row(stored: StoredCase, *, full: bool) -> dict[str, str]:
    """One case as one row of Uwazi's CSV import."""
    case, pseudo = stored.case, stored.pseudonyms
    victims = case.victims()
    involved = {i.person_id for i in case.involvements}
    perpetrators = [p for p in case.persons if p.id in involved]
    places = [e.place for e in case.events if e.place]
    on = dt.date.today()
    title = (case.title or f"Case {case.id}") if full else f"Case {case.id}"
    row = {
        "title": title, "rightsdesk_id": case.id, "collection": case.collection,
        "victims": _cell(pseudo[v.id] for v in victims),
        "sex": _cell(label(v.sex) for v in victims if v.sex),
        "birth_year": _cell(str(stored.birth_years[v.id]) for v in victims if stored.birth_years.get(v.id)),
        "acts": _cell(label(str(a.kind)) for a in case.acts), "event_date": _event_range(case),
        "country": _cell(p.country for p in places), "place": _cell(p.romanized for p in places),
        "province": _cell(p.province for p in places),
        "certainty": _cell(label(str(e.certainty)) for e in case.events),
        "perpetrators": _cell(p.names[0].text if p.names and (full or p.kind == PersonKind.INSTITUTION)
                              else pseudo[p.id] for p in perpetrators),
        "designations": _cell(p.designation for p in perpetrators),
        "sources": _cell(f"{label(str(s.kind))} ({s.reliability})" for s in case.sources),
        "consent": _cell(f"{label(str(c.scope))}: {c.mechanism}" if c.mechanism else label(str(c.scope))
                         for c in case.consents if isinstance(c, Consent) and c.in_force(on)),
        "interventions": _cell(f"{i.mechanism} {i.submitted_on:%Y/%m/%d}" for i in case.interventions),
    }
    if full:
        row |= {"reference": stored.ref,
                "victim_names_hangul": _cell(n.text for v in victims for n in v.names if n.script == "hangul"),
                "victim_names_latin": _cell(n.text for v in victims for n in v.names if n.script != "hangul"),
                "contact": _cell(v.contact for v in victims), "testimony": "\n\n".join(
                    s.content for s in case.sources if s.content), "family_steps": case.family_steps}
    return row


def uwazi_columns(*, full: bool) -> tuple[str, ...]:
    """The header of the Uwazi CSV."""
    return (*UWAZI_COLUMNS, *(UWAZI_FULL_COLUMNS if full else ()))
