"""The US Treasury's SDN list in its legacy CSV files (no headers, `-0-` for empty), in one folder.

    sdn.csv           ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
                      Vess_owner, Remarks
    add.csv           ent_num, add_num, address, city/state/postal code, country, remarks
    alt.csv           ent_num, alt_num, alt_type (aka, fka, nka), alt_name, remarks
    sdn_comments.csv  ent_num, the overflow of Remarks (optional)

Each may be gzipped. The Remarks are split on `;` into facts: dates and places of birth, nationality and
citizenship, gender, identity documents (passport, national ID, IMO number, ...) and weak a.k.a.s; the full text
stays as the narrative. Programs ("NPWMD] [DPRK2") become the regimes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from rightsdesk.errors import IngestError, InputError
from rightsdesk.ingest.base import Declared
from rightsdesk.ingest.files import csv_rows, whole_number
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import Address, BirthDate, Designation, DesignationName, IdentityDocument, Relation
from rightsdesk.model.vocab import SubjectKind

T = TypeVar("T")
NAME = "ofac-sdn"
VERSION = "3"  # 2: every identifier kind, Nationality of Registration, birthplace countries; 3: Linked To as relations
LIST_NAME = "ofac-sdn"
SDN = ("ent_num", "sdn_name", "sdn_type", "program", "title", "call_sign", "vess_type", "tonnage", "grt",
       "vess_flag", "vess_owner", "remarks")
ADD = ("ent_num", "add_num", "address", "city", "country", "remarks")
ALT = ("ent_num", "alt_num", "alt_type", "alt_name", "remarks")
COMMENTS = ("ent_num", "remarks")
KINDS = {"individual": SubjectKind.INDIVIDUAL, "vessel": SubjectKind.VESSEL, "aircraft": SubjectKind.AIRCRAFT,
         "": SubjectKind.ENTITY}
MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"], start=1)}
_DOC = re.compile(r"^(?P<kind>Passport|National ID No\.|Cedula No\.|Identification Number|Tax ID No\.|"
                  r"Registration ID|Vessel Registration Identification|MMSI|Aircraft Manufacturer's Serial Number "
                  r"\(MSN\)|Aircraft Tail Number|Diplomatic Passport|Residency Number|Birth Certificate Number|"
                  r"Personal ID Card|Driver's License No\.|SSN|Business Registration Document #|C\.U\.R\.P\.|"
                  r"R\.F\.C\.|D\.N\.I\.|NIT #|RUC #|Public Security and Immigration No\.|Kenyan ID No\.|"
                  r"Stateless Person ID Card|Refugee ID Card|Travel Document Number|Electoral Registry No\.|"
                  r"Numero Unico de Identificacao Tributaria \(NUIT\)|Citizen's Card Number|Matricula Mercantil No|"
                  r"SWIFT/BIC|"
                  # and every other "<kind> Number/No./ID/#/Identification/Address" the list uses (company
                  # numbers, registration numbers, e-mail, digital currency addresses, ...)
                  r"[A-Z][\w.'/&-]*(?: [\w.'/&-]+){0,8}? (?:ID No\.|No\.|Number|ID|#|Identification|Address - \w+|Address))"
                  # Linear time (issue 15): a kind of at most nine words, and nothing after it backtracks: the
                  # number ends on a character that is no space, the runs of space and the brackets are possessive.
                  r"\s++(?P<number>(?=[^(\d@]*+[\d@]|[A-Z]{6,})[^(]*?[^(\s])(?:\s++\((?P<country>[^)]*+)\))?"
                  r"(?:\s++(?P<note>(?:issued|expires)(?s:.*+)))?(?(country)|(?(note)|\s*+))$")


def _clean(cell: str) -> str:
    cell = cell.strip()
    return "" if cell == "-0-" else cell


def files(path: Path) -> list[Path]:
    """sdn, add and alt (and sdn_comments, if present) in the folder `path`."""
    if not path.is_dir():
        raise IngestError(str(path), None, "expected a folder holding sdn.csv, add.csv and alt.csv")
    found = []
    for stem in ("sdn", "add", "alt", "sdn_comments"):
        hit = [p for p in (path / f"{stem}.csv", path / f"{stem}.csv.gz") if p.is_file()]
        if not hit and stem != "sdn_comments":
            raise IngestError(str(path), None, f"the folder has no {stem}.csv or {stem}.csv.gz")
        found.extend(hit[:1])
    return found


def parse(path: Path) -> Iterator[Designation]:
    """Yield one Designation per SDN entry, with its addresses, aliases and the facts in its remarks."""
    paths = files(path)
    sdn_path, add_path, alt_path = paths[:3]
    entries: dict[int, tuple[int, list[str]]] = {}
    for line, cells in csv_rows(sdn_path, SDN, has_header=False):
        ent_num = _ent_num(sdn_path, line, cells[0], " (is this sdn.csv?)")
        if ent_num in entries:
            raise IngestError(str(sdn_path), line, f"ent_num {ent_num} appears twice (first on line "
                                                   f"{entries[ent_num][0]})")
        entries[ent_num] = (line, cells)
    comments = _comments(paths[3], entries) if len(paths) > 3 else {}
    addresses = _children(add_path, ADD, entries, _address)
    _every_entry_has_an_address(sdn_path, add_path, entries, addresses)
    aliases = _children(alt_path, ALT, entries, _alias)
    designations = []
    for ent_num, (line, cells) in entries.items():
        try:
            designations.append(_designation(ent_num, cells, comments.get(ent_num, ""), addresses[ent_num],
                                             aliases[ent_num], line))
        except (InputError, ValueError) as exc:
            raise IngestError(str(sdn_path), line, str(exc)) from None
    yield from resolve_relations(designations)


def _ent_num(path: Path, line: int, text: str, hint: str = "") -> int:
    """The entry number of a row: ASCII digits, in range; IngestError naming the line otherwise."""
    return whole_number_at(path, line, text, "ent_num", hint)


def whole_number_at(path: Path, line: int, text: str, field: str, hint: str = "") -> int:
    """A number cell (ent_num, add_num, alt_num): ASCII digits, in range; IngestError naming the line otherwise."""
    try:
        return whole_number(text, field, low=0)
    except InputError as exc:
        raise IngestError(str(path), line, f"{exc}{hint}") from None


def _comments(path: Path, entries: dict[int, tuple[int, list[str]]]) -> dict[int, str]:
    """The overflow of each entry's remarks; an entry that sdn.csv does not hold, or one given twice, is an error."""
    out: dict[int, str] = {}
    lines: dict[int, int] = {}
    for line, cells in csv_rows(path, COMMENTS, has_header=False):
        ent_num = _ent_num(path, line, cells[0])
        if ent_num not in entries:
            raise IngestError(str(path), line, _not_in_sdn(ent_num))
        if ent_num in lines:
            raise IngestError(str(path), line, f"ent_num {ent_num} appears twice (first on line {lines[ent_num]})")
        out[ent_num], lines[ent_num] = _clean(cells[1]), line
    return out


