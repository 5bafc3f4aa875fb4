"""What a case looks like to a reader: the one `redact()` (pseudonymised) and `reveal()` (identities shown).

Redacted means: persons by their stable pseudonym only (an institution keeps its name: it is not a victim's
identity), birth years instead of dates, no contact details, no titles and no free text (testimony, notes, family
steps, replies). Pure functions over a case already read; the caller checks the permission and audits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rightsdesk.cases.consent import Consent, consents_to
from rightsdesk.cases.model import Case, Person, StoredCase
from rightsdesk.cases.vocab import ConsentScope, PersonKind

WITHHELD = "[withheld]"


def roles_of(case: Case) -> dict[str, list[str]]:
    """Each person's roles in the case: victim, perpetrator, witness …, and source."""
    roles: dict[str, set[str]] = {p.id: set() for p in case.persons}
    for act in case.acts:
        roles.setdefault(act.victim_id, set()).add("victim")
    for inv in case.involvements:
        roles.setdefault(inv.person_id, set()).add(str(inv.role))
    for source in case.sources:
        if source.person_id:
            roles.setdefault(source.person_id, set()).add("source")
    return {k: sorted(v) for k, v in roles.items()}


def _person(stored: StoredCase, person: Person, roles: list[str], full: bool) -> dict[str, Any]:
    institution = person.kind == PersonKind.INSTITUTION
    out: dict[str, Any] = {"pseudonym": stored.pseudonyms[person.id], "kind": str(person.kind), "roles": roles,
                           "sex": person.sex, "birth_year": stored.birth_years.get(person.id),
                           "designation": person.designation}
    if full or institution:
        out["names"] = [{"text": n.text, "script": n.script, "system": n.system} for n in person.names]
    if full:
        out["birth_date"] = person.birth_date.iso() if person.birth_date else ""
        out["contact"] = person.contact
    return out


def view(stored: StoredCase, *, full: bool) -> dict[str, Any]:
    """The case as a reader sees it: redacted unless `full` (which needs view-identity, checked by the caller)."""
    if full and not stored.identities:
        raise ValueError("a case read for a redacted view cannot be shown in full")
    case = stored.case
    roles = roles_of(case)
    pseudo = stored.pseudonyms
    out: dict[str, Any] = {
        "id": case.id, "collection": case.collection, "redacted": not full, "version": stored.version,
        "created_by": stored.created_by, "created_at": stored.created_at.isoformat(),
        "persons": [_person(stored, p, roles.get(p.id, []), full) for p in case.persons],
        "events": [{"id": e.id, "start": e.start.iso() if e.start else "", "end": e.end.iso() if e.end else "",
                    "place": ({"country": e.place.country, "romanized": e.place.romanized, "hangul": e.place.hangul,
                               "province": e.place.province} if e.place else None),
                    "certainty": str(e.certainty), **({"title": e.title} if full else {})} for e in case.events],
        "acts": [{"kind": str(a.kind), "event": a.event_id, "victim": pseudo.get(a.victim_id, "?"),
                  "certainty": str(a.certainty),
                  "involved": [{"person": pseudo.get(i.person_id, "?"), "role": str(i.role)}
                               for i in case.involvements if i.act_id == a.id]} for a in case.acts],
        "sources": [{"kind": str(s.kind), "date": s.date.iso() if s.date else "", "reliability": str(s.reliability),
                     **({"content": s.content} if full else {})} for s in case.sources],
        "interventions": [{"mechanism": str(i.mechanism), "kind": i.kind, "submitted_on": i.submitted_on.isoformat(),
                           "by": i.by, "reply_on": i.reply_on.isoformat() if i.reply_on else "",
                           **({"reply": i.reply} if full else {})} for i in case.interventions],
        "chain": [{"from": c.from_event, "to": c.to_event, "relation": c.relation} for c in case.chain],
        "consents": [_consent(c, pseudo) for c in case.consents if isinstance(c, Consent)],
        "notes": [{"target": n.target, "author": n.author, "at": n.at.isoformat(),
                   "text": n.text if full else WITHHELD} for n in case.notes],
    }
    if full:
        out |= {"ref": stored.ref, "title": case.title, "family_steps": case.family_steps}
    return out


