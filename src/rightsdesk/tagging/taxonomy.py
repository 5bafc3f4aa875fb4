"""UHRI themes, affected persons and the 17 SDGs as data, and the crosswalk from the 54 UPR Info issues.

The data live in `rightsdesk/data/uhri/` (see its SOURCE.md): OHCHR's label lists as published, and rightsdesk's
tables of one row per label (with OHCHR's other spellings, keywords and linked SDGs) and of the crosswalk. This
module reads and checks them; it neither tags nor touches the store. OHCHR's spelling variants are one label:
`Taxonomy.canonical` maps any of them (and any name differing only in case, `&`/`and`, spaces or punctuation)
to the label rightsdesk uses, and refuses a name it does not know.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rightsdesk.errors import InputError

THEME, PERSONS, SDG = "uhri-theme", "affected-persons", "sdg"
SCHEMES = (THEME, PERSONS, SDG)
_DATA = "rightsdesk.data"
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class UhriLabel:
    """One label of a scheme: its name, OHCHR's other spellings, the words that suggest it, linked SDGs."""

    scheme: str
    label: str
    variants: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()  # themes: the goals the theme serves
    number: int | None = None  # SDGs: the goal's number
    title: str = ""  # SDGs: the official short title


@dataclass(frozen=True)
class CrosswalkLink:
    """A UPR Info issue corresponds to a UHRI label, fully (weight 1) or in part."""

    upr_issue: str
    scheme: str
    label: str
    weight: float


def normalise(name: str) -> str:
    """The form under which spelling variants meet: lower case, `&` read as `and`, letters and digits only."""
    return _NOT_ALNUM.sub("", name.casefold().replace("&", " and "))


@dataclass(frozen=True)
class Taxonomy:
    """The three schemes and the crosswalk (see the module doc)."""

    themes: tuple[UhriLabel, ...]
    affected_persons: tuple[UhriLabel, ...]
    sdgs: tuple[UhriLabel, ...]
    crosswalk: tuple[CrosswalkLink, ...]
    upr_issues: tuple[str, ...] = ()  # the 54 UPR Info issues, in the crosswalk's order

    def labels(self, scheme: str) -> tuple[UhriLabel, ...]:
        """The labels of one scheme (`uhri-theme`, `affected-persons` or `sdg`)."""
        return {THEME: self.themes, PERSONS: self.affected_persons, SDG: self.sdgs}[scheme]

    def canonical(self, scheme: str, name: str) -> str:
        """The label rightsdesk uses for `name` (any of OHCHR's spellings; an SDG also by number or title)."""
        if scheme not in SCHEMES:
            raise InputError(f"unknown UHRI scheme {scheme!r} (known: {', '.join(SCHEMES)})")
        found = _names(self, scheme).get(normalise(name))
        if found is None:
            raise InputError(f"{name!r} is not a known {scheme} label")
        return found


@cache
def _names(tax: Taxonomy, scheme: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for lab in tax.labels(scheme):
        names = [lab.label, *lab.variants]
        if lab.number is not None:
            names += [str(lab.number), f"SDG {lab.number}", f"Goal {lab.number}", lab.title,
                      f"SDG {lab.number} {lab.title}"]
        for n in names:
            out[normalise(n)] = lab.label
    return out


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files(_DATA).joinpath(f"uhri/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _split(cell: str, sep: str = ";") -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(sep) if p.strip())


def _weighted(cell: str) -> Iterator[tuple[str, float]]:
    """`label|label:0.5` -> (label, 1.0), (label, 0.5); labels may contain colons, so only a number ends one."""
    for part in _split(cell, "|"):
        head, _, tail = part.rpartition(":")
        try:
            yield (head.strip(), float(tail)) if head else (part, 1.0)
        except ValueError:
            yield part, 1.0


@cache
def taxonomy() -> Taxonomy:
    """The taxonomy shipped in the package, read once and checked (every crosswalk label exists)."""
    themes = tuple(UhriLabel(THEME, r["label"], _split(r["variants"], "|"), _split(r["keywords"]),
                             _split(r["requires"]), tuple(int(n) for n in _split(r["sdgs"])))
                   for r in _read("themes.csv"))
    persons = tuple(UhriLabel(PERSONS, r["label"], _split(r["variants"], "|"), _split(r["keywords"]),
                              _split(r["requires"])) for r in _read("affected_persons.csv"))
    sdgs = tuple(UhriLabel(SDG, r["label"], (), _split(r["keywords"]), number=int(r["number"]), title=r["title"])
                 for r in _read("sdgs.csv"))
    tax = Taxonomy(themes, persons, sdgs, ())
    links = []
    for r in _read("upr_issue_crosswalk.csv"):
        for scheme, column in ((THEME, "themes"), (PERSONS, "affected_persons")):
            links += [CrosswalkLink(r["upr_issue"], scheme, tax.canonical(scheme, lab), w)
                      for lab, w in _weighted(r[column])]
    return Taxonomy(themes, persons, sdgs, tuple(links), tuple(r["upr_issue"] for r in _read("upr_issue_crosswalk.csv")))


def ohchr_spellings(scheme: str) -> list[str]:
    """OHCHR's label names as published (`ohchr_*.txt`), one per line, variants and all."""
    name = {THEME: "themes", PERSONS: "affected_persons", SDG: "sdgs"}[scheme]
    text = resources.files(_DATA).joinpath(f"uhri/ohchr_{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]
