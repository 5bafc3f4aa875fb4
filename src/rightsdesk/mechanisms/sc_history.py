"""Security Council membership 1946-2027 from the UN DPPA's dataset (bundled, see `mechanisms/data/SOURCE.md`).

The source writes each member as the UN then named it; historical names map to codes as the rest of rightsdesk
holds seat holders (the USSR's votes and seat under SUN until it became the Russian Federation's, West Germany's
seat under DEU as Germany's, the GDR under DDR). "China" is the source's name for the permanent seat throughout;
it is CHN, with a note that the Republic of China held it until 25 October 1971 (A/RES/2758 (XXVI)). A name that
maps to no code is an InputError naming the file and line, never a silent drop.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from rightsdesk.errors import InputError, UnknownCountryError
from rightsdesk.model.countries import resolve_country

FILE = "un_sc_members_1946-2027.csv"
CITATION = ('UN DPPA, "Security Council membership by year" (psdata.un.org/dataset/DPPA-SCMembership, '
            "updated 2 July 2026)")

# The source's historical names, with the code each seat is held under and why.
NAMES: dict[str, tuple[str, str]] = {
    "USSR (Union of Soviet Socialist Republics)": ("SUN", "the Union of Soviet Socialist Republics; its seat passed "
                                                  "to the Russian Federation in December 1991"),
    "German FR (German Federal Republic)": ("DEU", "the Federal Republic of Germany, whose seat passed to Germany "
                                           "in 1990"),
    "German DR (German Democratic Republic)": ("DDR", "the German Democratic Republic"),
    "Ukrainian SSR (Ukrainian Soviet Socialist Republic)": ("UKR", "the Ukrainian SSR, a member since 1945, "
                                                            "Ukraine since 1991"),
    "United Arab Republic": ("EGY", "the United Arab Republic, Egypt's name at the UN until 1971"),
}
CHINA_NOTE = "the seat was held by the Republic of China until 25 October 1971 (A/RES/2758 (XXVI))"


def member_code(name: str, where: str = FILE) -> tuple[str, str]:
    """The code of a member as the source names it, and a note for a historical name; InputError if none."""
    if name in NAMES:
        return NAMES[name]
    try:
        code = resolve_country(name)
    except UnknownCountryError:
        code = None
    if code is None:
        raise InputError(f"{where}: Security Council member {name!r} maps to no country code")
    return code, ""


@cache
def history() -> dict[int, tuple[tuple[str, bool, str], ...]]:
    """{year: ((code, permanent, note), ...)} for 1946-2027, from the bundled DPPA data."""
    text = resources.files("rightsdesk.mechanisms.data").joinpath(FILE).read_text(encoding="utf-8")
    out: dict[int, list[tuple[str, bool, str]]] = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if row["seat"] not in ("permanent", "elected"):
            raise InputError(f"{FILE}, line {line}: seat {row['seat']!r} is neither permanent nor elected")
        code, note = member_code(row["member"].strip(), f"{FILE}, line {line}")
        year = int(row["year"])
        if code == "CHN" and year <= 1971:
            note = CHINA_NOTE
        if row["note"]:
            note = "; ".join(n for n in (note, f"DPPA data: {row['note']}") if n)
        seats = out.setdefault(year, [])
        if any(code == c for c, _, _ in seats):
            raise InputError(f"{FILE}, line {line}: {code} appears twice in {year}")
        seats.append((code, row["seat"] == "permanent", note))
    for year, seats in out.items():
        if len(seats) != (11 if year < 1966 else 15):
            raise InputError(f"{FILE}: {year} has {len(seats)} members, not {11 if year < 1966 else 15}")
    return {year: tuple(sorted(seats)) for year, seats in sorted(out.items())}


def history_years() -> range:
    """The years the DPPA data covers (1946-2027)."""
    years = history()
    return range(min(years), max(years) + 1)
