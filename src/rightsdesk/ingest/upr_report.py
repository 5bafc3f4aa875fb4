"""A UPR Working Group report (text extracted from the PDF): the recommendations section, read into
UprRecommendation records with their paragraph number (124.15), recommending states and response.

The section opens with "II. Conclusions and/or recommendations"; each numbered paragraph introduces a list
("will be examined by ..." → response pending, None; "did not enjoy the support" → noted; "enjoy the
support" / "were examined and are supported" → supported) and the section ends with the paragraph "All
conclusions and/or recommendations contained in the present report ...". Items are written either
"124.15 Text (France);" on one line (A/HRC/27/10) or as "1." on a line of its own followed by the text
(A/HRC/13/13, cited as 90.1). A recommendation made by several states yields one record per state, as UPR
Info counts them. The state under review and the session are read from the report's introduction.

`match_upr_info` compares the records with UPR Info's rows of the same review (UPR Info drops the paragraph
number and the state suffix) and reports the match rate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from rightsdesk.errors import IngestError, InputError
from rightsdesk.ingest.base import Declared
from rightsdesk.ingest.files import text_lines
from rightsdesk.mechanisms.rules import upr_cycle
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.ingestor import HeldRow
from rightsdesk.model.records import UprRecommendation
from rightsdesk.model.vocab import UprResponse

NAME = "upr-report"
VERSION = "1"

_SECTION = re.compile(r"^II\.\s+Conclusions and/or recommendations[.\s]*$")
_PARA = re.compile(r"^(\d{2,3})\.\s+(\S.*)$")
_ITEM_INLINE = re.compile(r"^(\d{2,3})\.(\d{1,3})\s+(.*)$")
_ITEM_ALONE = re.compile(r"^(\d{1,3})\.\s*$")
_END = re.compile(r"^\d{2,3}\.\s+All conclusions and/or recommendations")
_NOISE = re.compile(r"^(\*+|The conclusions and recommendations have not been edited\.?|GE\.\d\d-\d+.*|"
                    r"A/HRC/\d+/\d+|\d{1,2})$")
_SESSION = re.compile(r"held its ([\w-]+) session")
_REVIEWED = re.compile(r"(?:the )?(.+?)(?: \([A-Z]+\))? was held")  # matched once, after the first "The review of "
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENTHS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70}


def ordinal(word: str) -> int | None:
    """The number an English ordinal word stands for ('nineteenth' → 19, 'forty-seventh' → 47), else None."""
    word = word.casefold()
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TENTHS:
        return _TENTHS[word]
    tens, _, unit = word.partition("-")
    if tens in _TENS and unit in _UNITS[:9]:
        return _TENS[tens] + _UNITS.index(unit) + 1
    return None


def files(path: Path) -> list[Path]:
    """The files this ingestor reads for `path`."""
    return [path]


@dataclass
class _Item:
    paragraph: str
    line: int
    response: UprResponse | None
    response_original: str
    lines: list[str] = field(default_factory=list)


def parse(path: Path) -> Iterator[UprRecommendation]:
    """Yield one UprRecommendation per recommending state of each recommendation in the report."""
    lines = [line.strip() for line in text_lines(path)]
    to_state, to_state_original, session = _review(path, lines)
    seen: dict[tuple[object, ...], int] = {}
    for item in _items(path, lines):
        text, states = _split_states(path, item)
        for state in states:
            try:
                from_state = resolve_country(state)
            except InputError as exc:
                raise IngestError(str(path), item.line, f"recommendation {item.paragraph}: {exc}") from None
            key = (state, text)
            seen[key] = seen.get(key, -1) + 1  # a verbatim repeat in one report keeps its own row
            yield UprRecommendation(
                to_state=to_state, from_state=from_state, text=text, response=item.response,
                response_original=item.response_original, action_category=None, issues=(), session=session,
                cycle=upr_cycle(session), to_state_original=to_state_original, from_state_original=state,
                paragraph=item.paragraph, line=item.line, occurrence=seen[key])


def _review(path: Path, lines: Sequence[str]) -> tuple[str, str, int]:
    head = " ".join(lines[:80])
    # Only the first "The review of " is tried: searching for the pattern at every one was quadratic.
    at = head.find("The review of ")
    session, state = _SESSION.search(head), _REVIEWED.match(head, at + 14) if at >= 0 else None
    number = ordinal(session.group(1)) if session else None
    if number is None or not state:
        raise IngestError(str(path), None, "cannot find the session and the state under review in the introduction")
    try:
        iso3 = resolve_country(state.group(1))
    except InputError as exc:
        raise IngestError(str(path), None, f"state under review: {exc}") from None
    if iso3 is None:
        raise IngestError(str(path), None, f"no state under review in {state.group(1)!r}")
    return iso3, state.group(1), number


def _response(intro: str) -> tuple[UprResponse | None, str]:
    text = intro.casefold()
    if "did not enjoy the support" in text or "noted" in text or "not supported" in text:
        return UprResponse.NOTED, "noted"
    if "will be examined" in text:
        return None, "to be examined"
    if "enjoy the support" in text or "supported" in text or "accepted" in text:
        return UprResponse.SUPPORTED, "supported"
    raise ValueError(intro)


def _items(path: Path, lines: Sequence[str]) -> Iterator[_Item]:
    start = next((i for i, line in enumerate(lines) if _SECTION.match(line)), None)
    if start is None:
        raise IngestError(str(path), None, "no 'II. Conclusions and/or recommendations' section")
    para: tuple[str, UprResponse | None, str] | None = None
    item: _Item | None = None
    for number, line in enumerate(lines[start + 1:], start=start + 2):
        if _END.match(line):
            break
        if not line or _NOISE.match(line):
            continue
        inline, alone, intro = _ITEM_INLINE.match(line), _ITEM_ALONE.match(line), _PARA.match(line)
        if inline or alone:
            if para is None or (inline and inline.group(1) != para[0]):
                raise IngestError(str(path), number, f"recommendation {line[:12]!r} outside its paragraph")
            if item:
                yield item
            label = f"{para[0]}.{inline.group(2)}" if inline else f"{para[0]}.{alone.group(1) if alone else ''}"
            item = _Item(label, number, para[1], para[2], [inline.group(3)] if inline else [])
        elif intro:
            if item:
                yield item
            item = None
            try:
                para = (intro.group(1), *_response(intro.group(2)))
            except ValueError:
                raise IngestError(str(path), number, f"cannot tell the response from {line[:80]!r}") from None
        elif item is not None:
            item.lines.append(line)
        else:
            raise IngestError(str(path), number, f"text outside any recommendation: {line[:80]!r}")
    else:
        raise IngestError(str(path), None, "the recommendations section does not end")
    if item:
        yield item


def _split_states(path: Path, item: _Item) -> tuple[str, list[str]]:
    """The recommendation's text and its recommending states, from the parenthesis that ends it."""
    text = " ".join(" ".join(item.lines).split()).rstrip(" ;.")
    if not text.endswith(")"):
        raise IngestError(str(path), item.line, f"recommendation {item.paragraph} names no recommending state")
    depth, i = 0, len(text) - 1
    while i >= 0:
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            break
        i -= 1
    inside = text[i + 1:-1]
    states, depth, current = [], 0, ""
    for ch in inside:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            states.append(current.strip())
            current = ""
        else:
            current += ch
    states.append(current.strip())
    return text[:i].rstrip(), [s for s in states if s]