def _not_in_sdn(ent_num: int) -> str:
    return (f"ent_num {ent_num} is not in the SDN file (is sdn.csv cut short, or is this file from another "
            "release of the list?)")


def _every_entry_has_an_address(sdn_path: Path, add_path: Path, entries: dict[int, tuple[int, list[str]]],
                                addresses: dict[int, list[Address]]) -> None:
    """OFAC writes at least one add.csv row for every entry (`-0-` cells when it knows no address), in the order
    of sdn.csv: entries with none mean that add.csv was cut short (or belongs to another release)."""
    missing = [n for n in entries if not addresses.get(n)]
    if missing:
        line = entries[missing[0]][0]
        raise IngestError(str(sdn_path), line, f"{len(missing):,} entr{'y' if len(missing) == 1 else 'ies'} of "
                                               f"sdn.csv, from ent_num {missing[0]} on this line, ha"
                                               f"{'s' if len(missing) == 1 else 've'} no row in {add_path.name} "
                                               "(OFAC writes one for every entry): is it cut short, or from another "
                                               "release of the list?")


def _name_key(name: str) -> str:
    return " ".join(re.sub(r"[.,'\"]", " ", name).split()).casefold()


def resolve_relations(designations: list[Designation]) -> list[Designation]:
    """Point each "Linked To" name at the entry it names: the one entry with that primary name, else the one
    with that name among its aliases; among several, the one sharing a program with the linking entry (the
    DPRK's Ministry of State Security, not Russia's). A name that fits none or several stays unresolved, noted."""
    by_name: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"primary": set(), "alias": set()})
    regimes = {d.reference_number: set(d.regimes) for d in designations}
    for d in designations:
        by_name[_name_key(d.name)]["primary"].add(d.reference_number)
        for n in d.names:
            by_name[_name_key(n.name)]["alias"].add(d.reference_number)
    out = []
    for d in designations:
        if not d.relations:
            out.append(d)
            continue
        resolved = []
        for rel in d.relations:
            found = by_name.get(_name_key(rel.name), {"primary": set(), "alias": set()})
            hits = set(found["primary"] if len(found["primary"]) == 1 else found["alias"] or found["primary"])
            if len(hits) > 1:
                hits = {h for h in hits if regimes[h] & set(d.regimes)} or hits
            hits.discard(d.reference_number)
            if len(hits) == 1:
                resolved.append(replace(rel, reference_number=next(iter(hits))))
            else:
                note = f"several entries of that name: {', '.join(sorted(hits, key=int))}" if hits else \
                    "no entry of that name on the list"
                resolved.append(replace(rel, note=note))
        out.append(replace(d, relations=tuple(resolved)))
    return out


