"""The labels table on both engines: model labels replace only their own model version's rows."""

from __future__ import annotations

from typing import Any

import pytest

from rightsdesk.errors import InputError
from rightsdesk.store.labels import labels_of, write_model_labels, write_person_label


def test_model_labels_never_touch_person_or_other_model_labels(store: Any) -> None:
    with store.writing() as conn:
        write_person_label(conn, "r1", "upr-issue", "Torture", "analyst1")
        write_model_labels(conn, "m", "1", [("r1", "upr-issue", "Death penalty", 0.9)])
        write_model_labels(conn, "m", "0", [("r1", "upr-issue", "Women's rights", 0.4)])
        write_model_labels(conn, "m", "1", [("r1", "upr-issue", "Justice", 0.7),
                                             ("r1", "action-category", "5", 0.8)])
    with store.writing() as conn:
        got = {(s.origin, s.model_version, s.label, s.person) for s in labels_of(conn, ["r1"])}
    assert got == {("person", "", "Torture", "analyst1"), ("model", "0", "Women's rights", None),
                   ("model", "1", "Justice", None), ("model", "1", "5", None)}


def test_unknown_scheme_is_an_input_error(store: Any) -> None:
    with pytest.raises(InputError, match="unknown label scheme"), store.writing() as conn:
        write_model_labels(conn, "m", "1", [("r1", "themes", "x", 0.5)])
