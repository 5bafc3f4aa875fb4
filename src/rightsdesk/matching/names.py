"""Comparing personal names as DPRK names really come: 조용원, Jo Yong-won, CHO YONG WON, Yongwon Jo.

A name is parsed once (`parse_name`) into its normalised spelling, its tokens and, where it looks Korean, its
*readings*: a family part and a sequence of given-name syllables, each syllable being the set of canonical Hangul
syllables its spelling can stand for (see `romanization`). Two Korean names match syllable by syllable when
those sets intersect; everything else is compared by spelling (rapidfuzz, on ASCII-folded tokens).

A name looks Korean when it is written in Hangul, or when its first or last token is a Korean family name and
the rest splits into one to three romanized syllables. Both orders are tried (Kim Jong Un, Jong-Un Kim).

Scores for a Korean pair, from the readings that agree best:

    family agrees:    0.4 + 0.6 × (share of given syllables that agree, in order)
    family differs:   0.45 × (share of given syllables that agree)

so Kim Jong-un against Kim Jong-il gives 0.7, below the screening threshold, and a full match 1.0 (times a
tie-break of 0.96 + 0.04 × spelling similarity of the syllables, so that the list's own spelling ranks first).

No I/O; pure functions over strings.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from rightsdesk.matching.romanization import (
    DOUBLE_FAMILY_NAMES,
    FAMILY_HANGUL,
    FAMILY_READINGS,
    MAX_SYLLABLE_LENGTH,
    READINGS,
    canonical,
    hangul_reading,
    is_hangul_syllable,
)

Syllable = frozenset[str]

_APOSTROPHES = re.compile(r"['’‘`ʼʻ´\u02bc]")
_NON_WORD = re.compile(r"[^\w\-]+")
_MAX_SEGMENTATIONS = 6
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|ul)-(?=\w{3})")  # al-Zawahiri is Zawahiri with an article

#: Words that say what kind of organisation a name is, not which one.
ORG_WORDS = frozenset({
    "korea", "korean", "dprk", "corporation", "corp", "company", "co", "ltd", "limited", "llc", "inc", "general",
    "group", "the", "of", "and", "international", "jsc", "ojsc", "cjsc", "llp", "plc", "gmbh", "holding",
    "holdings", "firm",
})
_MAX_GIVEN_SYLLABLES = 3
#: Tokens too common in names to count as evidence that one name holds another. Korea and Korean are kept: the
#: Korean People's Army is not the New People's Army.
_FILLER = (ORG_WORDS - {"korea", "korean", "dprk"}) | frozenset({"bin", "ibn", "abu", "bint", "de", "da", "del",
                                                                "der", "van", "von", "la", "le"})


@dataclass(frozen=True)
class KoreanReading:
    """One way to read a name as Korean: family part and given-name syllables, in family-first order."""

    family: Syllable  # canonical Hangul family names it can stand for ("이", "박", "남궁")
    given: tuple[Syllable, ...]
    spelled: tuple[str, ...]  # the romanized (or Hangul) syllables, family first, for explanations
    family_last: bool = False  # written given name first, family last (Chang-Su Han)


@dataclass(frozen=True)
class ParsedName:
    """A name parsed once for repeated comparison."""

    original: str
    normalised: str  # ASCII-folded, lower case, hyphens kept
    tokens: tuple[str, ...]
    readings: tuple[KoreanReading, ...] = ()
    plain: str = ""  # tokens without hyphens, sorted: the key for order-free spelling comparison
    content: tuple[str, ...] = ()  # the words of `plain` that are not fillers (see `content_words`)
    entity: bool = False  # the name of an organisation, vessel or aircraft (never read as Korean)

    @property
    def is_korean(self) -> bool:
        """True when the name can be read as a Korean personal name."""
        return bool(self.readings)

    @property
    def content_words(self) -> tuple[str, ...]:
        """The words of `plain` that are not fillers (bin, de, Corporation): what one name holding another needs."""
        return self.content


@dataclass(frozen=True)
class NameComparison:
    """How two names compare: a score in [0, 1], the method used and what matched."""

    score: float
    method: str  # "korean" | "spelling"
    explanation: str


def normalise(text: str) -> str:
    """Fold accents and breves, drop apostrophes, lower-case, keep letters, digits, Hangul and hyphens."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", stripped).casefold()
    folded = _APOSTROPHES.sub("", folded).replace("_", " ")
    words = _NON_WORD.sub(" ", folded).split()
    return " ".join(w.strip("-") for w in words if w.strip("-"))


