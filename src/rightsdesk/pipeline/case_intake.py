"""One case taken in by hand (the workbench's intake form): every field checked at once, then stored encrypted and
audited in one transaction.

The form's fields are the import CSV's columns (`csv_format.COLUMNS`), so a case typed in and a case imported are
the same record. `check_fields` reports every bad field (not only the first) with a message a documenter can act
on; `create_case` refuses, storing nothing, while any remains. Consent to storage is required here: a person
who did not agree to be stored is not stored.
"""

from __future__ import annotations

from collections.abc import Mapping

from rightsdesk.access import Action, Principal, require
from rightsdesk.cases.crypto import Keyring
from rightsdesk.cases.csv_format import COLUMNS, RowProblem, case_id_for, parse_row
from rightsdesk.errors import InputError
from rightsdesk.store import Store, audit
from rightsdesk.store import case_records as records
from rightsdesk.store.readers.cases import guarded

MAX_FIELD = 20_000
FLAGS = ("consent_storage", "consent_analysis", "consent_publication")
#: What a field is set to after its problem was noted, so that the fields after it are checked too.
_NEUTRAL = {"ref": "-", "acts": "abduction", "victim_name_hangul": "가", "consent_date": "2000-01-01"}


class IntakeProblems(InputError):
    """The form has problems: `problems` maps each bad field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def clean(form: Mapping[str, str]) -> dict[str, str]:
    """The form's values over COLUMNS, trimmed (missing ones empty); a ticked consent box ("on") reads "yes"."""
    values = {c: str(form.get(c, "") or "").strip() for c in COLUMNS}
    for flag in FLAGS:
        values[flag] = "yes" if values[flag].casefold() in ("yes", "on", "true", "1") else ""
    return values


def check_fields(values: Mapping[str, str], *, collection: str, recorded_by: str) -> dict[str, str]:
    """Every problem of the form, by field (empty when it is good)."""
    problems: dict[str, str] = {}
    for field, text in values.items():
        if len(text) > MAX_FIELD:
            problems[field] = f"longer than {MAX_FIELD:,} characters"
    if not collection.strip():
        problems["collection"] = "choose the collection the case belongs to"
    if values.get("consent_storage", "") != "yes":
        problems["consent_storage"] = "the person's consent to storing this record is needed before it is stored"
    trial = dict(values)
    for _ in range(len(COLUMNS)):
        try:
            parse_row(trial, collection=collection or "-", recorded_by=recorded_by)
            break
        except RowProblem as exc:
            if exc.field in problems and trial.get(exc.field) == _NEUTRAL.get(exc.field, ""):
                break
            problems.setdefault(exc.field, str(exc).split(": ", 1)[1])
            trial[exc.field] = _NEUTRAL.get(exc.field, "")
    return problems


def create_case(store: Store, ring: Keyring, principal: Principal, form: Mapping[str, str], collection: str) -> str:
    """Store the case the form describes in `collection` (edit-case there) and return its id; IntakeProblems,
    storing nothing, when any field is wrong or the reference is already used in the collection."""
    values = clean(form)
    with guarded(store, ring, principal, f"cases intake into {collection}"[:120]) as session:
        require(principal, Action.EDIT_CASE, collection)
        problems = check_fields(values, collection=collection, recorded_by=principal.label)
        if not problems and records.ref_exists(session.conn, ring, collection, values["ref"]):
            problems["ref"] = f"the reference {values['ref']!r} is already used in the collection {collection!r}"
        if problems:
            raise IntakeProblems(problems)
        case = parse_row(values, collection=collection, recorded_by=principal.label)
        assert case.id == case_id_for(collection, values["ref"])
        records.insert_case(session.conn, ring, case, ref=values["ref"], actor=principal.label)
        audit.append(session.conn, ring, actor=principal.label, action="create", case_id=case.id,
                     target=f"case:{case.id}", detail={"source": "web intake"})
        return case.id
