"""What Splink compares: each list record turned into columns of keys built on the Korean name model.

A name is read once (`matching.names.parse_name`). Its readings give, per reading, a *sound key*: the family
name and each given syllable replaced by its sound class (`matching.sound_classes`), so that 김영철, Kim Yong
Chol, Gim Yeong-cheol and Yong Chol Kim (family last) share a key, and Ri, Yi, Lee and Rhee are one family.

    name_plain    order-free folded spelling ("chol kim yong"): the exact level
    name_exact    the Hangul readings, expanded (at most MAX_EXACT): "one spelling can stand for the other"
    name_keys     the sound keys of every reading; name_key the primary one (the most common family name,
                  family first), on which term frequencies are counted (Kim Yong Chol is many people)
    name_roman    the primary sound key in one canonical romanization, for fuzzy comparison (typos)
    block_keys    what blocking explodes: sound keys; the given name with the birth year (a family name
                  misspelt or different); family and first or last given syllable with the birth year (one
                  syllable misspelt); the folded spelling and its long words for names that are not Korean

A romanized name with a syllable that no table knows (a typo: Kim Yong Cjol) gets a *loose* reading: the
known syllables are kept and the unknown one becomes "?", which only the year-qualified keys can match.

Places: province and town names are Korean syllables too, so a place is keyed the same way (평안북도, North
Phyongan, Pyonganbuk-do share "평안북"); "north"/"south" and the words for province, city and county are folded.
Pure functions; no I/O.
"""

from __future__ import annotations

import itertools
from typing import Any

from rightsdesk.linkage.lists import ListRecord
from rightsdesk.matching.names import KoreanReading, normalise, parse_name, segment
from rightsdesk.matching.romanization import (
    FAMILY_NAMES,
    FAMILY_READINGS,
    READINGS,
    canonical,
    is_hangul_syllable,
    mccune_reischauer,
)
from rightsdesk.matching.sound_classes import class_of, romanize_class
from rightsdesk.model.dates import PartialDate

MAX_EXACT = 32
_FAMILY_RANK = {"".join(canonical(c) for c in h): i for i, h in enumerate(FAMILY_NAMES)}
_PLACE_WORDS = frozenset({"province", "city", "county", "prefecture", "district", "town", "village", "do", "si",
                          "gun", "kun", "ri", "dong", "up", "eup", "special", "municipality"})
_PLACE_SUFFIXES = ("-do", "-si", "-gun", "-kun", "-ri", "-dong", "-up", "-eup")
_HANGUL_PLACE_SUFFIXES = ("도", "시", "군", "리", "동", "읍", "구")
_DIRECTIONS = {"north": "buk", "n": "buk", "south": "nam", "s": "nam"}

#: The columns `features` gives, in order (Splink's input table).
COLUMNS = ("unique_id", "source_dataset", "name", "name_plain", "name_key", "name_keys", "name_exact",
           "name_roman", "block_keys", "sex", "birth_year", "place_keys", "place_roman", "date_year",
           "date_month", "date_day")


def features(record: ListRecord) -> dict[str, Any]:
    """The columns Splink compares for one record (see the module docstring). A record with several written
    forms of its name (`other_names`) is compared on the first and blocked on the keys of all of them."""
    row = _one_name(record, record.name)
    for other in record.other_names:
        more = _one_name(record, other)
        for column in ("name_keys", "name_exact", "block_keys"):
            row[column] = list(dict.fromkeys(row[column] + more[column]))
    return row


def _one_name(record: ListRecord, name: str) -> dict[str, Any]:
    parsed = parse_name(name)
    readings = list(parsed.readings) or _loose_readings(parsed.tokens)
    readings.sort(key=_primary_order)
    keys = list(dict.fromkeys(_sound_key(r) for r in readings))
    plain = parsed.plain or parsed.normalised
    primary = keys[0] if keys else ""
    year = record.birth_year
    blocks = [f"k:{k}" for k in keys if "?" not in k]
    when = _qualifiers(year, record.date)
    for r in readings:
        classes = [class_of(g) for g in r.given]
        family = class_of(r.family)
        skeleton = consonants("".join(r.spelled[1:]))
        blocks.append(f"c:{family}|{skeleton}")
        for q in when:
            blocks += [f"g:{''.join(classes)}|{q}", f"a:{family}{classes[0]}|{q}", f"b:{family}{classes[-1]}|{q}",
                       f"e:{skeleton}|{q}"]
    if not parsed.readings:
        blocks.append(f"s:{plain}")
        blocks += [f"t:{t}" for t in plain.split() if len(t) >= 4]
    place_keys_, place_roman = place_keys(record.place)
    date = record.date
    return {
        "unique_id": f"{record.list}:{record.id}", "source_dataset": record.list, "name": record.name,
        "name_plain": plain, "name_key": primary or f"s:{plain}", "name_keys": keys,
        "name_exact": _exact(readings), "name_roman": romanize_class(primary) if primary else plain,
        "block_keys": list(dict.fromkeys(b for b in blocks if "?" not in b.split("|")[0])),
        "sex": record.sex, "birth_year": year, "place_keys": place_keys_, "place_roman": place_roman,
        "date_year": date.year if date else None, "date_month": date.month if date else None,
        "date_day": date.day if date else None,
    }


