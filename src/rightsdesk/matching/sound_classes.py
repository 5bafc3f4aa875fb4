"""Sound classes of Korean name syllables: the syllables that some spelling can stand for, joined.

A romanized syllable reads as a set of Hangul syllables (`romanization.READINGS`: chul → 절 줄 즐 철 출 츨).
Join every such set, and every Hangul syllable's own reading set, into classes (union-find): two spellings whose
readings intersect always fall into one class, so a key made of classes is shared by every pair of names that
`names.reading_score` would let agree. The classes are small (847 of them over the name syllables, the largest
holding 8), which makes them good blocking keys for linkage: recall is guaranteed by construction and a block
holds only names that sound alike.

Each class is named by its smallest member; `romanize_class` gives a canonical McCune–Reischauer spelling of a
class for fuzzy comparison of whole names. Built once at import; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rightsdesk.matching.romanization import (
    FAMILY_READINGS,
    READINGS,
    hangul_reading,
    is_hangul_syllable,
    mccune_reischauer,
)


def _build() -> dict[str, str]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(group: Iterable[str]) -> None:
        members = sorted(group)
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)

    for hangul in READINGS.values():
        join(hangul)
        for syllable in hangul:
            join(hangul_reading(syllable))
    for spelling, family in FAMILY_READINGS.items():
        join(family | READINGS.get(spelling, frozenset()))
    return {x: find(x) for x in list(parent)}


_CLASS: dict[str, str] = _build()


def class_of(readings: frozenset[str]) -> str:
    """The class of a set of readings (one syllable or one family name): the smallest class any member is in."""
    return min(_CLASS.get(r, r) for r in readings) if readings else "?"


@lru_cache(maxsize=8192)
def romanize_class(key: str) -> str:
    """A canonical romanized spelling of a class key (Hangul syllables, '?' for an unread one)."""
    return "".join(mccune_reischauer(c) if is_hangul_syllable(c) else c for c in key)
