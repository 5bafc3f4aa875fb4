"""Submissions to UN mechanisms generated from a case: the WGEID's individual case of enforced disappearance.

The Working Group on Enforced or Involuntary Disappearances asks, for each individual case, for the identity of
the disappeared person; the date (at least month and year) and place of the disappearance (arrest, abduction,
or where last seen); the forces (State or State-supported) believed responsible; the steps taken by the family
or others to find the person; and the consent of the family (or the person) to the submission. `wgeid_case()`
gathers these elements from a case, `missing_elements()` says what is absent, `render_html()` prints it.
Whether consent is in force, and who may submit, is checked by the caller (`pipeline/cases.py`).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from rightsdesk.cases.consent import Consent, consents_to
from rightsdesk.cases.model import Case, Person
from rightsdesk.cases.vocab import ActKind, ConsentScope, Mechanism
from rightsdesk.datafiles import situation_state

DISAPPEARANCE_ACTS = frozenset({ActKind.ENFORCED_DISAPPEARANCE, ActKind.ABDUCTION})


def disappeared(case: Case) -> list[Person]:
    """The victims of an enforced disappearance (or abduction) in the case."""
    ids = {a.victim_id for a in case.acts if a.kind in DISAPPEARANCE_ACTS}
    return [p for p in case.persons if p.id in ids]


def consent_to_submit(case: Case, person: Person, mechanism: Mechanism, *, on: dt.date | None = None) -> bool:
    """True when a consent of `person` to sharing with `mechanism` is in force `on` (today)."""
    consents = [c for c in case.consents if isinstance(c, Consent)]
    return consents_to(consents, person.id, ConsentScope.SHARING, mechanism, on=on)


def _consent_record(case: Case, person: Person) -> dict[str, str]:
    for c in case.consents:
        if (isinstance(c, Consent) and c.person_id == person.id and c.scope == ConsentScope.SHARING
                and c.mechanism == Mechanism.WGEID and c.withdrawn_on is None):
            return {"given_on": c.given_on.isoformat(), "given_by": c.given_by, "recorded_by": c.recorded_by}
    return {}


def wgeid_case(case: Case, person: Person, *, submitted_by: str, on: dt.date) -> dict[str, Any]:
    """The elements of the WGEID's individual-case submission for one disappeared person."""
    acts = [a for a in case.acts if a.victim_id == person.id and a.kind in DISAPPEARANCE_ACTS]
    events = {e.id: e for e in case.events}
    event = events.get(acts[0].event_id) if acts else None
    perpetrator_ids = {i.person_id for i in case.involvements if i.act_id in {a.id for a in acts}}
    forces = [{"name": p.names[0].text if p.names else "", "kind": str(p.kind), "designation": p.designation}
              for p in case.persons if p.id in perpetrator_ids]
    hangul = [n.text for n in person.names if n.script == "hangul"]
    latin = [n.text for n in person.names if n.script != "hangul"]
    return {
        "mechanism": "WGEID", "kind": "individual-case-submission", "case_id": case.id, "prepared_on": on.isoformat(),
        "submitted_by": submitted_by,
        "identity": {"names_hangul": hangul, "names_romanized": latin, "sex": person.sex,
                     "birth_date": person.birth_date.iso() if person.birth_date else "", "nationality": situation_state()},
        "disappearance": {
            "date": event.start.iso() if event and event.start else "",
            "date_precision": event.start.precision if event and event.start else "",
            "place": ({"country": event.place.country, "name": event.place.romanized, "hangul": event.place.hangul,
                       "province": event.place.province} if event and event.place else None),
            "acts": sorted({str(a.kind) for a in case.acts if a.victim_id == person.id}),
            "certainty": str(event.certainty) if event else ""},
        "forces_believed_responsible": forces,
        "steps_taken_by_family": case.family_steps,
        "consent": _consent_record(case, person),
    }


def missing_elements(doc: dict[str, Any]) -> list[str]:
    """The elements the WGEID requires that the submission lacks."""
    missing = []
    if not (doc["identity"]["names_hangul"] or doc["identity"]["names_romanized"]):
        missing.append("identity (a name)")
    date = doc["disappearance"]["date"]
    if not date or doc["disappearance"]["date_precision"] == "year":
        missing.append("date of the disappearance (at least month and year)")
    if not doc["disappearance"]["place"]:
        missing.append("place of the disappearance")
    if not doc["forces_believed_responsible"]:
        missing.append("forces believed responsible")
    if not doc["steps_taken_by_family"]:
        missing.append("steps taken by the family")
    return missing


def _e(value: object) -> str:
    return html.escape(str(value or ""), quote=True)


def render_html(docs: list[dict[str, Any]]) -> str:
    """A printable HTML document of the submission(s); every value escaped."""
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'><title>WGEID individual case "
             "submission</title><style>body{font:12pt/1.45 serif;max-width:46em;margin:2em auto}h2{margin-top:2em}"
             "th{text-align:left;vertical-align:top;padding-right:1em;width:14em}@media print{h2{break-before:page}}"
             "</style></head><body><h1>Working Group on Enforced or Involuntary Disappearances: individual case"
             "</h1><p>Confidential. Prepared with rightsdesk; the source's identity stays with the submitter.</p>"]
    for doc in docs:
        ident, gone = doc["identity"], doc["disappearance"]
        place = gone["place"] or {}
        forces = "; ".join(f"{f['name']}{' (' + f['designation'] + ')' if f['designation'] else ''}"
                           for f in doc["forces_believed_responsible"])
        consent = doc["consent"]
        rows = [
            ("1. Family name and given names", "; ".join(ident["names_hangul"] + ident["names_romanized"])),
            ("Sex", ident["sex"]), ("Date of birth", ident["birth_date"]), ("Nationality", ident["nationality"]),
            ("2. Date of the disappearance", gone["date"]),
            ("3. Place of the disappearance", ", ".join(x for x in (place.get("name"), place.get("hangul"),
                                                                       place.get("province"), place.get("country"))
                                                         if x)),
            ("What happened", ", ".join(gone["acts"]) + f" ({gone['certainty']})"),
            ("4. Forces believed responsible", forces),
            ("5. Steps taken by the family", doc["steps_taken_by_family"]),
            ("6. Consent to the submission", f"given {consent.get('given_on', '')} by {consent.get('given_by', '')}"
                                             f", recorded by {consent.get('recorded_by', '')}"),
            ("Submitted by", doc["submitted_by"]), ("Prepared on", doc["prepared_on"]),
            ("Case reference", doc["case_id"]),
        ]
        parts.append(f"<h2>Case {_e(doc['case_id'])}</h2><table>")
        parts += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows]
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)
