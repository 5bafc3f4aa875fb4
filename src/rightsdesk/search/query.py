"""`SearchQuery`: what a user typed, parsed into safe terms and rendered for SQLite FTS5 or PostgreSQL.

The grammar is small and forgiving: words (stemmed), `"quoted phrases"`, `prefix*`, and `-word` to exclude.
Anything else (unbalanced quotes or parentheses, `NEAR`, `AND`, column filters, punctuation) is read as plain
words, so no user input can make the database reject a query. Nothing here touches a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)
# A possessive or contracted ending ("women's", "state’s"): dropped, since PostgreSQL treats "s" as a stop word
# inside a phrase and SQLite does not, and neither finds more with it.
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)
MAX_TERMS = 16
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


@dataclass(frozen=True)
class Term:
    """One search term: a phrase of one or more words, maybe a prefix (last word), maybe excluded."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False
    alternatives: tuple[str, ...] = ()  # other spellings a one-word term also matches (Choi: Choe, Chwe)


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query; empty when the text held no word at all."""

    text: str
    terms: tuple[Term, ...]

    @classmethod
    def parse(cls, text: str | None) -> SearchQuery:
        """Parse any text; never fails."""
        text = (text or "")[:500]
        terms: list[Term] = []
        for m in _TOKEN.finditer(text):
            if m.group(2) is not None:
                terms += _phrase(m.group(2), negated=bool(m.group(1)))
            else:
                terms += _bare(m.group(4), negated=bool(m.group(3)))
        positive = [t for t in terms if not t.negated][:MAX_TERMS]
        negated = [t for t in terms if t.negated][: MAX_TERMS - len(positive)]
        # Exclusions alone match nothing useful (and FTS5 cannot start with NOT): keep them only beside a term.
        return cls(text=text, terms=tuple(positive + negated) if positive else ())

    @property
    def empty(self) -> bool:
        """True when there is nothing to search for."""
        return not self.terms

    def fts5(self) -> str:
        """The FTS5 MATCH expression: every word double-quoted, so no operator can slip in."""
        parts = []
        for t in self.terms:
            phrase = '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")
            if t.alternatives:
                phrase = "(" + " OR ".join(f'"{w}"' for w in (*t.words, *t.alternatives)) + ")"
            parts.append(("NOT " if t.negated else "") + phrase)
        positive = [p for p in parts if not p.startswith("NOT ")]
        negative = [p for p in parts if p.startswith("NOT ")]
        if not positive:
            return ""
        return " AND ".join(positive) + "".join(" " + n for n in negative)

    def tsquery(self) -> str:
        """The PostgreSQL `to_tsquery` text: words joined with `&`, phrases with `<->`, prefixes with `:*`."""
        parts = []
        for t in self.terms:
            words = [f"'{w}'" for w in t.words]
            if t.prefix:
                words[-1] += ":*"
            phrase = " <-> ".join(words)
            if t.alternatives:
                phrase = " | ".join(f"'{w}'" for w in (*t.words, *t.alternatives))
            parts.append(f"!({phrase})" if t.negated else f"({phrase})")
        return " & ".join(parts)

    def words(self) -> list[str]:
        """The positive words, for highlighting by hand where the engine does not."""
        return [w for t in self.terms if not t.negated for w in (*t.words, *t.alternatives)]

    def romanized(self) -> SearchQuery:
        """The query for searching names: a word that can be a Korean name syllable also matches its other
        romanizations (Choi: Choe, Chwe; Lee: Ri, Yi, Rhee), and a word in Hangul stands for its syllables' (조용원:
        Jo or Cho, Yong, Won). Phrases, prefixes and exclusions are left as typed."""
        terms: list[Term] = []
        for t in self.terms:
            if t.negated or t.prefix or len(t.words) != 1:
                terms.append(t)
            elif all(_is_hangul(c) for c in t.words[0]):
                terms += [_syllable_term(h) for h in t.words[0]]
            else:
                terms.append(_syllable_term(t.words[0]))
        return SearchQuery(self.text, tuple(terms[:MAX_TERMS]))


_MAX_ALTERNATIVES = 12


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _syllable_term(word: str) -> Term:
    """A one-word term with the other spellings of the Korean syllable(s) the word can stand for."""
    from rightsdesk.matching.romanization import FAMILY_NAMES, FAMILY_READINGS, READINGS, canonical, spellings

    hangul = {canonical(word)} if _is_hangul(word[0]) else set(READINGS.get(word, ())) | set(FAMILY_READINGS.get(word, ()))
    family = {canonical(h): names for h, names in FAMILY_NAMES.items()}
    found = [w for h in sorted(hangul) for w in family.get(h, ())]  # customary family spellings first
    found += [w for h in sorted(hangul, key=lambda h: h not in family) if len(h) == 1 and _is_hangul(h)
              for w in spellings(h)]  # a word of Hangul and other letters (가1) has no reading of its own
    alternatives = tuple(dict.fromkeys(w for w in found if w != word))[:_MAX_ALTERNATIVES]
    if _is_hangul(word[0]):
        return Term((alternatives[0],), alternatives=alternatives[1:]) if alternatives else Term((word,))
    return Term((word,), alternatives=alternatives)


def _phrase(body: str, *, negated: bool) -> list[Term]:
    words = tuple(w.lower() for w in _WORD.findall(_POSSESSIVE.sub("", body)))
    prefix = body.rstrip().endswith("*")
    return [Term(words, prefix=prefix, negated=negated)] if words else []


def _bare(token: str, *, negated: bool) -> list[Term]:
    if token in _OPERATORS:  # typed as a search-engine operator; read as nothing rather than as a word
        return []
    words = [w.lower() for w in _WORD.findall(_POSSESSIVE.sub("", token))]
    if not words:
        return []
    prefix = token.endswith("*")
    if len(words) == 1:
        return [Term((words[0],), prefix=prefix, negated=negated)]
    # "non-refoulement", "A/HRC/25/63": keep the pieces together as a phrase
    return [Term(tuple(words), prefix=prefix, negated=negated)]