def redact(stored: StoredCase) -> dict[str, Any]:
    """The pseudonymised view of a case (see the module docstring)."""
    return view(stored, full=False)


def reveal(stored: StoredCase) -> dict[str, Any]:
    """The full view of a case, identities included."""
    return view(stored, full=True)


def _consent(c: Consent, pseudo: dict[str, str]) -> dict[str, Any]:
    return {"person": pseudo.get(c.person_id, "?"), "scope": str(c.scope),
            "mechanism": str(c.mechanism) if c.mechanism else "", "given_on": c.given_on.isoformat(),
            "given_by": c.given_by, "recorded_by": c.recorded_by,
            "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else ""}


def analysis_allowed(case: Case, *, on: dt.date | None = None) -> bool:
    """True when every victim of the case has a consent to analysis in force (what any export needs)."""
    consents = [c for c in case.consents if isinstance(c, Consent)]
    victims = case.victims()
    return bool(victims) and all(consents_to(consents, v.id, ConsentScope.ANALYSIS, on=on) for v in victims)


EXPORT_COLUMNS = ("case_id", "collection", "victim", "sex", "birth_year", "acts", "event_start", "event_end",
                  "place_country", "place", "province", "certainty", "perpetrators", "sources", "consents")
FULL_COLUMNS = ("ref", "title", "victim_name_hangul", "victim_names_latin", "birth_date", "contact", "testimony",
                "family_steps")


def export_rows(stored: StoredCase, *, full: bool) -> list[dict[str, Any]]:
    """One flat row per victim of the case, for CSV: redacted columns, plus FULL_COLUMNS when `full`."""
    if full and not stored.identities:
        raise ValueError("a case read for a redacted view cannot be exported in full")
    case = stored.case
    perpetrators = [p for p in case.persons if p.id in {i.person_id for i in case.involvements}]
    event = case.events[0] if case.events else None
    rows = []
    for victim in case.victims():
        acts = sorted({str(a.kind) for a in case.acts if a.victim_id == victim.id})
        consents = [c for c in case.consents if isinstance(c, Consent) and c.person_id == victim.id
                    and c.in_force(dt.date.today())]
        row: dict[str, Any] = {
            "case_id": case.id, "collection": case.collection, "victim": stored.pseudonyms[victim.id],
            "sex": victim.sex, "birth_year": stored.birth_years.get(victim.id) or "", "acts": "; ".join(acts),
            "event_start": event.start.iso() if event and event.start else "",
            "event_end": event.end.iso() if event and event.end else "",
            "place_country": event.place.country if event and event.place else "",
            "place": event.place.romanized if event and event.place else "",
            "province": event.place.province if event and event.place else "",
            "certainty": str(event.certainty) if event else "",
            "perpetrators": "; ".join(_perpetrator_label(stored, p, full) for p in perpetrators),
            "sources": "; ".join(f"{s.kind}/{s.reliability}" for s in case.sources),
            "consents": "; ".join(f"{c.scope}:{c.mechanism}" if c.mechanism else str(c.scope) for c in consents)}
        if full:
            row |= {"ref": stored.ref, "title": case.title,
                    "victim_name_hangul": "; ".join(n.text for n in victim.names if n.script == "hangul"),
                    "victim_names_latin": "; ".join(n.text for n in victim.names if n.script != "hangul"),
                    "birth_date": victim.birth_date.iso() if victim.birth_date else "", "contact": victim.contact,
                    "testimony": " | ".join(s.content for s in case.sources if s.content),
                    "family_steps": case.family_steps}
        rows.append(row)
    return rows


def _perpetrator_label(stored: StoredCase, person: Person, full: bool) -> str:
    if person.kind == PersonKind.INSTITUTION or full:
        name = person.names[0].text if person.names else stored.pseudonyms[person.id]
    else:
        name = stored.pseudonyms[person.id]
    return f"{name} ({person.designation})" if person.designation else name
