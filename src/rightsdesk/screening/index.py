"""An in-memory screening index over designations, with blocking so that a query scores few candidates.

Built once from `Iterable[Designation]` (any list, any regime); every name and alias of an entry is parsed once
(`matching.names.parse_name`). Blocking keys, each a short string:

    k:<hangul>   a canonical Hangul syllable that a given-name syllable of a Korean reading can stand for
    t:<token>    an ASCII-folded name token
    s:<skeleton> the token's consonant skeleton (mhmd for Mohammed and Muhammad)
    p:<plain>    the whole name, tokens sorted (finds names made of initials: E. S. Co.)

A query collects the postings of its keys, skipping keys so common that they block nothing (unless it has no
other key), and keeps the names that share the most keys, rare keys weighing more than common ones. Identifiers (passport, IMO number) are looked up
exactly, apart from blocking. No I/O; the index is a plain object that can be pickled to worker processes.

`PartialIndex` is the part of an index that one query needs: the postings of its keys and the entries they
point to, under the numbers the whole index gives them, so that scoring it gives the same results as scoring the
whole index. The store keeps the postings (`store/screening_keys.py`), and `pipeline/screening.py` fills one for
`rightsdesk screen`.
Scoring takes either (`Screenable`).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from rightsdesk.matching.names import ParsedName, parse_name, split_brackets
from rightsdesk.model.records import BirthDate, Designation
from rightsdesk.model.vocab import SubjectKind

KEYS_VERSION = "1"  # change with blocking_keys, _entry_names or the name parsing: stored postings are then stale
MAX_POSTING = 1500  # keys with more names than this are too common to block on
MAX_CANDIDATES = 60  # names scored per query, those sharing the most keys
_VOWELS = re.compile(r"[aeiouyhw]")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_STOP_TOKENS = frozenset({"al", "el", "bin", "ibn", "abu", "de", "la", "the", "of", "and", "co", "ltd", "llc",
                          "sa", "inc", "company", "corporation", "corp", "limited", "trading", "general",
                          "group", "bank", "international", "a", "s", "y", "del", "der"})


_T_co = TypeVar("_T_co", covariant=True)


@dataclass(frozen=True)
class IndexedName:
    """One name of one entry, parsed."""

    entry: int
    parsed: ParsedName
    kind: str  # primary | alias | fka | original-script ...
    subject: SubjectKind  # copied from the entry so that filtering needs no lookup
    list_name: str
    weak: bool = False  # a low-quality alias (UN "Low", SDN "weak a.k.a."): never a match on its own


@dataclass(frozen=True)
class IndexedEntry:
    """A designation with what the features need, precomputed."""

    designation: Designation
    identifiers: frozenset[str]
    birth_dates: tuple[BirthDate, ...]
    nationalities: frozenset[str]


@dataclass
class ScreeningIndex:
    """Designations, their parsed names and the blocking postings."""

    entries: list[IndexedEntry] = field(default_factory=list)
    names: list[IndexedName] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    by_identifier: dict[str, list[int]] = field(default_factory=dict)
    entry_names: list[list[int]] = field(default_factory=list)

    @classmethod
    def build(cls, designations: Iterable[Designation]) -> ScreeningIndex:
        """Index designations: parse every name once and post it under its blocking keys."""
        index = cls()
        for designation in designations:
            index.add(designation)
        return index

    def add(self, designation: Designation) -> None:
        """Add one designation."""
        entry_id = len(self.entries)
        entry = indexed_entry(designation)
        self.entries.append(entry)
        for key in entry.identifiers:
            self.by_identifier.setdefault(key, []).append(entry_id)
        self.entry_names.append([])
        for parsed, kind, weak in parsed_names(designation):
            name_id = len(self.names)
            self.names.append(IndexedName(entry_id, parsed, kind, designation.kind, designation.list_name, weak))
            self.entry_names[entry_id].append(name_id)
            for key in blocking_keys(parsed):
                self.postings.setdefault(key, []).append(name_id)

    def candidates(self, parsed: ParsedName, limit: int = MAX_CANDIDATES) -> list[int]:
        """Name ids sharing the most blocking keys with `parsed`, at most `limit`."""
        return select_candidates(self.postings, parsed, limit)

    def entries_with_identifier(self, value: str) -> list[int]:
        """Entry ids holding this identifier (passport, IMO number), compared without spaces or prefixes."""
        return entries_with_identifier(self.by_identifier, value)


class ById(Protocol[_T_co]):
    """What scoring reads by number: a list (the whole index) or a dict (a partial one)."""

    def __getitem__(self, key: int, /) -> _T_co: ...


class Screenable(Protocol):
    """What scoring needs of an index: a ScreeningIndex or a PartialIndex."""

    @property
    def entries(self) -> ById[IndexedEntry]: ...
    @property
    def names(self) -> ById[IndexedName]: ...
    @property
    def entry_names(self) -> ById[list[int]]: ...
    def candidates(self, parsed: ParsedName, limit: int = MAX_CANDIDATES) -> list[int]: ...
    def entries_with_identifier(self, value: str) -> list[int]: ...


@dataclass
class PartialIndex:
    """The part of a ScreeningIndex that some queries need, under the whole index's numbers: the postings of their
    keys (each as long as in the whole index), their identifier keys, and the entries those point to."""

    postings: dict[str, list[int]] = field(default_factory=dict)
    by_identifier: dict[str, list[int]] = field(default_factory=dict)
    entries: dict[int, IndexedEntry] = field(default_factory=dict)
    names: dict[int, IndexedName] = field(default_factory=dict)
    entry_names: dict[int, list[int]] = field(default_factory=dict)

    def add(self, entry_id: int, first_name: int, designation: Designation) -> None:
        """Add a designation that the whole index numbers `entry_id`, its first name `first_name`."""
        self.entries[entry_id] = indexed_entry(designation)
        self.entry_names[entry_id] = []
        for offset, (parsed, kind, weak) in enumerate(parsed_names(designation)):
            name_id = first_name + offset
            self.names[name_id] = IndexedName(entry_id, parsed, kind, designation.kind, designation.list_name, weak)
            self.entry_names[entry_id].append(name_id)

    def candidates(self, parsed: ParsedName, limit: int = MAX_CANDIDATES) -> list[int]:
        """As ScreeningIndex.candidates: the postings held must include every key of `parsed`."""
        return select_candidates(self.postings, parsed, limit)

    def entries_with_identifier(self, value: str) -> list[int]:
        """As ScreeningIndex.entries_with_identifier."""
        return entries_with_identifier(self.by_identifier, value)


def indexed_entry(designation: Designation) -> IndexedEntry:
    """A designation with its identifier keys, dates of birth and nationalities."""
    ids = frozenset(k for d in designation.documents for k in identifier_keys(d.number))
    return IndexedEntry(designation, ids, designation.birth_dates, frozenset(designation.nationalities))


def parsed_names(designation: Designation) -> list[tuple[ParsedName, str, bool]]:
    """(parsed name, kind, weak) for every name of an entry, in the order the index numbers them."""
    person = designation.kind == SubjectKind.INDIVIDUAL
    return [(parse_name(text) if person else parse_plain_name(text), kind, weak)
            for text, kind, weak in _entry_names(designation)]


def select_candidates(postings: dict[str, list[int]], parsed: ParsedName, limit: int) -> list[int]:
    """Name ids sharing the most blocking keys with `parsed`, at most `limit`."""
    lists = [postings[k] for k in sorted(blocking_keys(parsed)) if k in postings]
    usable = [p for p in lists if len(p) <= MAX_POSTING] or sorted(lists, key=len)[:1]
    hits: Counter[int] = Counter()
    for posting in usable:
        hits.update(posting)
    if len(hits) <= limit:
        return list(hits)
    return _rarest_shared(usable, limit)


def entries_with_identifier(by_identifier: dict[str, list[int]], value: str) -> list[int]:
    """Entry ids holding this identifier (passport, IMO number), compared without spaces or prefixes."""
    found: list[int] = []
    for key in identifier_keys(value):
        found.extend(by_identifier.get(key, ()))
    return sorted(set(found))


def _rarest_shared(postings: list[list[int]], limit: int) -> list[int]:
    """The `limit` names with the highest sum of key weights, a key weighing 1 / (1 + ln(its posting size)):
    sharing a rare syllable or token counts for more than sharing 일 or Muhammad."""
    weights: dict[int, float] = {}
    for posting in postings:
        weight = 1.0 / (1.0 + math.log(len(posting)))
        for name_id in posting:
            weights[name_id] = weights.get(name_id, 0.0) + weight
    return heapq.nlargest(limit, weights, key=weights.__getitem__)  # stable: ties keep the (sorted-key) order


WEAK_QUALITIES = frozenset({"low", "weak", "weak a.k.a."})


def is_weak(quality: str | None) -> bool:
    """True for a low-quality alias: the UN's "Low", the SDN's "weak a.k.a."."""
    return (quality or "").casefold() in WEAK_QUALITIES


def _entry_names(designation: Designation) -> list[tuple[str, str, bool]]:
    """(name, kind, weak) for every name of an entry. A name with a bracketed part is also indexed without it,
    and the bracketed part on its own when it is an acronym or in another script: KOREA KWANGSON BANKING
    CORPORATION (KKBC) gives the name and KKBC; Jin Tiesan (金铁三) gives Jin Tiesan and 金铁三."""
    names = [(n.name, n.kind, is_weak(n.quality)) for n in designation.names if n.name.strip()]
    if designation.name_original_script:
        names.append((designation.name_original_script, "original-script", False))
    if not names:
        names.append((designation.name, "primary", False))
    extra = []
    for text, kind, weak in names:
        bare, inner = split_brackets(text)
        if not inner:
            continue
        if bare and re.search(r"\w", bare):
            extra.append((bare, kind, weak))
        for part in inner:
            if part and (not part.isascii() or re.fullmatch(r"[A-Z0-9.&-]{2,10}", part)):
                extra.append((part, f"{kind}-bracketed", weak))
    return names + [e for e in extra if e[0] not in {n[0] for n in names}]


def parse_plain_name(text: str) -> ParsedName:
    """Parse a name to compare by spelling only: entities, vessels and aircraft are never read as Korean."""
    parsed = parse_name(text)
    return ParsedName(parsed.original, parsed.normalised, parsed.tokens, (), parsed.plain, parsed.content, True)


def blocking_keys(parsed: ParsedName) -> set[str]:
    """The blocking keys of a parsed name (see the module docstring)."""
    keys = {f"k:{h}" for r in parsed.readings for syllable in r.given for h in syllable}
    if parsed.plain:
        keys.add(f"p:{parsed.plain}")
    for token in parsed.tokens:
        for piece in (token.replace("-", ""), *token.split("-")):
            if len(piece) < 2 or piece in _STOP_TOKENS:
                continue
            keys.add(f"t:{piece}")
            skeleton = consonant_skeleton(piece)
            if len(skeleton) >= 3:
                keys.add(f"s:{skeleton}")
    return keys


def consonant_skeleton(token: str) -> str:
    """First letter, then the consonants without h, w, y and without repeats: muhammad, mohammed → mhmd."""
    if not token:
        return ""
    rest = _VOWELS.sub("", token[1:])
    out = [token[0]]
    for char in rest:
        if char != out[-1]:
            out.append(char)
    return "".join(out)


def identifier_keys(value: str) -> set[str]:
    """Comparable forms of an identifier: upper-case alphanumerics, and its digits when it has at least six."""
    clean = _NOT_ALNUM.sub("", value.upper())
    if clean.startswith("IMO"):
        clean = clean[3:]
    keys = {clean} if len(clean) >= 4 else set()
    digits = "".join(c for c in clean if c.isdigit())
    if len(digits) >= 6:
        keys.add(digits)
    return keys
