"""Korean queries for an English model: the words of a Korean query put into the English of UN texts.

The shipped embedding model reads English only (a Hangul word falls apart into single letters that carry no
meaning), so a query holding Hangul is read through a glossary of human-rights terms (`ko_en_glossary.yaml`):
each Hangul word is matched by the longest term at its start, then its rest the same way; particles and words
the glossary lacks fall away. Latin words are kept as typed. A query without Hangul is returned unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """Korean term -> English wording."""
    path = resources.files("rightsdesk.search").joinpath("ko_en_glossary.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def has_hangul(text: str) -> bool:
    """True when `text` holds a Hangul syllable."""
    return bool(_HANGUL.search(text))


def _word(word: str, terms: dict[str, str], longest: int) -> list[str]:
    out, i = [], 0
    while i < len(word):
        for n in range(min(longest, len(word) - i), 0, -1):
            if word[i:i + n] in terms:
                out.append(terms[word[i:i + n]])
                i += n
                break
        else:
            i += 1
    return out


def to_english(text: str) -> str:
    """The query with its Hangul words put into English (empty when no Hangul word is known)."""
    if not has_hangul(text):
        return text
    terms = glossary()
    longest = max(map(len, terms))
    words: list[str] = []
    for token in text.split():
        words += _word(token, terms, longest) if has_hangul(token) else [token]
    return " ".join(words)
