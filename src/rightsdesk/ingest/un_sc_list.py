"""The Security Council consolidated sanctions list (the UN's own XML, schema sc-sanctions.xsd), all regimes.

Each INDIVIDUAL and ENTITY becomes a Designation with every name part and alias (and its quality), the name in
original script, dates and places of birth, nationalities, documents, addresses, titles and offices, the regime
(UN_LIST_TYPE), reference number (KPi.043), listed-on and last-updated dates and the narrative (COMMENTS1). The
whole element is also kept as `extra["xml"]` (a nested dict), so nothing the XML holds is lost. A truncated or
malformed file, or an XML file that is not a consolidated list, raises IngestError with the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from rightsdesk.errors import IngestError, InputError
from rightsdesk.ingest.base import Declared
from rightsdesk.ingest.files import open_binary
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.records import Address, BirthDate, Designation, DesignationName, IdentityDocument
from rightsdesk.model.vocab import SubjectKind

NAME = "un-sc-list"
VERSION = "2"  # 2: empty dates of birth dropped, months written in the note read
LIST_NAME = "un"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def issued(path: Path) -> dt.date | None:
    """The day the list was generated (the root's dateGenerated), None when the file does not say."""
    try:
        with open_binary(path) as fh:
            for _, el in etree.iterparse(fh, events=("start",)):
                stamp = (el.get("dateGenerated") or "")[:10]
                return dt.date.fromisoformat(stamp) if stamp else None
    except (etree.XMLSyntaxError, OSError, EOFError, ValueError):
        return None  # parse() reports what is wrong with the file
    return None


def files(path: Path) -> list[Path]:
    """The file read for `path`."""
    return [path]


SECTIONS = {"INDIVIDUAL": "INDIVIDUALS", "ENTITY": "ENTITIES"}  # each entry's kind and the section holding it


def parse(path: Path) -> Iterator[Designation]:
    """Yield a Designation per INDIVIDUAL and ENTITY element.

    The file must be whole: the root closed, both sections (INDIVIDUALS, ENTITIES) present once each, and every
    entry inside its own section; a file cut short or missing a section would otherwise delist what it lost."""
    name = str(path)
    count = 0
    lines: dict[str, int] = {}  # the line of each reference number, to name both lines of a repeat
    sections: dict[str, int] = {}  # the line of each section seen
    with open_binary(path) as fh:
        try:
            # Without huge_tree: libxml2 refuses a text node over 10 MB (a bomb) while it streams.
            context = etree.iterparse(fh, events=("start", "end"))
            root: etree._Element | None = None
            closed = False
            for event, el in context:
                if root is None:
                    root = el
                    if el.tag != "CONSOLIDATED_LIST":
                        raise IngestError(name, el.sourceline, f"not a UN consolidated list: root element is <{el.tag!s}>")
                    continue
                if el.getparent() is None:  # the root's end
                    closed = True
                    continue
                if event == "start":
                    _check_place(name, el, sections)
                    continue
                if el.tag in SECTIONS:
                    try:
                        designation = _designation(el)
                    except (InputError, ValueError) as exc:
                        ref = el.findtext("REFERENCE_NUMBER") or "?"
                        raise IngestError(name, f"line {el.sourceline}, <{el.tag}> {ref}", str(exc)) from None
                    ref = designation.reference_number
                    if ref in lines:
                        raise IngestError(name, el.sourceline, f"REFERENCE_NUMBER {ref} appears twice (first on "
                                                               f"line {lines[ref]})")
                    lines[ref] = el.sourceline or 0
                    yield designation
                    count += 1
                    el.clear()
        except etree.XMLSyntaxError as exc:
            raise IngestError(name, exc.lineno, f"malformed XML: {exc.msg}") from None
        except (OSError, EOFError) as exc:
            raise IngestError(name, None, f"cannot read: {exc}") from None
    if root is None or not closed:  # libxml2 says so first; kept so that no reader can let it pass
        raise IngestError(name, None, "the file ends before </CONSOLIDATED_LIST>: it looks cut short")
    for section in SECTIONS.values():
        if section not in sections:
            raise IngestError(name, root.sourceline, f"the list has no <{section}> section (a consolidated list "
                                                     "holds INDIVIDUALS and ENTITIES): the file looks damaged")
    if count == 0:
        raise IngestError(name, None, "the list holds no INDIVIDUAL or ENTITY")


def _check_place(name: str, el: etree._Element, sections: dict[str, int]) -> None:
    """IngestError for a section that is not a child of the root or appears twice, and for an entry outside its
    own section (an INDIVIDUAL among the ENTITIES)."""
    parent, tag = el.getparent(), str(el.tag)  # a str: iterparse over a file gives no other
    if tag in SECTIONS.values():
        if parent is None or parent.getparent() is not None:
            where = str(parent.tag) if parent is not None else ""
            raise IngestError(name, el.sourceline, f"<{tag}> inside <{where}>; a section belongs directly under "
                                                   "<CONSOLIDATED_LIST>")
        if tag in sections:
            raise IngestError(name, el.sourceline, f"a second <{tag}> section (the first is on line "
                                                   f"{sections[tag]})")
        sections[tag] = el.sourceline or 0
    elif tag in SECTIONS and (parent is None or parent.tag != SECTIONS[tag]):
        where = str(parent.tag) if parent is not None else ""
        raise IngestError(name, el.sourceline, f"<{tag}> inside <{where}>; it belongs in <{SECTIONS[tag]}>")


def _text(el: etree._Element, tag: str) -> str:
    return " ".join((el.findtext(tag) or "").split())


def _values(el: etree._Element, tag: str) -> list[str]:
    return [" ".join(v.text.split()) for v in el.findall(f"{tag}/VALUE") if v.text and v.text.strip()]


def _designation(el: etree._Element) -> Designation:
    individual = el.tag == "INDIVIDUAL"
    ref = _text(el, "REFERENCE_NUMBER")
    if not ref:
        raise InputError("REFERENCE_NUMBER is missing")
    parts = tuple(p for p in (_text(el, t) for t in NAME_PARTS) if p)
    if not parts:
        raise InputError("FIRST_NAME is missing")
    nationalities_original = _values(el, "NATIONALITY")
    alias_tag = "INDIVIDUAL_ALIAS" if individual else "ENTITY_ALIAS"
    address_tag = "INDIVIDUAL_ADDRESS" if individual else "ENTITY_ADDRESS"
    names = [DesignationName(" ".join(parts), "primary", None, parts)]
    original_script = _text(el, "NAME_ORIGINAL_SCRIPT")
    if original_script:
        names.append(DesignationName(original_script, "original-script"))
    for alias in el.findall(alias_tag):
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name:
            names.append(DesignationName(alias_name, "alias", _text(alias, "QUALITY") or None))
    return Designation(
        list_name=LIST_NAME,
        reference_number=ref,
        kind=SubjectKind.INDIVIDUAL if individual else SubjectKind.ENTITY,
        name=" ".join(parts),
        regimes=(_text(el, "UN_LIST_TYPE"),),
        names=tuple(names),
        name_original_script=original_script,
        title="; ".join(_values(el, "TITLE")),
        function="; ".join(_values(el, "DESIGNATION")),
        gender=_text(el, "GENDER"),
        nationalities=tuple(c for c in (resolve_country(n) for n in nationalities_original) if c),
        nationalities_original=tuple(nationalities_original),
        listed_on=_date(_text(el, "LISTED_ON")),
        last_updated=tuple(d for d in (_date(v) for v in _values(el, "LAST_DAY_UPDATED")) if d),
        narrative=(el.findtext("COMMENTS1") or "").strip(),
        birth_dates=tuple(b for b in (_birth_date(x) for x in el.findall("INDIVIDUAL_DATE_OF_BIRTH")) if b),
        documents=tuple(d for d in (_document(x) for x in el.findall("INDIVIDUAL_DOCUMENT")) if d),
        addresses=tuple(a for a in _addresses(el, address_tag) if a),
        extra={"xml": _as_dict(el)},
        line=el.sourceline or 0,
    )


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"malformed date {text!r}") from None


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                         "nov", "dec"), start=1)}
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{4})$")
_BETWEEN_MONTHS = re.compile(r"^Between ([A-Za-z]{3})[a-z]*\.? and ([A-Za-z]{3})[a-z]*\.? (\d{4})$")


