"""The essay's footnote passages: the tool that finds each marker's sentence, and the data it wrote."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from rightsdesk.situation.sources import essay_footnotes, essay_passages

TOOL = Path(__file__).resolve().parents[2] / "tools" / "essay_passages.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("essay_passages", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_marker_gives_the_sentence_it_closes() -> None:
    text = ("The Council met in 2014 and voted. 1  It named three places: Seoul,2 Tokyo,3 \n\n and Geneva.4 \n"
            "A two-\n\nyear-long process followed “with resolve.”5 Then Article 27.2 was read, and 6 states left.")
    found = _tool().passages(text)
    assert found[1] == "The Council met in 2014 and voted."  # "2014" is no marker: markers follow a word or a mark
    assert found[3] == "It named three places: Seoul, Tokyo,"  # close markers: the sentence, markers left out
    assert found[4] == "It named three places: Seoul, Tokyo, and Geneva."
    assert found[5] == "A two-year-long process followed “with resolve.”"  # a line-end hyphen joined again
    assert 6 not in found  # "27.2" and "6 states" are not marker 6


def test_every_cited_footnote_has_its_passage() -> None:
    passages = essay_passages()
    assert len(passages) >= 100 and list(passages) == sorted(passages)
    assert set(essay_footnotes()) <= set(passages)
    assert all(20 <= len(p) <= 330 for p in passages.values())
    assert passages[17].startswith("It had been four years and five years respectively since Seoul co-sponsored")
