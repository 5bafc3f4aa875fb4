"""`rightsdesk tag` and `tag-text` on a built store, learning from sessions 17-19 only (fast), model kept on disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from rightsdesk.access import SYSTEM
from rightsdesk.cli import cli
from rightsdesk.store import schema
from rightsdesk.store.labels import labels_of


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def _run(built: Any, model_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", built.url, *args], env={"RIGHTSDESK_MODEL_DIR": str(model_dir)})


def test_tag_session_json_keys_and_write_keeps_official_labels(built_to_change: Any, model_dir: Path) -> None:
    result = _run(built_to_change, model_dir, "tag", "--session", "20", "--train-from", "17", "--json", "--write")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    t = schema.upr_recommendation
    with built_to_change.reading(SYSTEM) as s:
        n20 = s.conn.scalar(select(func.count()).select_from(t).where(t.c.session == 20))
        official = s.conn.execute(select(t.c.id, t.c.issues, t.c.action_category).where(t.c.session == 20)).all()
        stored = labels_of(s.conn, [d["id"] for d in data[:50]])
    assert len(data) == n20 > 0
    first = data[0]
    assert set(first) == {"id", "to", "from", "text", "issues", "action_category", "themes", "sdgs",
                          "affected_persons"}
    assert sum(bool(d["themes"]) for d in data) > 0.8 * len(data)  # all but texts with no evidence for any
    assert all(0 < x["score"] <= 1 for d in data for k in ("themes", "sdgs", "affected_persons") for x in d[k])
    assert first["issues"] and all(0 <= i["score"] <= 1 for i in first["issues"])
    assert first["action_category"]["label"] in {"1", "2", "3", "4", "5"}
    assert all(not r.issues and r.action_category is None for r in official)  # still unlabelled officially
    assert stored and {s.origin for s in stored} == {"model"}
    assert {s.scheme for s in stored} >= {"upr-issue", "action-category", "uhri-theme", "sdg"}
    by_id = {d["id"]: d for d in data}
    for s in stored:
        key = {"upr-issue": "issues", "uhri-theme": "themes", "sdg": "sdgs"}.get(s.scheme)
        if key:
            assert s.label in {i["label"] for i in by_id[s.record_id][key]}
    assert list(model_dir.glob("*.pkl"))  # persisted: the next run loads it


def test_tag_text_uses_the_kept_model(built: Any, model_dir: Path) -> None:
    result = _run(built, model_dir, "tag-text", "Abolish the death penalty and commute all death sentences",
                  "--train-from", "17", "--json", "--evidence")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["issues"][0]["label"] == "Death penalty" and data["issues"][0]["evidence"]["words"]
    assert data["action_category"]["label"] in {"4", "5"}
    life = data["themes"][0]
    assert life["label"] == "Right to life" and "death penalty" in life["evidence"]["words"]
    assert {"issue": "Death penalty"}.items() <= life["evidence"]["via"][0].items()
    assert "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS" in {s["label"] for s in data["sdgs"]}


def test_tag_unknown_session_is_not_found(built: Any, model_dir: Path) -> None:
    result = _run(built, model_dir, "tag", "--session", "99", "--train-from", "17")
    assert result.exit_code == 3 and "session 99" in result.output