def _birth_date(el: etree._Element) -> BirthDate | None:
    """A date of birth; None for an empty element. A month written only in the note ("Nov. 1973", "Between Aug.
    and Sep. 1977") becomes the date at its precision, the note kept."""
    kind = _text(el, "TYPE_OF_DATE") or "EXACT"
    date_text = _text(el, "DATE") or _text(el, "YEAR")
    note = _text(el, "NOTE")
    from_year = int(_text(el, "FROM_YEAR")) if _text(el, "FROM_YEAR") else None
    to_year = int(_text(el, "TO_YEAR")) if _text(el, "TO_YEAR") else None
    if not (date_text or note or from_year or to_year):
        return None
    date = PartialDate.parse(date_text) if date_text else None
    if date is None and (m := _MONTH_YEAR.match(note)) and m.group(1).casefold() in _MONTHS:
        date = PartialDate(int(m.group(2)), _MONTHS[m.group(1).casefold()])
    elif date is None and (m := _BETWEEN_MONTHS.match(note)):
        date, kind = PartialDate(int(m.group(3))), "BETWEEN"
    return BirthDate(kind=kind, date=date, from_year=from_year, to_year=to_year, note=note)


def _document(el: etree._Element) -> IdentityDocument | None:
    kind = "; ".join(t for t in (_text(el, "TYPE_OF_DOCUMENT"), _text(el, "TYPE_OF_DOCUMENT2")) if t)
    number, note = _text(el, "NUMBER"), _text(el, "NOTE")
    if not (kind or number or note):
        return None
    country_original = _text(el, "ISSUING_COUNTRY") or _text(el, "COUNTRY_OF_ISSUE")
    issued = "; ".join(t for t in (_text(el, "DATE_OF_ISSUE"), _text(el, "CITY_OF_ISSUE")) if t)
    return IdentityDocument(kind or "unspecified", number, resolve_country(country_original), country_original,
                            issued, note)


def _addresses(el: etree._Element, address_tag: str) -> Iterator[Address | None]:
    for tag, kind in ((address_tag, "address"), ("INDIVIDUAL_PLACE_OF_BIRTH", "birthplace")):
        for a in el.findall(tag):
            country_original = _text(a, "COUNTRY")
            address = Address(kind, _text(a, "STREET"), _text(a, "CITY"), _text(a, "STATE_PROVINCE"),
                              _text(a, "ZIP_CODE"), resolve_country(country_original), country_original,
                              _text(a, "NOTE"))
            yield address if any((address.street, address.city, address.region, country_original, address.note)) else None


def _as_dict(el: etree._Element) -> Any:
    """The element as nested dicts and lists: repeated children become lists, empty ones are dropped."""
    if len(el) == 0:
        return (el.text or "").strip()
    out: dict[str, Any] = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction: no data, and its tag is no name
        value = _as_dict(child)
        if value in ("", {}, []):
            continue
        if child.tag in out:
            if not isinstance(out[child.tag], list):
                out[child.tag] = [out[child.tag]]
            out[child.tag].append(value)
        else:
            out[child.tag] = value
    return out


INGESTOR = Declared(NAME, VERSION, files, parse, snapshot=True, issued=issued)  # a list replaces the one before
