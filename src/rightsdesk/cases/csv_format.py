"""The case CSV that `rightsdesk cases import` reads and `rightsdesk cases synth` writes: one case per row.

A row holds one victim, one event with one or more acts (semicolon-separated), one perpetrator, one information
source, what the family did, and the victim's consent. `parse_rows` only parses and validates: every problem
names its line and field, and a file with any problem yields no case at all (the caller loads nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from rightsdesk.cases.consent import Consent
from rightsdesk.cases.model import (
    Act,
    Case,
    Event,
    InformationSource,
    Involvement,
    Person,
    PersonName,
    Place,
)
from rightsdesk.cases.vocab import (
    ActKind,
    Certainty,
    ConsentScope,
    InvolvementRole,
    Mechanism,
    PersonKind,
    Reliability,
    SourceKind,
)
from rightsdesk.errors import IngestError, InputError
from rightsdesk.export import LfLines
from rightsdesk.model.countries import is_known_iso3
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.ids import natural_id

COLUMNS = (
    "ref", "title", "victim_name_hangul", "victim_name_mr", "victim_name_rr", "victim_name_other", "victim_sex",
    "victim_birth", "victim_contact", "acts", "event_title", "event_start", "event_end", "place_country",
    "place_romanized", "place_hangul", "place_province", "certainty", "perpetrator", "perpetrator_kind",
    "perpetrator_designation", "source_kind", "source_reliability", "source_date", "testimony", "family_steps",
    "consent_storage", "consent_analysis", "consent_publication", "consent_share", "consent_date",
    "consent_given_by",
)
REQUIRED = ("ref", "acts")
SEXES = ("", "female", "male", "other", "unknown")
YES, NO = ("yes", "y", "true", "1"), ("", "no", "n", "false", "0")


@dataclass(frozen=True)
class ParsedCase:
    """One case read from a row, with its documenter's reference and line."""

    line: int
    ref: str
    case: Case


class RowProblem(Exception):
    """One field of one row is wrong (collected, then reported together)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"field {field!r}: {problem}")
        self.field = field


def case_id_for(collection: str, ref: str) -> str:
    """The id of the case with documenter's reference `ref` in `collection` (the same on every import)."""
    return natural_id("case", collection, ref)[:16]


def _rid(case_id: str, *parts: object) -> str:
    return natural_id(case_id, *parts)[:24]


def parse_rows(fp: IO[str], *, path: str, collection: str, recorded_by: str) -> list[ParsedCase]:
    """Every case of the file; IngestError naming each bad line and field (and nothing returned) otherwise."""
    reader = csv.DictReader(fp)
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise IngestError(path, 1, f"the header lacks the column(s) {', '.join(missing)} (expected: "
                          f"{', '.join(COLUMNS)})")
    unknown = [c for c in reader.fieldnames or [] if c not in COLUMNS]
    if unknown:
        raise IngestError(path, 1, f"unknown column(s) {', '.join(unknown)} (expected: {', '.join(COLUMNS)})")
    parsed: list[ParsedCase] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for row in _rows(reader, path):
        line, values = row
        try:
            if values["ref"] in seen:
                raise RowProblem("ref", f"the reference {values['ref']!r} is already used on line {seen[values['ref']]}")
            seen.setdefault(values["ref"], line)
            case = parse_row(values, collection=collection, recorded_by=recorded_by)
            parsed.append(ParsedCase(line, values["ref"], case))
        except RowProblem as exc:
            problems.append((line, str(exc)))
    if problems:
        first_line, first = problems[0]
        more = "; ".join(f"line {n}: {p}" for n, p in problems[1:6])
        extra = f" (and {len(problems) - 1} more: {more}{' …' if len(problems) > 6 else ''})" if more else ""
        raise IngestError(path, first_line, f"{first}{extra}; nothing was loaded")
    if not parsed:
        raise IngestError(path, None, "no case in the file; nothing was loaded")
    return parsed


def _rows(reader: csv.DictReader[str], path: str) -> Iterator[tuple[int, dict[str, str]]]:
    line = 1
    for values in reader:
        start = line + 1
        line = reader.line_num
        if None in values:
            raise IngestError(path, start, "more cells than the header has columns; nothing was loaded")
        yield start, {c: (values.get(c) or "").strip() for c in COLUMNS}


def _choice(values: dict[str, str], field: str, kind: type[StrEnum], default: str) -> object:
    text = values[field].casefold() or default
    try:
        return kind(text)
    except ValueError:
        allowed = ", ".join(str(v) for v in kind)
        raise RowProblem(field, f"{values[field]!r} is not one of {allowed}") from None


def _date(values: dict[str, str], field: str) -> PartialDate | None:
    try:
        return PartialDate.parse(values[field]) if values[field] else None
    except InputError as exc:
        raise RowProblem(field, str(exc)) from None


def _flag(values: dict[str, str], field: str) -> bool:
    text = values[field].casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise RowProblem(field, f"{values[field]!r} is neither yes nor no")


