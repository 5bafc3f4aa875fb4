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
            parts.append(f"!({phrase})" if t.negated else f"({phrase})")
        return " & ".join(parts)

    def words(self) -> list[str]:
        """The positive words, for highlighting by hand where the engine does not."""
        return [w for t in self.terms if not t.negated for w in t.words]


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