def _children(path: Path, header: tuple[str, ...], entries: dict[int, Any],
              build: Callable[[list[str]], T]) -> dict[int, list[T]]:
    out: dict[int, list[T]] = defaultdict(list)
    numbers: dict[int, int] = {}  # the line of each add_num / alt_num: a row's own key
    for line, cells in csv_rows(path, header, has_header=False):
        ent_num = _ent_num(path, line, cells[0])
        if ent_num not in entries:
            raise IngestError(str(path), line, _not_in_sdn(ent_num))
        own = whole_number_at(path, line, cells[1], header[1])
        if own in numbers:
            raise IngestError(str(path), line, f"{header[1]} {own} appears twice (first on line {numbers[own]})")
        numbers[own] = line
        try:
            out[ent_num].append(build([_clean(c) for c in cells]))
        except (InputError, ValueError) as exc:
            raise IngestError(str(path), line, str(exc)) from None
    return out


def _address(cells: list[str]) -> Address:
    _, _, street, city, country, remarks = cells
    return Address("address", street=street, city=city, country=resolve_country(country), country_original=country,
                   note=remarks)


def _alias(cells: list[str]) -> DesignationName:
    _, _, alt_type, alt_name, remarks = cells
    if not alt_name:
        raise InputError("alt_name is empty")
    kind = {"aka": "alias", "fka": "fka", "nka": "nka"}.get(alt_type.strip().casefold().replace(".", ""), "alias")
    quality = alt_type + (f" ({remarks})" if remarks else "")
    return DesignationName(alt_name, kind, quality)


def _designation(ent_num: int, cells: list[str], overflow: str, addresses: list[Address],
                 aliases: list[DesignationName], line: int) -> Designation:
    c = [_clean(x) for x in cells]
    name, kind_text, program, title = c[1], c[2].casefold(), c[3], c[4]
    if not name:
        raise InputError("SDN_Name is empty")
    if kind_text not in KINDS:
        raise InputError(f"SDN_Type: unknown type {c[2]!r}")
    kind = KINDS[kind_text]
    remarks = (c[11] + overflow).strip()
    facts = _facts(remarks)
    parts = tuple(p.strip() for p in name.split(",", 1)) if kind is SubjectKind.INDIVIDUAL else (name,)
    names = [DesignationName(name, "primary", None, parts), *aliases]
    names += [DesignationName(a, "alias", "weak a.k.a.") for a in facts["aka"]]
    extra: dict[str, Any] = {k: v for k, v in zip(SDN[5:11], c[5:11], strict=True) if v}
    if c[9]:
        extra["vess_flag_iso3"] = resolve_country(c[9])
    nationalities_original = facts["nationality"] + facts["citizen"]
    return Designation(
        list_name=LIST_NAME,
        reference_number=str(ent_num),
        kind=kind,
        name=name,
        regimes=tuple(p.strip() for p in program.split("] [") if p.strip()),
        names=tuple(names),
        title=title,
        gender=facts["gender"][0] if facts["gender"] else "",
        nationalities=tuple(dict.fromkeys(x for x in (resolve_country(n) for n in nationalities_original) if x)),
        nationalities_original=tuple(nationalities_original),
        narrative=remarks,
        birth_dates=tuple(_dob(d) for d in facts["dob"]),
        documents=tuple(facts["documents"]),
        addresses=tuple(addresses) + tuple(_birthplace(p) for p in facts["pob"]),
        relations=tuple(Relation("linked_to", name) for name in dict.fromkeys(facts["linked_to"])),
        extra=extra,
        line=line,
    )