def _qualifiers(year: int | None, date: PartialDate | None) -> list[str]:
    """What narrows a partial-name key: the birth year in two-year buckets (so a year off by one still shares
    one) and the incident year."""
    out = [f"y{year // 2}", f"y{(year + 1) // 2}'"] if year is not None else []
    return out + ([f"d{date.year}"] if date is not None else [])


#: Consonant classes that every romanization of a syllable agrees on (vowels and glides dropped).
_CONSONANTS = (("tch", "C"), ("ch", "C"), ("ng", "G"), ("sh", "S"),
               ("k", "K"), ("g", "K"), ("j", "C"), ("t", "T"), ("d", "T"), ("p", "P"), ("b", "P"), ("f", "P"),
               ("r", "L"), ("l", "L"), ("n", "N"), ("m", "M"), ("s", "S"), ("h", "H"), ("c", "C"), ("q", "K"),
               ("v", "P"), ("x", "S"), ("z", "C"))


def consonants(spelled: str) -> str:
    """The consonant skeleton of a romanized (or Hangul, read in MR) given name, repeats folded: Yong-chol,
    Yeong-cheol and Young Chul give "GCL"; a vowel typo (Hyyok) leaves it unchanged."""
    text = "".join(mccune_reischauer(c) if is_hangul_syllable(c) else c for c in spelled.casefold())
    out: list[str] = []
    i = 0
    while i < len(text):
        for spelling, code in _CONSONANTS:
            if text.startswith(spelling, i):
                if not out or out[-1] != code:
                    out.append(code)
                i += len(spelling)
                break
        else:
            i += 1
    return "".join(out)


def _primary_order(reading: KoreanReading) -> tuple[int, bool, int]:
    """Most common family name first, then family-first, then the fewest unknown syllables."""
    rank = min((_FAMILY_RANK.get(f, len(_FAMILY_RANK)) for f in reading.family), default=len(_FAMILY_RANK))
    return rank, reading.family_last, sum(1 for g in reading.given if not g)


def _sound_key(reading: KoreanReading) -> str:
    return class_of(reading.family) + "".join(class_of(g) for g in reading.given)


def _exact(readings: list[KoreanReading]) -> list[str]:
    out: list[str] = []
    for r in readings:
        if not all(r.given):
            continue
        for combo in itertools.product(sorted(r.family), *(sorted(g) for g in r.given)):
            out.append("".join(combo))
            if len(out) >= MAX_EXACT:
                return list(dict.fromkeys(out))
    return list(dict.fromkeys(out))


def _loose_readings(tokens: tuple[str, ...]) -> list[KoreanReading]:
    """Readings of a romanized name with one word no table knows (a typo), family first or last: an unknown
    given syllable becomes an empty set, an unknown family name too (so "Kimm Yong Chol" keeps "Yong Chol")."""
    if not 2 <= len(tokens) <= 4 or not all(t.replace("-", "").isascii() for t in tokens):
        return []
    found = []
    for family, rest, last in ((tokens[0], tokens[1:], False), (tokens[-1], tokens[:-1], True)):
        given: list[frozenset[str]] = []
        spelled: list[str] = []
        for piece in (p for t in rest for p in t.split("-") if p):
            split = segment(piece)
            parts = split[0] if split else (piece,)
            given += [_readings_of(p) for p in parts]
            spelled += list(parts)
        unknown = sum(1 for g in given if not g) + (family not in FAMILY_READINGS)
        if 1 <= len(given) <= 3 and unknown == 1:
            found.append(KoreanReading(FAMILY_READINGS.get(family, frozenset()), tuple(given), (family, *spelled),
                                       last))
    return found


def _readings_of(syllable: str) -> frozenset[str]:
    return READINGS.get(syllable, frozenset())


def place_keys(text: str | None) -> tuple[list[str], str | None]:
    """A place's keys (sound classes of its Korean syllables, every way its spelling splits, or its folded
    spelling) and one romanized form for fuzzy comparison."""
    if not text:
        return [], None
    joined = "".join(text.split())
    if all(is_hangul_syllable(c) for c in joined):
        core = joined[:-1] if len(joined) > 2 and joined.endswith(_HANGUL_PLACE_SUFFIXES) else joined
        key = "".join(class_of(frozenset({canonical(c)})) for c in core)
        return [f"k:{key}"], romanize_class(key)
    direction = ""
    kept = []
    for word in normalise(text).split():
        for suffix in _PLACE_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                word = word[: -len(suffix)]
        if word in _DIRECTIONS:
            direction = _DIRECTIONS[word]
        elif word not in _PLACE_WORDS:
            kept.append(word.replace("-", ""))
    core = "".join(kept) + direction
    keys = [f"k:{''.join(class_of(_readings_of(s)) for s in split)}"
            for split in (segment(core) if core.isascii() else ())]
    if keys:
        return list(dict.fromkeys(keys)), romanize_class(keys[0][2:])
    plain = " ".join(kept + ([direction] if direction else []))
    return [f"s:{plain}"], plain
