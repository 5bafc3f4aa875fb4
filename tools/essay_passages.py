"""Write `situation/data/essay_passages.yaml`: for each footnote marker of the essay the data cite ("essay fn N"),
the sentence the marker closes, so that the sources page can show what each footnote annotates.

The copy of the essay we hold (shared/context/essay-un-and-north-korean-human-rights.txt) carries the footnote
markers but not the notes, so the passage at the marker is the nearest thing to a footnote's text that we have.
Markers are found in order (1, 2, 3, ...), each after the one before, as a number set directly (or after one
space) after a word or a closing mark; a passage runs from the start of the marker's sentence, with the markers
inside it left out, and only a short quotation is kept (at most MAX_CHARS).

    python tools/essay_passages.py ../shared/context/essay-un-and-north-korean-human-rights.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[1] / "src/rightsdesk/situation/data/essay_passages.yaml"
MAX_CHARS = 320
MARK = r"(?:(?<=[A-Za-z\.,;:\"”’\)\]])|(?<=[\.,;:\"”’\)] ))({n})(?=[\s,;.:]|$)"
# the end of a sentence: a stop, a closing quote, a footnote marker (set close or after a space), then a capital
SENTENCE_END = re.compile(r"[.?!][”’\"]? ?(?:\d{1,3})? +(?=[“\"A-Z])")


def flatten(text: str) -> str:
    """The essay as one line: runs of whitespace as one space, words split at a line-end hyphen joined again."""
    return re.sub(r"(?<=[a-z])- (?=[a-z])", "-", re.sub(r"\s+", " ", text))


def passages(text: str) -> dict[int, str]:
    """Footnote number → the sentence its marker closes (cut at the front to MAX_CHARS, marked with …)."""
    flat, pos, found = flatten(text), 0, {}
    marks: list[tuple[int, int]] = []  # each marker's span, to leave out of a passage holding it
    for n in range(1, 1000):
        m = re.compile(MARK.format(n=n)).search(flat, pos)
        if m is None:
            break
        ends = [e.end() for e in SENTENCE_END.finditer(flat, max(0, m.start() - 4 * MAX_CHARS), m.start() - 1)]
        start = ends[-1] if ends else max(0, m.start() - MAX_CHARS)
        passage = "".join(flat[a:b] for a, b in _gaps(start, m.start(), marks)).strip()
        marks.append(m.span())
        if len(passage) > MAX_CHARS:
            passage = "…" + passage[-MAX_CHARS:].split(" ", 1)[-1]
        found[n], pos = passage, m.end()
    return found


def _gaps(start: int, end: int, marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of [start, end) between the markers that fall inside it."""
    out, at = [], start
    for a, b in marks:
        if start <= a and b <= end:
            out.append((at, a))
            at = b
    return [*out, (at, end)]


def main(essay: str) -> None:
    found = passages(Path(essay).read_text(encoding="utf-8"))
    header = ("# The sentence each footnote marker of the essay closes (the copy held has the markers, not the notes).\n"
              "# Source: \"The UN and North Korean Human Rights\" (2024; author not named in the copy held),\n"
              "# quoted briefly for citation. Written by tools/essay_passages.py; do not edit by hand.\n")
    body = yaml.safe_dump({"passages": found}, allow_unicode=True, sort_keys=True, width=120)
    OUT.write_text(header + body, encoding="utf-8")
    print(f"{len(found)} footnote passages written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