@dataclass(frozen=True)
class MatchReport:
    """How many of UPR Info's rows of a review match a report row (same state, similar text)."""

    total: int
    matched: int
    unmatched: tuple[tuple[str, str], ...]  # (recommending state, UPR Info text) of each unmatched row

    @property
    def rate(self) -> float:
        """Matched rows as a share of UPR Info's rows."""
        return self.matched / self.total if self.total else 1.0


def pair_with_held(report: Sequence[UprRecommendation], held: Sequence[HeldRow], threshold: float = 85.0,
                   ) -> tuple[list[tuple[HeldRow, UprRecommendation, float]], list[UprRecommendation]]:
    """Pair each held row with at most one report record of the same recommending state by fuzzy text (best
    first, as `match_upr_info`); return the pairs with their scores and the report records left unpaired."""
    pool: dict[str | None, list[UprRecommendation]] = {}
    for rec in report:
        pool.setdefault(rec.from_state, []).append(rec)
    pairs: list[tuple[HeldRow, UprRecommendation, float]] = []
    for row in held:
        candidates = pool.get(row.from_state, [])
        scored = [(fuzz.token_set_ratio(row.text.casefold(), c.text.casefold()), c) for c in candidates]
        best = max(scored, key=lambda sc: sc[0], default=None)
        if best is not None and best[0] >= threshold:
            candidates.remove(best[1])
            pairs.append((row, best[1], float(best[0])))
    return pairs, [r for rs in pool.values() for r in rs]


def match_upr_info(report: Sequence[UprRecommendation], upr_info: Sequence[UprRecommendation],
                   threshold: float = 85.0) -> MatchReport:
    """Match each UPR Info row to an unused report row of the same recommending state by fuzzy text.

    The score is rapidfuzz's `token_set_ratio` after case folding; a row matches at `threshold` or above.
    """
    pool: dict[str | None, list[UprRecommendation]] = {}
    for rec in report:
        pool.setdefault(rec.from_state, []).append(rec)
    matched, unmatched = 0, []
    for row in upr_info:
        candidates = pool.get(row.from_state, [])
        scored = [(fuzz.token_set_ratio(row.text.casefold(), c.text.casefold()), c) for c in candidates]
        best = max(scored, key=lambda sc: sc[0], default=None)
        if best is not None and best[0] >= threshold:
            candidates.remove(best[1])
            matched += 1
        else:
            unmatched.append((row.from_state_original, row.text))
    return MatchReport(len(upr_info), matched, tuple(unmatched))


INGESTOR = Declared(NAME, VERSION, files, parse, pairs_with_held=pair_with_held)  # rows UPR Info holds gain paragraphs
