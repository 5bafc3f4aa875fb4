"""Finding a label's keywords in a text, fast: words are looked up in an index, not matched by regular expressions.

A keyword is one or more words: `torture`, `fair trial*` (`*` ends a stem: trial, trials), `withdraw* * reservation*`
(a lone `*` is any one word), `organi?ation` (`?` is s or z). Text and keywords are cut into words the same way
(lower case, letters and digits, so "ill-treatment" is two words and "women's" is "women" and "s"). For each word
of a text, the keywords whose first word it matches are looked up (exact words in one dict, stems by each prefix
length that a stem has), and only those are checked against the following words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[0-9a-z]+")
ANY = ("", True)  # a lone `*`: any one word


def words(text: str) -> list[str]:
    """The words of a text, as keywords are matched against them."""
    return _WORD.findall(text.casefold().replace("’", "'"))


def expand(keyword: str) -> list[str]:
    """A keyword with `?` written out as s and as z."""
    if "?" not in keyword:
        return [keyword]
    head, _, tail = keyword.partition("?")
    return [x for letter in "sz" for x in expand(head + letter + tail)]


def parse(keyword: str) -> tuple[tuple[str, bool], ...]:
    """A keyword as its word patterns: (text, is_stem); ANY for a lone `*`."""
    parts: list[tuple[str, bool]] = []
    for piece in keyword.split():
        if piece == "*":
            parts.append(ANY)
            continue
        inner = words(piece.rstrip("*"))
        parts += [(w, False) for w in inner[:-1]]
        if inner:
            parts.append((inner[-1], piece.endswith("*")))
    return tuple(parts)


@dataclass(frozen=True)
class _Entry:
    parts: tuple[tuple[str, bool], ...]
    target: Hashable


class KeywordIndex:
    """Keywords, each pointing at a target (e.g. a label); `find(text)` gives the targets and the words found."""

    def __init__(self, keywords: Iterable[tuple[str, Hashable]]) -> None:
        self._exact: dict[str, list[_Entry]] = defaultdict(list)
        self._stem: dict[str, list[_Entry]] = defaultdict(list)
        lengths: set[int] = set()
        for keyword, target in keywords:
            for written in expand(keyword):
                parts = parse(written)
                if not parts or parts[0] == ANY:
                    raise ValueError(f"keyword {keyword!r} must start with a word")
                first, stem = parts[0]
                (self._stem if stem else self._exact)[first].append(_Entry(parts, target))
                if stem:
                    lengths.add(len(first))
        self._lengths = sorted(lengths)
        self._memo: dict[str, list[_Entry]] = {}  # a word's candidates: words repeat, so each is looked up once

    def _candidates(self, w: str) -> list[_Entry]:
        found = self._memo.get(w)
        if found is None:
            found = list(self._exact.get(w, ()))
            for n in self._lengths:
                if n > len(w):
                    break
                found += self._stem.get(w[:n], ())
            if len(self._memo) < 200_000:
                self._memo[w] = found
        return found

    def find(self, text: str) -> dict[Hashable, list[str]]:
        """Each target whose keywords occur in `text`, with the text's words that matched (in order, no repeats)."""
        ws = words(text)
        out: dict[Hashable, list[str]] = {}
        for i, w in enumerate(ws):
            for e in self._candidates(w):
                if len(e.parts) == 1 or _matches(e.parts, ws, i):
                    found = " ".join(ws[i:i + len(e.parts)])
                    seen = out.setdefault(e.target, [])
                    if found not in seen:
                        seen.append(found)
        return out


def _matches(parts: tuple[tuple[str, bool], ...], ws: list[str], i: int) -> bool:
    if i + len(parts) > len(ws):
        return False
    for (text, stem), w in zip(parts, ws[i:i + len(parts)], strict=True):
        if not (w == text or (stem and w.startswith(text))):
            return False
    return True
