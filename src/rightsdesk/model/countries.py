"""Countries by code: ISO 3166-1 alpha-3 inside, M49 and the UN regional group beside it, source spellings mapped.

`countries.csv` is the table (made by `scripts/make_countries.py`); `country_aliases.csv` lists the spellings
that the bundled sources use where they are not the table's own names. `resolve_country` maps any such
spelling, or an alpha-2 or alpha-3 code, to alpha-3; a spelling it does not know raises UnknownCountryError,
and the few spellings that say "no country" on purpose (`-0-`, `undetermined`, `na`, `(Unknown)`) give None.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rightsdesk.errors import UnknownCountryError

REGIONAL_GROUPS = ("African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG")

# Spellings that deliberately name no country; stored as NULL with the original text kept.
# Matched exactly, so that "NA" (Namibia) is not taken for "na" (not available).
NO_COUNTRY = frozenset({"", "-0-", "undetermined", "na", "n/a", "unknown", "Unknown", "(Unknown)",
                        "&#40;Unknown&#41;", "Region: Kafia Kingi", "None Identified"})


@dataclass(frozen=True)
class Country:
    """A state or territory: ISO 3166 alpha-3 and alpha-2, UN M49 number, name, UN regional group."""

    iso3: str
    iso2: str
    m49: str
    name: str
    official_name: str
    regional_group: str | None
    un_status: str  # member | observer | historic | other


def _fold(text: str) -> str:
    """A spelling folded for comparison: no accents, no case, '&' as 'and', 'St' as 'Saint', no punctuation."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("’", "'")
    text = re.sub(r"\bst\b\.?", "saint", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


@cache
def countries() -> dict[str, Country]:
    """Every country in the table, by alpha-3 code."""
    with resources.files(__package__).joinpath("countries.csv").open(encoding="utf-8") as fh:
        return {
            r["iso3"]: Country(r["iso3"], r["iso2"], r["m49"], r["name"], r["official_name"],
                               r["regional_group"] or None, r["un_status"])
            for r in csv.DictReader(fh)
        }


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in sorted(countries().values(), key=lambda c: c.un_status == "historic"):  # a numeric code that a
        for spelling in (c.iso3, c.iso2, c.m49, c.name, c.official_name):          # former state shared goes
            if spelling:                                                            # to today's state
                index.setdefault(_fold(spelling), c.iso3)
    with resources.files(__package__).joinpath("country_aliases.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            index[_fold(r["spelling"])] = r["iso3"]
    return index


def resolve_country(spelling: str | None) -> str | None:
    """Map a source's spelling (or an ISO code) to alpha-3; None for a spelling that names no country on purpose.

    >>> resolve_country("DPR Korea"), resolve_country("Korea, North"), resolve_country("KP")
    ('PRK', 'PRK', 'PRK')
    """
    if spelling is None or spelling.strip() in NO_COUNTRY:
        return None
    iso3 = _lookup(spelling)
    if iso3 is None:
        raise UnknownCountryError(f"unknown country spelling {spelling!r}")
    return iso3


@lru_cache(maxsize=4096)
def _lookup(spelling: str) -> str | None:
    return _index().get(_fold(spelling))


@cache
def _names_longest_first() -> list[tuple[str, str]]:
    """Every folded country name, official name and alias of four letters or more, longest first."""
    names = {(_fold(n), c.iso3) for c in countries().values() for n in (c.name, c.official_name) if n}
    with resources.files(__package__).joinpath("country_aliases.csv").open(encoding="utf-8") as fh:
        names |= {(_fold(r["spelling"]), r["iso3"]) for r in csv.DictReader(fh)}
    return sorted(((n, c) for n, c in names if len(n) >= 4), key=lambda x: -len(x[0]))


def names_state(text: str, iso3: str) -> bool:
    """True when `text` names the state `iso3` by one of its names, as whole words and not inside a longer
    country name: "Republic of Korea" is not named by "...the Democratic People's Republic of Korea", nor
    Niger by "Nigeria", nor Guinea by "Equatorial Guinea".

    >>> names_state("Situation of human rights in the Democratic People's Republic of Korea", "KOR")
    False
    """
    folded = f" {_fold(text)} "
    for name, code in _names_longest_first():
        if f" {name} " in folded:
            if code == iso3:
                return True
            folded = folded.replace(f" {name} ", " # ")
    return False


def country(code: str) -> Country:
    """The country with this alpha-3 (or alpha-2) code or name; UnknownCountryError if there is none."""
    try:
        iso3 = resolve_country(code)
    except UnknownCountryError:
        iso3 = None
    if iso3 is None:
        raise UnknownCountryError(f"unknown country {code!r}: give an ISO 3166 code such as PRK, or a name")
    return countries()[iso3]


def existing_state(code: str) -> Country:
    """Like `country`, but a state that no longer exists (the USSR, Yugoslavia, ...) is an InputError: it has no
    reviews, seats or calendar."""
    found = country(code)
    if found.un_status == "historic":
        successor = SUCCESSORS.get(found.iso3)
        raise UnknownCountryError(
            f"{found.name} ({found.iso3}) no longer exists: it has no seats, situation, timeline or calendar; its "
            f"General Assembly votes are kept under {found.iso3}"
            + (f", and {successor[1]} ({successor[0]}) carries on from it" if successor else ""))
    return found


# The state that carries on a historic state's UN seat or territory, where one does.
SUCCESSORS = {"SUN": ("RUS", "the Russian Federation"), "SCG": ("SRB", "Serbia"), "DDR": ("DEU", "Germany"),
              "YMD": ("YEM", "Yemen"), "XZN": ("TZA", "the United Republic of Tanzania")}


def is_known_iso3(code: str) -> bool:
    """True when `code` is an alpha-3 code in the table."""
    return code.upper() in countries()