def _facts(remarks: str) -> dict[str, list[Any]]:
    facts: dict[str, list[Any]] = defaultdict(list)
    for part in (p.strip().rstrip(".") for p in remarks.split(";")):
        bare = part[5:] if part.startswith("alt. ") else part
        for prefix, key in (("DOB ", "dob"), ("POB ", "pob"), ("Nationality of Registration ", "nationality"),
                            ("nationality ", "nationality"), ("Linked To: ", "linked_to"),
                            ("citizen ", "citizen"), ("Gender ", "gender")):
            if bare.startswith(prefix):
                facts[key].append(bare[len(prefix):].strip())
                break
        else:
            if bare.startswith("a.k.a. "):
                facts["aka"].append(bare[7:].strip().strip("'\""))
            elif m := _DOC.match(bare):
                country = (m.group("country") or "").strip()
                facts["documents"].append(IdentityDocument(
                    m.group("kind").removesuffix(" No.").removesuffix(" #"), m.group("number").strip(),
                    _doc_country(country), country, note=m.group("note") or ""))
    return facts


def _birthplace(text: str) -> Address:
    """A place of birth: 'Irkutsk, Russia' gives the city and the country where the last part names one."""
    place, _, last = text.rpartition(",")
    country = _doc_country(last.strip()) if place else None
    if country:
        return Address("birthplace", city=place.strip(), country=country, country_original=last.strip())
    return Address("birthplace", city=text)


def _doc_country(text: str) -> str | None:
    """The issuing country of a document; text in the brackets that is no country (a note) gives None."""
    try:
        return resolve_country(text)
    except InputError:
        return None


_SINGLE = re.compile(r"(\d{1,2} )?([A-Za-z]{3,} )?\d{4}")


def _dob(text: str) -> BirthDate:
    """A DOB remark: `08 Jan 1984`, `Jan 1984`, `1984`, `circa 1960`, `1979-1982`, `01 Jan 1961 to 31 Dec 1962`.

    A range that covers exactly one year or one month becomes a date of that precision.
    """
    original = text
    approx = text.startswith("circa ")
    # Single spaces: the range's pattern then runs in linear time (a long run of spaces made it quadratic).
    text = " ".join(text.removeprefix("circa ").split())
    bounds = re.fullmatch(r"(.+?)\s*(?: to |-)\s*(.+)", text) if not _SINGLE.fullmatch(text) else None
    if bounds:
        start, end = _partial(bounds.group(1)), _partial(bounds.group(2))
        whole = _whole(start, end)
        if whole is not None:
            return BirthDate("APPROXIMATELY" if approx else "EXACT", whole, note=original)
        return BirthDate("BETWEEN", from_year=start.year, to_year=end.year, note=original)
    return BirthDate("APPROXIMATELY" if approx else "EXACT", _partial(text), note=original)


def _whole(start: PartialDate, end: PartialDate) -> PartialDate | None:
    """The year or month that the range start..end covers exactly, if it does."""
    if start.year != end.year:
        return None
    year = PartialDate(start.year)
    if (start.earliest, end.latest) == (year.earliest, year.latest):
        return year
    if start.month and start.month == end.month:
        month = PartialDate(start.year, start.month)
        if (start.earliest, end.latest) == (month.earliest, month.latest):
            return month
    return None


def _partial(text: str) -> PartialDate:
    words = text.split()
    try:
        if len(words) == 3:
            return PartialDate(int(words[2]), MONTHS[words[1][:3].casefold()], int(words[0]))
        if len(words) == 2:
            return PartialDate(int(words[1]), MONTHS[words[0][:3].casefold()])
        if len(words) == 1:
            return PartialDate(int(words[0]))
    except (KeyError, ValueError):
        pass
    raise InputError(f"DOB: cannot read the date {text!r}")


INGESTOR = Declared(NAME, VERSION, files, parse, snapshot=True)  # a list replaces the one before
