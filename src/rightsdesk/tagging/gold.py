"""Reference labels to score the UHRI tagger against: a file of OHCHR-labelled texts, or the UPR Info proxy.

An OHCHR-labelled file is CSV with a header: `text`, and any of `themes`, `affected_persons`, `sdgs`, each
cell the labels separated by `|`, in any of OHCHR's spellings (an SDG also by number). A row without a text, a
file without a label column, or a label the taxonomy does not know is an InputError naming the file and line.

The proxy is what can be measured without such a file: the themes and affected persons that a recommendation's
official UPR Info issues link to fully (weight 1) in the crosswalk. It measures agreement with UPR Info's
labels seen through the crosswalk, not agreement with OHCHR's own tagging.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rightsdesk.errors import InputError
from rightsdesk.tagging.taxonomy import PERSONS, SDG, THEME, Taxonomy, taxonomy

COLUMNS = {"themes": THEME, "affected_persons": PERSONS, "sdgs": SDG}


@dataclass(frozen=True)
class GoldText:
    """A text with its reference labels per scheme (only the schemes the file labels)."""

    text: str
    labels: dict[str, frozenset[str]]


def read_gold(path: Path, tax: Taxonomy | None = None) -> list[GoldText]:
    """The labelled texts of an OHCHR-labelled CSV file (see the module doc)."""
    tax = tax or taxonomy()
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            present = [c for c in COLUMNS if c in (reader.fieldnames or [])]
            if "text" not in (reader.fieldnames or []) or not present:
                raise InputError(f"{path}: line 1: needs a `text` column and one of {', '.join(COLUMNS)}")
            return [_row(path, reader.line_num, row, present, tax) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot read it: {exc}") from None


def _row(path: Path, line: int, row: dict[str, str], present: list[str], tax: Taxonomy) -> GoldText:
    text = (row.get("text") or "").strip()
    if not text:
        raise InputError(f"{path}: line {line}: the text is empty")
    labels = {}
    for column in present:
        names = [n.strip() for n in (row.get(column) or "").split("|") if n.strip()]
        try:
            labels[COLUMNS[column]] = frozenset(tax.canonical(COLUMNS[column], n) for n in names)
        except InputError as exc:
            raise InputError(f"{path}: line {line}: column {column}: {exc}") from None
    return GoldText(text, labels)


def crosswalk_truth(issues: Sequence[str], scheme: str, tax: Taxonomy | None = None) -> frozenset[str]:
    """The labels of `scheme` that these UPR Info issues link to fully (the proxy of the module doc)."""
    tax = tax or taxonomy()
    wanted = set(issues)
    return frozenset(link.label for link in tax.crosswalk
                     if link.scheme == scheme and link.weight >= 1.0 and link.upr_issue in wanted)
