"""`SearchQuery`: what a user typed, parsed into safe terms and rendered for SQLite FTS5 or PostgreSQL.

The grammar is small and forgiving: words (stemmed), `"quoted phrases"`, `prefix*`, `-word` (or `NOT word`) to
exclude, and `a OR b` for either. British and American spellings find each other (labour, labor; organise,
organize): such a term becomes an OR of its spellings. A query of exclusions only matches everything else.
Anything else (unbalanced quotes or parentheses, `NEAR`, `AND`, column filters, punctuation) is read as plain
words or dropped, and what was dropped or cut is said in `notices`, so no user input can make the database reject
a query and no query is silently changed. Nothing here touches a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rightsdesk.search.spelling import spellings

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)
# A possessive or contracted ending ("women's", "state’s"): dropped, since PostgreSQL treats "s" as a stop word
# inside a phrase and SQLite does not, and neither finds more with it.
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)
MAX_TERMS = 16
MAX_CHARS = 2000  # a pasted recommendation: the first MAX_TERMS terms find it
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


@dataclass(frozen=True)
class Term:
    """One search term: a phrase of one or more words, maybe a prefix (last word), maybe excluded."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False
    alternatives: tuple[str, ...] = ()  # other spellings a one-word term also matches (Choi: Choe, Chwe)
    either: tuple[Term, ...] = ()  # an OR of terms (then `words` is empty): a OR b, or a word's spellings


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query; empty when the text held no word at all. `notices` say what was dropped, cut or added."""

    text: str
    terms: tuple[Term, ...]
    notices: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> SearchQuery:
        """Parse any text; never fails."""
        text = text or ""
        notices: list[str] = []
        if len(text) > MAX_CHARS:
            notices.append(f"The search is {len(text):,} characters long: the first {MAX_CHARS:,} were read.")
            text = text[:MAX_CHARS]
        tokens = [m for m in _TOKEN.finditer(text)]
        terms, dropped, spelled = _terms(tokens)
        positive = [t for t in terms if not t.negated]
        negated = [t for t in terms if t.negated]
        if len(positive) + len(negated) > MAX_TERMS:
            notices.append(f"The search holds {len(positive) + len(negated)} terms: the first {MAX_TERMS} were "
                           "searched.")
        positive = positive[:MAX_TERMS]
        negated = negated[: max(MAX_TERMS - len(positive), 0)]
        if dropped:
            notices.append(f"{', '.join(sorted(dropped))}: not a search operator here, ignored (words are all "
                           "required; use OR between two words for either, -word to exclude).")
        if text.strip() and not positive and not negated:
            notices.append(f"“{text.strip()[:40]}” holds no word to search for (letters or digits), so nothing "
                           "was searched.")
        if spelled:
            notices.append(f"Also searched: {', '.join(dict.fromkeys(spelled))} (other spellings).")
        return cls(text=text, terms=tuple(positive + negated), notices=tuple(notices))

    @property
    def empty(self) -> bool:
        """True when there is nothing to search for."""
        return not self.terms

    @property
    def only_excluded(self) -> bool:
        """True when every term excludes (`-torture`): the query matches what holds none of them."""
        return bool(self.terms) and all(t.negated for t in self.terms)

    def fts5(self) -> str:
        """The FTS5 MATCH expression: every word double-quoted, so no operator can slip in. A query of
        exclusions only renders the OR of what it excludes (FTS5 cannot start with NOT): `hits` takes the rest."""
        positive = [_fts5(t) for t in self.terms if not t.negated]
        negative = [_fts5(t) for t in self.terms if t.negated]
        if not positive:
            return " OR ".join(negative)
        return " AND ".join(positive) + "".join(" NOT " + n for n in negative)

    def tsquery(self) -> str:
        """The PostgreSQL `to_tsquery` text: words joined with `&`, phrases with `<->`, prefixes with `:*`, OR
        with `|`, exclusions with `!` (alone, they match what holds none of them)."""
        return " & ".join(f"!{_tsquery(t)}" if t.negated else _tsquery(t) for t in self.terms)

    def inverted(self) -> SearchQuery:
        """For a query of exclusions only: the query matching what any of them matches (whose complement the
        query is), so a caller can take "every row but these" with an index lookup instead of a scan."""
        excluded = tuple(replace(t, negated=False) for t in self.terms if t.negated)
        if len(excluded) == 1:
            return SearchQuery(self.text, excluded, self.notices)
        return SearchQuery(self.text, (Term((), either=excluded),), self.notices)

    def words(self) -> list[str]:
        """The positive words, for highlighting by hand where the engine does not."""
        return [w for t in self.terms if not t.negated for w in _words(t)]

    def excluded_words(self) -> list[str]:
        """The excluded words."""
        return [w for t in self.terms if t.negated for w in _words(t)]

    def romanized(self) -> SearchQuery:
        """The query for searching names: a word that can be a Korean name syllable also matches its other
        romanizations (Choi: Choe, Chwe; Lee: Ri, Yi, Rhee), and a word in Hangul stands for its syllables' (조용원:
        Jo or Cho, Yong, Won). Phrases, prefixes and exclusions are left as typed."""
        terms: list[Term] = []
        for t in self.terms:
            if t.negated or t.prefix or len(t.words) != 1 or t.either:
                terms.append(t)
            elif all(_is_hangul(c) for c in t.words[0]):
                terms += [_syllable_term(h) for h in t.words[0]]
            else:
                terms.append(_syllable_term(t.words[0]))
        return SearchQuery(self.text, tuple(terms[:MAX_TERMS]), self.notices)


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


def _terms(tokens: list[re.Match[str]]) -> tuple[list[Term], set[str], list[str]]:
    """Terms from the tokens: `a OR b` joined into one term, `NOT a` read as `-a`; the operators dropped (AND and
    NEAR named as dropped); each term with its other spellings (those added listed)."""
    terms: list[Term] = []
    dropped: set[str] = set()
    spelled: list[str] = []
    join = negate = False
    for m in tokens:
        bare = m.group(4)
        if bare in ("OR", "NOT", "AND", "NEAR") and not m.group(3):
            join = bare == "OR" and bool(terms)
            negate = bare == "NOT"
            if bare in ("AND", "NEAR"):
                dropped.add(bare)
            continue
        found = _phrase(m.group(2), negated=bool(m.group(1)) or negate) if m.group(2) is not None else \
            _bare(bare, negated=bool(m.group(3)) or negate)
        negate = False
        if not found:
            continue
        term = _spelled(found[0])
        spelled += _added_spellings(term) if term is not found[0] else []
        if join and terms and terms[-1].negated == term.negated:
            previous = terms.pop()
            term = Term((), negated=term.negated, either=(*_members(previous), *_members(term)))
        terms.append(term)
        join = False
    return terms, dropped, spelled


def _members(t: Term) -> tuple[Term, ...]:
    return t.either if t.either else (t,)


def _words(t: Term) -> list[str]:
    return [w for m in t.either for w in _words(m)] if t.either else [*t.words, *t.alternatives]


def _fts5(t: Term) -> str:
    if t.either:
        return "(" + " OR ".join(_fts5(m) for m in t.either) + ")"
    if t.alternatives:
        return "(" + " OR ".join(f'"{w}"' for w in (*t.words, *t.alternatives)) + ")"
    return '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")


def _tsquery(t: Term) -> str:
    if t.either:
        return "(" + " | ".join(_tsquery(m) for m in t.either) + ")"
    if t.alternatives:
        return "(" + " | ".join(f"'{w}'" for w in (*t.words, *t.alternatives)) + ")"
    words = [f"'{w}'" for w in t.words]
    if t.prefix:
        words[-1] += ":*"
    return "(" + " <-> ".join(words) + ")"


def _spelled(t: Term) -> Term:
    """A term with its British and American spellings (forced labour: forced labor) as an OR, where it has any."""
    if t.prefix or t.either or t.alternatives:
        return t
    options = [spellings(w) for w in t.words]
    if all(len(o) == 1 for o in options):
        return t
    combos: list[tuple[str, ...]] = [()]
    for o in options:
        combos = [(*c, w) for c in combos for w in o][:4]
    return Term((), negated=t.negated, either=tuple(Term(c) for c in combos))


def _added_spellings(t: Term) -> list[str]:
    if not t.either:
        return []
    typed = " ".join(t.either[0].words)
    return [" ".join(m.words) for m in t.either[1:] if m.words and typed != " ".join(m.words)]