_BRACKETED = re.compile(r"\s*\(([^()]*)\)\s*")


def split_brackets(text: str) -> tuple[str, tuple[str, ...]]:
    """A name without its bracketed parts, and those parts: "KOREA KWANGSON BANKING CORPORATION (KKBC)" gives
    ("KOREA KWANGSON BANKING CORPORATION", ("KKBC",))."""
    return _BRACKETED.sub(" ", text).strip(), tuple(p.strip() for p in _BRACKETED.findall(text))


def parse_name(text: str) -> ParsedName:
    """Parse a name once: normalised spelling, tokens and Korean readings (empty when not Korean)."""
    normalised = normalise(text)
    tokens = tuple(normalised.split())
    plain = sorted_plain(tokens)
    return ParsedName(text, normalised, tokens, korean_readings(tokens), plain,
                      tuple(t for t in plain.split() if t not in _FILLER))


def sorted_plain(tokens: tuple[str, ...]) -> str:
    """Tokens without hyphens and ORG_WORDS, sorted: "jo yong-won" and "yongwon jo" give "jo yongwon".

    Words that name a kind of organisation (Korea … Trading Corporation) are dropped, unless nothing else is
    left, so that two different trading corporations are not similar for sharing them.
    """
    plain = [_ARTICLE.sub("", t).replace("-", "") for t in tokens]
    distinctive = [t for t in plain if t not in ORG_WORDS]
    return " ".join(sorted(distinctive or plain))


def korean_readings(tokens: tuple[str, ...]) -> tuple[KoreanReading, ...]:
    """All readings of a tokenised name as Korean, family first and family last; empty when none."""
    joined = "".join(tokens).replace("-", "")
    if joined and all(is_hangul_syllable(c) for c in joined):
        return _hangul_readings(joined)
    if not 2 <= len(tokens) <= 4 or not all(t.replace("-", "").isascii() for t in tokens):
        return ()
    readings = _romanized_readings(tokens[0], tokens[1:], family_last=False)
    readings += _romanized_readings(tokens[-1], tokens[:-1], family_last=True)
    return tuple(readings)


def _hangul_readings(hangul: str) -> tuple[KoreanReading, ...]:
    split = 2 if len(hangul) >= 3 and hangul[:2] in DOUBLE_FAMILY_NAMES else 1
    if len(hangul) - split < 1 or len(hangul) - split > _MAX_GIVEN_SYLLABLES:
        return ()
    family = frozenset({"".join(canonical(c) for c in hangul[:split])})
    given = tuple(hangul_reading(c) for c in hangul[split:])
    return (KoreanReading(family, given, (hangul[:split], *hangul[split:])),)


def _romanized_readings(family: str, rest: tuple[str, ...], *, family_last: bool) -> list[KoreanReading]:
    if "-" in family:
        return []
    family_set = FAMILY_READINGS.get(family, frozenset())
    if not family_set:
        return []
    family_set = family_set | READINGS.get(family, frozenset())
    readings = []
    for given in _segment_given(rest):
        sets = tuple(READINGS[s] for s in given)
        readings.append(KoreanReading(family_set, sets, (family, *given), family_last))
    return readings


