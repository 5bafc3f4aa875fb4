"""`link-decide` names a link by a prefix of its id: the prefix is matched as written, so `%` and `_` are no
LIKE wildcards that pick a link the reviewer never named (issue 15, 6d)."""

from __future__ import annotations

import pytest

from rightsdesk.errors import NotFoundError
from rightsdesk.store import Store, schema
from rightsdesk.store.links import decide, link_id, save_proposals


def _one_link(store: Store) -> str:
    with store.writing() as conn:
        save_proposals(conn, [{"left_list": "un", "left_ref": "KPi.001", "right_list": "ofac-sdn", "right_ref": "1",
                               "score": 0.97, "evidence": {}}])
    return link_id("un", "KPi.001", "ofac-sdn", "1")


@pytest.mark.parametrize("given", ["%", "_", "_%", "%%", "____"])
def test_wildcards_in_an_id_match_nothing(store: Store, given: str) -> None:
    _one_link(store)
    with store.writing() as conn, pytest.raises(NotFoundError, match="no link"):
        decide(conn, given, "accepted", "reviewer")
    with store.engine.connect() as conn:
        assert conn.execute(schema.designation_link.select()).one().status == "proposed"


def test_a_prefix_of_the_id_still_decides(store: Store) -> None:
    lid = _one_link(store)
    with store.writing() as conn:
        assert decide(conn, lid[:8], "accepted", "reviewer")["status"] == "accepted"
