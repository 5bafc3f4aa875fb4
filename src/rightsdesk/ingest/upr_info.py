"""UPR Info's export of UPR recommendations (CSV with a header), as bundled from the Terman–Voeten repository.

Columns: to_state, to_regional_group, to_organisations, recommendation, from_state, from_regional_group,
from_organisations, response, action_category, issues, session, cycle, source_file. Session 20 carries no
issue labels or action categories: those rows load unlabelled (empty issues, NULL category), never guessed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from rightsdesk.errors import IngestError, InputError
from rightsdesk.ingest.base import Declared
from rightsdesk.ingest.files import csv_rows, whole_number
from rightsdesk.model.countries import resolve_country
from rightsdesk.model.records import UprRecommendation
from rightsdesk.model.vocab import UprResponse

NAME = "upr-info"
VERSION = "1"
HEADER = ("to_state", "to_regional_group", "to_organisations", "recommendation", "from_state",
          "from_regional_group", "from_organisations", "response", "action_category", "issues", "session",
          "cycle", "source_file")


def files(path: Path) -> list[Path]:
    """The files this ingestor reads for `path`."""
    return [path]


def parse(path: Path) -> Iterator[UprRecommendation]:
    """Yield one UprRecommendation per row; IngestError naming file and line on any malformed cell."""
    col = {c: i for i, c in enumerate(HEADER)}
    seen: dict[tuple[object, ...], int] = {}
    for line, cells in csv_rows(path, HEADER):
        try:
            record = _record(line, cells, col)
        except (InputError, ValueError) as exc:
            raise IngestError(str(path), line, str(exc)) from None
        # The export repeats a few recommendations verbatim (same states, session and text); each is a row of
        # its own, told apart by its occurrence number.
        n = seen[record.key()] = seen.get(record.key(), -1) + 1
        yield dataclasses.replace(record, occurrence=n) if n else record


def _record(line: int, cells: list[str], col: dict[str, int]) -> UprRecommendation:
    def cell(name: str) -> str:
        return cells[col[name]].strip()

    to_state = resolve_country(cell("to_state"))
    if to_state is None:
        raise InputError(f"to_state: the state under review is missing ({cell('to_state')!r})")
    text = cell("recommendation")
    if not text:
        raise InputError("recommendation: empty text")
    session = _int(cell("session"), "session")
    cycle = _int(cell("cycle"), "cycle")
    if session is None or cycle is None:
        raise InputError("session and cycle are required")
    category = _int(cell("action_category"), "action_category")
    if category is not None and not 1 <= category <= 5:
        raise InputError(f"action_category: {category} is not in 1-5")
    issues = tuple(sorted({i.strip() for i in cell("issues").split(",") if i.strip()}))
    return UprRecommendation(
        to_state=to_state,
        from_state=resolve_country(cell("from_state")),
        text=text,
        response=UprResponse.normalise(cell("response")),
        response_original=cell("response"),
        action_category=category,
        issues=issues,
        session=session,
        cycle=cycle,
        to_state_original=cell("to_state"),
        from_state_original=cell("from_state"),
        line=line,
    )


def _int(text: str, field: str) -> int | None:
    return whole_number(text, field) if text else None


INGESTOR = Declared(NAME, VERSION, files, parse)