def parse_row(values: dict[str, str], *, collection: str, recorded_by: str) -> Case:
    """One row as a Case; RowProblem naming the first bad field."""
    if not values["ref"]:
        raise RowProblem("ref", "empty: every case needs the documenter's reference")
    cid = case_id_for(collection, values["ref"])
    victim = _victim(values, cid)
    event = _event(values, cid)
    kinds = [k.strip() for k in values["acts"].split(";") if k.strip()]
    if not kinds:
        raise RowProblem("acts", "empty: name at least one act (" + ", ".join(ActKind) + ")")
    certainty = Certainty(str(_choice(values, "certainty", Certainty, "confirmed")))
    acts = []
    for kind in kinds:
        act_kind = _choice({"acts": kind}, "acts", ActKind, "")
        acts.append(Act(_rid(cid, "act", kind), event.id, ActKind(str(act_kind)), victim.id, certainty))
    persons, involvements = [victim], []
    if values["perpetrator"] or values["perpetrator_designation"]:
        perp = Person(id=_rid(cid, "person", "perpetrator"),
                      kind=PersonKind(str(_choice(values, "perpetrator_kind", PersonKind, "institution"))),
                      names=(PersonName(values["perpetrator"]),) if values["perpetrator"] else (),
                      designation=values["perpetrator_designation"])
        persons.append(perp)
        involvements = [Involvement(a.id, perp.id, InvolvementRole.PERPETRATOR, certainty) for a in acts]
    return Case(id=cid, collection=collection, title=values["title"] or values["ref"], events=(event,),
                persons=tuple(persons), acts=tuple(acts), involvements=tuple(involvements),
                sources=_sources(values, cid), family_steps=values["family_steps"],
                consents=tuple(_consents(values, victim.id, recorded_by)))


def _victim(values: dict[str, str], cid: str) -> Person:
    names = [PersonName(values["victim_name_hangul"], "hangul")] if values["victim_name_hangul"] else []
    if values["victim_name_mr"]:
        names.append(PersonName(values["victim_name_mr"], "latin", "mr"))
    if values["victim_name_rr"]:
        names.append(PersonName(values["victim_name_rr"], "latin", "rr"))
    names += [PersonName(n.strip(), "latin", "customary") for n in values["victim_name_other"].split(";")
              if n.strip()]
    if not names:
        raise RowProblem("victim_name_hangul", "the victim has no name in any script (victim_name_hangul, "
                         "victim_name_mr, victim_name_rr or victim_name_other)")
    sex = values["victim_sex"].casefold()
    if sex not in SEXES:
        raise RowProblem("victim_sex", f"{values['victim_sex']!r} is not one of female, male, other, unknown")
    return Person(id=_rid(cid, "person", "victim"), names=tuple(names), sex=sex,
                  birth_date=_date(values, "victim_birth"), contact=values["victim_contact"])


def _event(values: dict[str, str], cid: str) -> Event:
    start, end = _date(values, "event_start"), _date(values, "event_end")
    if start and end and end.latest < start.earliest:
        raise RowProblem("event_end", f"{end} is before the start {start}")
    country = values["place_country"].upper()
    if country and not is_known_iso3(country):
        raise RowProblem("place_country", f"{values['place_country']!r} is not an ISO 3166 alpha-3 code (PRK, CHN)")
    place = Place(country, values["place_romanized"], values["place_hangul"], values["place_province"]) \
        if country or values["place_romanized"] or values["place_hangul"] else None
    return Event(id=_rid(cid, "event", 1), title=values["event_title"], start=start, end=end, place=place,
                 certainty=Certainty(str(_choice(values, "certainty", Certainty, "confirmed"))))


def _sources(values: dict[str, str], cid: str) -> tuple[InformationSource, ...]:
    if not (values["source_kind"] or values["testimony"]):
        return ()
    kind = SourceKind(str(_choice(values, "source_kind", SourceKind, "testimony")))
    reliability = Reliability(str(_choice(values, "source_reliability", Reliability, "unknown")))
    return (InformationSource(_rid(cid, "source", 1), kind, _date(values, "source_date"), reliability,
                              content=values["testimony"]),)


def _consents(values: dict[str, str], person_id: str, recorded_by: str) -> Iterable[Consent]:
    scopes = [s for s, f in ((ConsentScope.STORAGE, "consent_storage"), (ConsentScope.ANALYSIS, "consent_analysis"),
                             (ConsentScope.PUBLICATION, "consent_publication")) if _flag(values, f)]
    mechanisms = []
    for name in (m.strip() for m in values["consent_share"].split(";")):
        if not name:
            continue
        try:
            mechanisms.append(Mechanism(name))
        except ValueError:
            raise RowProblem("consent_share", f"{name!r} is not one of {', '.join(Mechanism)}") from None
    if not scopes and not mechanisms:
        return []
    given = _date(values, "consent_date")
    if given is None or given.precision != "day":
        raise RowProblem("consent_date", "a consent needs the day it was given (YYYY-MM-DD)")
    on: dt.date = given.earliest
    by = values["consent_given_by"] or "self"
    found = [Consent(person_id, s, on, recorded_by, given_by=by) for s in scopes]
    return found + [Consent(person_id, ConsentScope.SHARING, on, recorded_by, mechanism=m, given_by=by)
                    for m in mechanisms]


def write_rows(fp: IO[str], rows: Iterable[dict[str, str]]) -> int:
    """Write case rows (dicts over COLUMNS) as the CSV `parse_rows` reads; return how many. A cell holding a lone
    CR is quoted (`export.LfLines`), so that it cannot end the row early for a spreadsheet."""
    writer = csv.DictWriter(LfLines(fp), fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n
