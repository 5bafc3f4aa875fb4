"""The search keys of a name: what the blind index hashes, so that 김영철, Kim Yong Chol and Gim Yeong-cheol find
one another without any name being stored in the clear.

A Korean name (`matching.names.parse_name`) has readings: a set of canonical Hangul family names and, for
each given syllable, the set of Hangul syllables its spelling can stand for. Its keys are every combination,
written in Hangul ("k:김|영|철"), at most MAX_KEYS of them; a Hangul name has exactly one. A stored name and a
query match when they share a key. Every name also gets its order-free folded spelling ("s:chol kim yong"), so
that names that are not Korean are found by their exact spelling. The store keeps only keyed hashes of these
keys (`Keyring.blind`), never the keys.
"""

from __future__ import annotations

import itertools

from rightsdesk.matching.names import parse_name
from rightsdesk.matching.romanization import is_hangul_syllable

MAX_KEYS = 512


def name_keys(text: str) -> set[str]:
    """The search keys of one written name (empty for a blank one)."""
    parsed = parse_name(text)
    keys: set[str] = {f"s:{parsed.plain}"} if parsed.plain else set()
    for reading in parsed.readings:
        for family in sorted(reading.family):
            for given in itertools.product(*(sorted(s) for s in reading.given)):
                keys.add("k:" + "|".join((family, *given)))
                if len(keys) >= MAX_KEYS:
                    return keys
    return keys


def names_keys(texts: list[str]) -> set[str]:
    """The keys to store for several written forms of one person's name: the spelling key of each form, and the
    reading keys of the Hangul forms only when there are any (a romanized query's keys always include the one
    Hangul key its spelling can stand for, so storing the romanized forms' many keys as well would add nothing
    but rows), else those of every form."""
    hangul = [t for t in texts if _is_hangul(t)]
    keys: set[str] = set()
    for text in texts:
        keys |= {k for k in name_keys(text) if k.startswith("s:") or not hangul or text in hangul}
    return keys


def _is_hangul(text: str) -> bool:
    letters = [c for c in text if not c.isspace()]
    return bool(letters) and all(is_hangul_syllable(c) for c in letters) and bool(parse_name(text).readings)
