"""Screening people, entities and vessels against sanctions lists, with scores that explain themselves.

    query.py     ScreeningQuery: checked user input (name, dates of birth, nationality, identifiers, schema)
    index.py     ScreeningIndex: designations, parsed names and blocking postings, built from Iterable[Designation]
    features.py  non-name features, tiny functions whose docstrings are the explanations users read
    scoring.py   screen(): candidates, name score + weighted features, threshold, result dicts
    yente.py     match_request(): the request and response shape of yente's /match endpoint
    batch.py     screen_many(): many queries, in input order, on several processes

Pure library code: no store access, no HTTP, no printing; the CLI and the web app call these functions.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rightsdesk.screening.index import ScreeningIndex
    from rightsdesk.screening.query import ScreeningQuery
    from rightsdesk.screening.scoring import MIN_SCORE, THRESHOLD, rank, screen

__all__ = ["MIN_SCORE", "THRESHOLD", "ScreeningIndex", "ScreeningQuery", "rank", "screen"]

# Imported on first use, not with the package: the command line imports `screening.query` for its choices
# (`rightsdesk --help`), which need not load the index and scoring (PEP 562).
_HOME = {"ScreeningIndex": "index", "ScreeningQuery": "query", "MIN_SCORE": "scoring", "THRESHOLD": "scoring",
         "rank": "scoring", "screen": "scoring"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
