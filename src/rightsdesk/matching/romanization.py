"""Tables for reading Korean names: Hangul jamo, their romanized spellings, and Korean family names.

A Hangul syllable is one initial consonant, one vowel and an optional final consonant (Unicode arithmetic:
`0xAC00 + (initial * 21 + vowel) * 28 + final`). Each jamo has several spellings, tagged by the system that
uses them:

    mr   McCune–Reischauer as the DPRK writes it, with the breves (ŏ, ŭ) and apostrophes (ch', k', p', t')
         dropped, as they are in every list we read: Jo, Jong, Choe, Ri, Ryo, Rim, Ro, Pak, O, Kang
    rr   Revised Romanization (South Korea, 2000): Jo, Jeong, Choe, I, Ryeo, Im, No, Bak, O, Gang
    cust customary spellings people actually use: Lee, Rhee, Choi, Chwe, Park, Chung, Yoon, Young, Chul, Woo

Only plain and aspirated initials, simple vowels and the finals ㄱ ㄴ ㄹ ㅁ ㅂ ㅇ make up the *name syllables*
(2,058 of them) that a romanized syllable is read back into; a Hangul query may still use any syllable.

The initial-sound rule (두음법칙): the DPRK keeps an initial ㄹ (리, 류, 림, 로) where the South writes ㅇ or ㄴ
(이, 유, 임, 노). `canonical()` folds both to the southern form so that 리 and 이 compare equal; the cost is that
syllables such as 룡 and 용 are never told apart, inside a given name too.

Nothing here does I/O; the tables are built once at import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

HANGUL_FIRST = 0xAC00
HANGUL_LAST = 0xD7A3

#: The 19 initial consonants, in Unicode order, with their spellings (first spelling = MR).
INITIALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ㄱ", ("k", "g")),
    ("ㄲ", ("kk", "gg")),
    ("ㄴ", ("n",)),
    ("ㄷ", ("t", "d")),
    ("ㄸ", ("tt", "dd")),
    ("ㄹ", ("r", "l")),
    ("ㅁ", ("m",)),
    ("ㅂ", ("p", "b")),
    ("ㅃ", ("pp", "bb")),
    ("ㅅ", ("s", "sh")),
    ("ㅆ", ("ss", "s")),
    ("ㅇ", ("",)),
    ("ㅈ", ("ch", "j")),
    ("ㅉ", ("tch", "jj")),
    ("ㅊ", ("ch", "chh")),
    ("ㅋ", ("k", "kh")),
    ("ㅌ", ("t", "th")),
    ("ㅍ", ("p", "ph")),
    ("ㅎ", ("h",)),
)

#: The 21 vowels with their spellings: MR (breve dropped), RR, then customary.
VOWELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ㅏ", ("a",)),
    ("ㅐ", ("ae", "ai")),
    ("ㅑ", ("ya",)),
    ("ㅒ", ("yae",)),
    ("ㅓ", ("o", "eo", "u")),  # customary u: Chul, Sung, Bum
    ("ㅔ", ("e",)),
    ("ㅕ", ("yo", "yeo", "you", "yu")),  # customary you/yu: Young, Hyuk, Hyun
    ("ㅖ", ("ye",)),
    ("ㅗ", ("o", "oh")),
    ("ㅘ", ("wa",)),
    ("ㅙ", ("wae",)),
    ("ㅚ", ("oe", "oi", "we")),  # Choe, Choi, Chwe
    ("ㅛ", ("yo",)),
    ("ㅜ", ("u", "oo")),
    ("ㅝ", ("wo", "weo")),
    ("ㅞ", ("we",)),
    ("ㅟ", ("wi", "wee")),
    ("ㅠ", ("yu", "yoo")),
    ("ㅡ", ("u", "eu")),
    ("ㅢ", ("ui", "eui", "i", "ee")),
    ("ㅣ", ("i", "ee")),
)

#: The 28 finals (index 0 = none) with their spellings.
FINALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("", ("",)),
    ("ㄱ", ("k", "g")),
    ("ㄲ", ("k",)),
    ("ㄳ", ("k",)),
    ("ㄴ", ("n",)),
    ("ㄵ", ("n",)),
    ("ㄶ", ("n",)),
    ("ㄷ", ("t",)),
    ("ㄹ", ("l", "r")),
    ("ㄺ", ("k",)),
    ("ㄻ", ("m",)),
    ("ㄼ", ("l",)),
    ("ㄽ", ("l",)),
    ("ㄾ", ("l",)),
    ("ㄿ", ("p",)),
    ("ㅀ", ("l",)),
    ("ㅁ", ("m",)),
    ("ㅂ", ("p", "b")),
    ("ㅄ", ("p",)),
    ("ㅅ", ("t", "s")),
    ("ㅆ", ("t",)),
    ("ㅇ", ("ng",)),
    ("ㅈ", ("t",)),
    ("ㅊ", ("t",)),
    ("ㅋ", ("k",)),
    ("ㅌ", ("t",)),
    ("ㅍ", ("p",)),
    ("ㅎ", ("t",)),
)

#: Jamo that make up name syllables (see the module docstring).
NAME_INITIALS = frozenset(range(19)) - {1, 4, 8, 10, 13}
NAME_FINALS = frozenset({0, 1, 4, 8, 16, 17, 21})

#: Korean family names (Hangul, DPRK form first where it differs) and the spellings in use beyond the jamo rules.
FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "김": ("kim", "gim"),
    "리": ("ri", "rhee", "rhi", "lee", "yi", "i", "li", "ree", "rie"),
    "박": ("pak", "park", "bak", "bahk"),
    "최": ("choe", "choi", "chwe", "choy"),
    "정": ("jong", "chong", "jeong", "chung", "jung", "cheong"),
    "조": ("jo", "cho", "joh", "choh"),
    "강": ("kang", "gang"),
    "장": ("jang", "chang"),
    "윤": ("yun", "yoon", "youn"),
    "림": ("rim", "lim", "im", "yim", "leem"),
    "한": ("han",),
    "오": ("o", "oh"),
    "서": ("so", "seo", "suh", "soh"),
    "신": ("sin", "shin"),
    "권": ("kwon", "gwon"),
    "황": ("hwang",),
    "안": ("an", "ahn"),
    "송": ("song",),
    "전": ("jon", "chon", "jeon", "chun", "jun"),
    "홍": ("hong",),
    "류": ("ryu", "yu", "yoo", "rhyu", "lyu", "ryoo"),
    "고": ("ko", "go", "koh"),
    "문": ("mun", "moon"),
    "량": ("ryang", "yang"),
    "손": ("son", "sohn"),
    "배": ("pae", "bae", "bai"),
    "백": ("paek", "baek", "paik", "baik", "pak"),
    "허": ("ho", "heo", "hur", "huh"),
    "로": ("ro", "no", "roh", "noh"),
    "남": ("nam",),
    "심": ("sim", "shim"),
    "하": ("ha",),
    "주": ("ju", "chu", "joo", "choo"),
    "구": ("ku", "gu", "koo"),
    "곽": ("kwak", "gwak"),
    "성": ("song", "seong", "sung"),
    "차": ("cha",),
    "우": ("u", "woo", "wu"),
    "민": ("min",),
    "진": ("jin", "chin"),
    "라": ("ra", "na"),
    "지": ("ji", "chi"),
    "엄": ("om", "eom", "um"),
    "채": ("chae",),
    "원": ("won",),
    "천": ("chon", "cheon", "chun"),
    "방": ("pang", "bang"),
    "공": ("kong", "gong"),
    "현": ("hyon", "hyeon", "hyun"),
    "함": ("ham",),
    "변": ("pyon", "byeon", "byun"),
    "렴": ("ryom", "yeom", "yom"),
    "려": ("ryo", "yeo", "yo"),
    "추": ("chu", "choo"),
    "도": ("to", "do"),
    "소": ("so",),
    "석": ("sok", "seok", "suk"),
    "선": ("son", "seon", "sun"),
    "설": ("sol", "seol", "sul"),
    "마": ("ma",),
    "길": ("kil", "gil"),
    "연": ("yon", "yeon"),
    "위": ("wi",),
    "표": ("pyo",),
    "명": ("myong", "myeong", "myung"),
    "기": ("ki", "gi"),
    "반": ("pan", "ban"),
    "왕": ("wang",),
    "금": ("kum", "geum", "keum"),
    "옥": ("ok",),
    "륙": ("ryuk", "yuk"),
    "인": ("in",),
    "맹": ("maeng",),
    "제": ("je", "che"),
    "모": ("mo",),
    "탁": ("thak", "tak"),
    "국": ("kuk", "guk", "kook"),
    "어": ("o", "eo"),
    "은": ("un", "eun"),
    "편": ("pyon", "pyeon"),
    "용": ("yong", "ryong"),
    "예": ("ye",),
    "경": ("kyong", "gyeong", "kyung"),
    "봉": ("pong", "bong"),
    "사": ("sa",),
    "부": ("pu", "bu", "boo"),
    "가": ("ka", "ga"),
    "태": ("thae", "tae"),
    "계": ("kye", "gye"),
    "피": ("phi", "pi"),
    "형": ("hyong", "hyeong", "hyung"),
    "탕": ("thang", "tang"),
    "남궁": ("namgung", "namkung"),
    "선우": ("sonu", "seonu", "sunwoo"),
    "황보": ("hwangbo",),
    "제갈": ("jegal", "chegal"),
    "독고": ("tokko", "dokgo"),
    "사공": ("sagong", "sakong"),
}

_VOWELS_Y_OR_I = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


def is_hangul_syllable(char: str) -> bool:
    """True for one precomposed Hangul syllable (가 … 힣)."""
    return len(char) == 1 and HANGUL_FIRST <= ord(char) <= HANGUL_LAST


def decompose(syllable: str) -> tuple[int, int, int]:
    """Indices (initial, vowel, final) of a Hangul syllable."""
    code = ord(syllable) - HANGUL_FIRST
    return code // 588, (code % 588) // 28, code % 28


def compose(initial: int, vowel: int, final: int) -> str:
    """The Hangul syllable with these jamo indices."""
    return chr(HANGUL_FIRST + (initial * 21 + vowel) * 28 + final)


def canonical(syllable: str) -> str:
    """Fold the initial-sound rule: 리→이, 류→유, 로→노, 녀→여; other syllables are returned unchanged."""
    if not is_hangul_syllable(syllable):
        return syllable
    initial, vowel, final = decompose(syllable)
    if initial == 5:  # ㄹ
        initial = 11 if vowel in _VOWELS_Y_OR_I else 2
    elif initial == 2 and vowel in _VOWELS_Y_OR_I:  # ㄴ before i/y
        initial = 11
    return compose(initial, vowel, final)


def spellings(syllable: str) -> Iterator[str]:
    """Every spelling of a Hangul syllable by the jamo rules (without apostrophes, breves, case)."""
    initial, vowel, final = decompose(syllable)
    for ini in INITIALS[initial][1]:
        for vow in _vowel_spellings(initial, vowel):
            for fin in FINALS[final][1]:
                yield ini + vow + fin


def _vowel_spellings(initial: int, vowel: int) -> tuple[str, ...]:
    """Vowel spellings; after a silent ㅇ, ㅜ is also written woo/wu (Woo, Wu)."""
    base = VOWELS[vowel][1]
    if initial == 11 and vowel == 13:
        return (*base, "woo", "wu")
    return base


def mccune_reischauer(syllable: str) -> str:
    """The MR spelling of one syllable as the DPRK lists write it (no breves or apostrophes): 용 → yong."""
    initial, vowel, final = decompose(syllable)
    return INITIALS[initial][1][0] + VOWELS[vowel][1][0] + FINALS[final][1][0]


def revised_romanization(syllable: str) -> str:
    """The Revised Romanization of one syllable, enough for names (no sound changes across syllables): 영 → yeong."""
    initial, vowel, final = decompose(syllable)
    first = INITIALS[initial][1][1] if initial in (0, 3, 7, 12) else INITIALS[initial][1][0]
    middle = VOWELS[vowel][1][1] if vowel in (4, 6, 18) else VOWELS[vowel][1][0]
    return first + middle + FINALS[final][1][0]


def _name_syllables() -> Iterator[str]:
    for initial in sorted(NAME_INITIALS):
        for vowel in range(21):
            for final in sorted(NAME_FINALS):
                yield compose(initial, vowel, final)


def hangul_reading(syllable: str) -> frozenset[str]:
    """What a Hangul syllable of a query stands for: itself (canonical), or, for a syllable outside the name
    syllables (롮), every name syllable that shares a spelling with it, so that its romanizations still match."""
    folded = canonical(syllable)
    if folded in NAME_SYLLABLES:
        return frozenset({folded})
    found: set[str] = {folded}
    for spelling in spellings(syllable):
        found |= READINGS.get(spelling, frozenset())
    return frozenset(found)


def _build_readings() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for syllable in _name_syllables():
        for spelling in spellings(syllable):
            if spelling:
                table[spelling].add(canonical(syllable))
    return {spelling: frozenset(hangul) for spelling, hangul in table.items()}


#: Romanized syllable → the canonical Hangul name syllables it can stand for.
READINGS: dict[str, frozenset[str]] = _build_readings()

#: Canonical name syllables.
NAME_SYLLABLES = frozenset(canonical(s) for s in _name_syllables())

#: Romanized family name → canonical Hangul (for one- and two-syllable family names).
FAMILY_READINGS: dict[str, frozenset[str]] = {}
for _hangul, _spellings in FAMILY_NAMES.items():
    _key = "".join(canonical(c) for c in _hangul)
    for _spelling in _spellings:
        FAMILY_READINGS[_spelling] = FAMILY_READINGS.get(_spelling, frozenset()) | {_key}

#: Canonical Hangul of every family name in the table.
FAMILY_HANGUL = frozenset(h for readings in FAMILY_READINGS.values() for h in readings)

#: Hangul double family names, which take two syllables.
DOUBLE_FAMILY_NAMES = frozenset(h for h in FAMILY_NAMES if len(h) == 2)

MAX_SYLLABLE_LENGTH = max(len(s) for s in READINGS)
