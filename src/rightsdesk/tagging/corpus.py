"""The labelled UPR recommendations a tagger learns from: the bundled UPR Info export, or the rows of a store.

A `LabelledText` is what a model needs and nothing more: an id, the text, the session it was made in, and the
official labels (empty issues and no category when the source gave none: such rows are to be tagged, never
learned from).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rightsdesk.store import ReadSession
from rightsdesk.store.readers.recommendations import recommendation_texts

BUNDLED = "upr-info/upr_recommendations_sessions01-20.csv.gz"


@dataclass(frozen=True)
class LabelledText:
    """One recommendation as a tagger sees it."""

    id: str
    text: str
    session: int
    issues: tuple[str, ...]
    action_category: int | None

    @property
    def labelled(self) -> bool:
        """True when the source labelled it (issues and an action category)."""
        return bool(self.issues) and self.action_category is not None


def bundled_path() -> Path:
    """The UPR Info export shipped in the package."""
    return Path(str(resources.files("rightsdesk.data").joinpath(BUNDLED)))


def bundled_corpus(path: Path | None = None) -> list[LabelledText]:
    """Every recommendation of the bundled export (or of `path`, same format), with the ids the store gives them."""
    from rightsdesk.ingest import upr_info
    from rightsdesk.model.ids import natural_id

    return [LabelledText(natural_id(*r.key(), r.occurrence), r.text, r.session, r.issues, r.action_category)
            for r in upr_info.parse(path or bundled_path())]


def store_corpus(session: ReadSession, sessions: Iterable[int] | None = None) -> list[LabelledText]:
    """The recommendations of a store (of `sessions` only, if given), in a stable order (session, then id)."""
    return [LabelledText(r.id, r.text, r.session, r.issues, r.action_category)
            for r in recommendation_texts(session, sessions)]


def split_by_session(rows: Sequence[LabelledText], test_session: int) -> tuple[list[LabelledText], list[LabelledText]]:
    """Labelled rows of sessions before `test_session` (to learn from) and of `test_session` (to score on)."""
    train = [r for r in rows if r.labelled and r.session < test_session]
    test = [r for r in rows if r.labelled and r.session == test_session]
    return train, test
