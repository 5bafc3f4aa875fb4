"""Screening people, entities and vessels against sanctions lists, with scores that explain themselves.

    query.py     ScreeningQuery: checked user input (name, dates of birth, nationality, identifiers, schema)
    index.py     ScreeningIndex: designations, parsed names and blocking postings, built from Iterable[Designation]
    features.py  non-name features, tiny functions whose docstrings are the explanations users read
    scoring.py   screen(): candidates, name score + weighted features, threshold, result dicts
    yente.py     match_request(): the request and response shape of yente's /match endpoint
    batch.py     screen_many(): many queries, in input order, on several processes

Pure library code: no store access, no HTTP, no printing; the CLI and the web app call these functions.
"""

from rightsdesk.screening.index import ScreeningIndex
from rightsdesk.screening.query import ScreeningQuery
from rightsdesk.screening.scoring import MIN_SCORE, THRESHOLD, rank, screen

__all__ = ["MIN_SCORE", "THRESHOLD", "ScreeningIndex", "ScreeningQuery", "rank", "screen"]