def _segment_given(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every split of the given-name tokens into romanized syllables, at most three syllables in all."""
    pieces = [p for t in tokens for p in t.split("-") if p]
    options = [segment(p) for p in pieces]
    if not pieces or not all(options):
        return []
    combined = []
    for choice in itertools.islice(itertools.product(*options), _MAX_SEGMENTATIONS):
        syllables = tuple(s for part in choice for s in part)
        if len(syllables) <= _MAX_GIVEN_SYLLABLES:
            combined.append(syllables)
    return combined


@lru_cache(maxsize=65536)
def segment(word: str) -> tuple[tuple[str, ...], ...]:
    """Split an unhyphenated romanized word into name syllables, every way the syllable table allows.

    `segment("yongwon")` gives `(("yong", "won"), ("yon", "gwon"))`; a word that cannot be split gives `()`.
    """
    if not word:
        return ((),)
    if len(word) > MAX_SYLLABLE_LENGTH * _MAX_GIVEN_SYLLABLES:
        return ()  # longer than any three syllables: no given name (and no deep recursion on long input)
    found: list[tuple[str, ...]] = []
    for end in range(min(len(word), MAX_SYLLABLE_LENGTH), 0, -1):
        head = word[:end]
        if head not in READINGS:
            continue
        for tail in segment(word[end:]):
            if len(tail) < _MAX_GIVEN_SYLLABLES:
                found.append((head, *tail))
        if len(found) >= _MAX_SEGMENTATIONS:
            break
    return tuple(found[:_MAX_SEGMENTATIONS])


def compare_names(left: str, right: str) -> NameComparison:
    """Compare two names given as text; see `compare_parsed`."""
    return compare_parsed(parse_name(left), parse_name(right))


def compare_parsed(left: ParsedName, right: ParsedName) -> NameComparison:
    """Compare two parsed names: by Korean readings when both have them, otherwise by spelling (or by one being
    contained in the other); the same words in another order always score 1."""
    same_words = bool(left.plain) and left.plain == right.plain
    if left.is_korean and right.is_korean:
        korean = _compare_korean(left, right)
        if korean.score >= 0.96 or not same_words:
            return korean
    if same_words:
        return NameComparison(1.0, "spelling", f"the same words {left.plain!r}, in another order")
    spelled = compare_spelling(left, right)
    contained, why = contained_score(left, right)
    return NameComparison(contained, "contained", why) if contained > spelled.score else spelled


def score_parsed(left: ParsedName, right: ParsedName) -> float:
    """The score of `compare_parsed` without building the explanation (the fast path for screening)."""
    if left.plain and left.plain == right.plain:
        return 1.0
    if left.is_korean and right.is_korean:
        return _best_readings(left, right)[0]
    return max(spelling_score(fuzz.ratio(left.plain, right.plain) / 100.0), contained_score(left, right)[0])


#: A contained name scores base + span x the share of the longer name's letters it covers: for people 0.7 + 0.3
#: (a middle name left out is worth a reviewer's look once the name covers a third of the listed one), for
#: organisations and vessels 0.6 + 0.4, since a
#: shorter organisation name inside a longer one is often another body (KOREAN PEOPLE'S ARMY inside STRATEGIC
#: ROCKET FORCE OF THE KOREAN PEOPLE'S ARMY).
CONTAINED_PERSON = (0.7, 0.3)
CONTAINED_ENTITY = (0.6, 0.4)


def contained_score(left: ParsedName, right: ParsedName) -> tuple[float, str]:
    """The shorter name's words (two or more that are not fillers) each found in the longer name: Ali Khamenei in
    KHAMENEI, Ali Husseini; Tanchon Bank in TANCHON COMMERCIAL BANK. Scores by the share of the longer name's
    letters they cover (CONTAINED_PERSON, CONTAINED_ENTITY); 0 when a word is missing (one word of four
    letters or more may differ by a letter: Dimitri, Dmitri). A name read as Korean is never compared this way:
    there a missing given syllable is a different person (Kim Jong against Kim Jong Un), and Korean syllables
    recur in the names of companies and ships (Gang Nam against NAM CHON GANG CORPORATION).
    """
    if left.is_korean or right.is_korean:
        return 0.0, ""
    short, long_ = left.content_words, right.content_words
    if len(short) > len(long_):
        short, long_ = long_, short
    if len(short) < 2 or len(long_) <= len(short):
        return 0.0, ""
    pool = list(long_)
    missing = []
    for token in short:
        if token in pool:
            pool.remove(token)
        else:
            missing.append(token)
    if len(missing) > 1 or not any(len(t) >= 4 for t in short):
        return 0.0, ""
    if missing:
        token = missing[0]
        closest = max(pool, key=lambda other: fuzz.ratio(token, other))
        if len(token) <= 3 or fuzz.ratio(token, closest) < 92:
            return 0.0, ""
        pool.remove(closest)
    total = sum(len(t) for t in long_)
    coverage = (total - sum(len(t) for t in pool)) / total
    base, span = CONTAINED_ENTITY if left.entity or right.entity else CONTAINED_PERSON
    return base + span * coverage, f"every word of {' '.join(short)!r} is in {' '.join(long_)!r}"


def _best_readings(left: ParsedName, right: ParsedName) -> tuple[float, KoreanReading, KoreanReading]:
    """The best pair of readings and its score, with the tie-break on their romanized syllables."""
    best: tuple[float, KoreanReading, KoreanReading] | None = None
    for a in left.readings:
        for b in right.readings:
            score = reading_score(a, b) - (0.01 if a.family_last != b.family_last else 0.0)
            if best is None or score > best[0]:
                best = (score, a, b)
    assert best is not None
    score, a, b = best
    tie_break = 0.96 + 0.04 * fuzz.ratio("".join(a.spelled), "".join(b.spelled)) / 100.0
    return max(0.0, score) * tie_break, a, b


def compare_spelling(left: ParsedName, right: ParsedName) -> NameComparison:
    """Order-free spelling similarity of the ASCII-folded names; see `spelling_score`."""
    raw = fuzz.ratio(left.plain, right.plain) / 100.0
    return NameComparison(spelling_score(raw), "spelling",
                          f"spelling similarity {raw:.2f} of {left.plain!r} and {right.plain!r}")


def spelling_score(ratio: float) -> float:
    """Rescale a rapidfuzz ratio in [0, 1] so that 0.5, what unrelated names of like length share, scores 0.

    Raw 0.9 (one or two letters differ in a long name) becomes 0.8, the screening threshold; raw 0.83
    (Usama bin Ladin against Sa'ad bin Laden) becomes 0.66.
    """
    return max(0.0, (ratio - 0.5) / 0.5)


def _compare_korean(left: ParsedName, right: ParsedName) -> NameComparison:
    score, a, b = _best_readings(left, right)
    return NameComparison(score, "korean", explain_readings(a, b))


def reading_score(left: KoreanReading, right: KoreanReading) -> float:
    """Score two readings: family agreement and the share of given syllables that agree, in order."""
    longest = max(len(left.given), len(right.given))
    agree = sum(1 for x, y in zip(left.given, right.given, strict=False) if x & y)
    share = agree / longest if longest else 0.0
    if left.family & right.family:
        return 0.4 + 0.6 * share
    return 0.45 * share


def explain_readings(left: KoreanReading, right: KoreanReading) -> str:
    """Say, syllable by syllable, which Hangul the two spellings share: 'family Jo = Cho (조); given …'."""
    family = left.family & right.family
    family = (family & FAMILY_HANGUL) or family
    parts = [_explain_pair("family", left.spelled[0], right.spelled[0], family)]
    for i, (x, y) in enumerate(itertools.zip_longest(left.given, right.given)):
        lsp = left.spelled[1 + i] if x is not None else "—"
        rsp = right.spelled[1 + i] if y is not None else "—"
        parts.append(_explain_pair("given", lsp, rsp, (x or frozenset()) & (y or frozenset())))
    if left.family_last != right.family_last:
        parts.append("family name first in one, last in the other")
    return "; ".join(parts)


def _explain_pair(role: str, left: str, right: str, shared: frozenset[str]) -> str:
    if shared:
        return f"{role} {left} = {right} ({'/'.join(sorted(shared)[:4])})"
    return f"{role} {left} ≠ {right}"
