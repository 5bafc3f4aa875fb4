"""The UPR tagger on a subset of the bundled UPR Info export (sessions 15-18 to learn, 19 to score)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rightsdesk.errors import InputError
from rightsdesk.tagging.actions import action_tokens, lemma, verb_class
from rightsdesk.tagging.corpus import LabelledText, bundled_corpus, split_by_session
from rightsdesk.tagging.evaluate import (
    accuracy,
    expected_calibration_error,
    multilabel_scores,
    near_duplicate_agreement,
)
from rightsdesk.tagging.upr import UprTagger, opening


@pytest.fixture(scope="module")
def trained() -> tuple[UprTagger, list[LabelledText]]:
    rows = [r for r in bundled_corpus() if r.session >= 17]
    train, test = split_by_session(rows, 19)
    return UprTagger().fit(train), test[:600]


def test_session_20_is_unlabelled_and_never_learned_from() -> None:
    rows = bundled_corpus()
    assert {r.labelled for r in rows if r.session == 20} == {False}
    train, test = split_by_session(rows, 20)
    assert test == [] and all(r.session < 20 for r in train)


def test_scores_on_an_unseen_session(trained: tuple[UprTagger, list[LabelledText]]) -> None:
    model, test = trained
    tags = model.tag([r.text for r in test])
    s = multilabel_scores([frozenset(r.issues) for r in test], [frozenset(x.label for x in t.issues) for t in tags])
    assert s.micro_f1 > 0.8 and s.macro_f1 > 0.5
    assert accuracy([r.action_category for r in test], [int(t.action_category.label) for t in tags]) > 0.8
    assert all(t.issues for t in tags)  # every text gets at least one issue


def test_scores_are_calibrated_probabilities(trained: tuple[UprTagger, list[LabelledText]]) -> None:
    model, test = trained
    probs = model.issue_probabilities([r.text for r in test])
    assert probs.min() >= 0 and probs.max() <= 1
    flat = [float(p) for p in probs.ravel()]
    truth = [lab in r.issues for r in test for lab in model.issue_labels]
    assert expected_calibration_error(flat, truth) < 0.05
    action = model.action_probabilities([r.text for r in test])
    assert abs(action.sum(1) - 1).max() < 1e-6


def test_action_category_follows_the_verb(trained: tuple[UprTagger, list[LabelledText]]) -> None:
    model, _ = trained
    tags = model.tag(["Ratify the Convention against Torture", "Continue its efforts to reduce poverty",
                      "Consider abolishing the death penalty"])
    assert [t.action_category.label for t in tags] == ["5", "2", "3"]
    assert opening("Ratify the Convention") == "L1_ratify L2_ratify_the L3_ratify_the_convention"


def test_evidence_names_words_and_labelled_examples(trained: tuple[UprTagger, list[LabelledText]]) -> None:
    model, _ = trained
    tag = model.tag(["Abolish the death penalty and commute all death sentences"], evidence=True)[0]
    best = tag.issues[0]
    assert best.label == "Death penalty" and best.score > 0.9
    assert best.evidence is not None and "death" in " ".join(best.evidence.words)
    assert all("Death penalty" in next(r for r in model._train_rows if r.id == e["id"]).issues
               for e in best.evidence.examples)


def test_too_little_to_learn_from_is_an_input_error() -> None:
    with pytest.raises(InputError, match="too little to learn from"):
        UprTagger().fit([LabelledText("a", "Ratify", 1, ("International instruments",), 5)])


def test_multilabel_scores_by_hand() -> None:
    s = multilabel_scores([frozenset({"a", "b"}), frozenset({"a"})], [frozenset({"a"}), frozenset({"a", "c"})])
    assert round(s.micro_f1, 4) == round(2 * 2 / (2 * 2 + 1 + 1), 4)
    assert {x.label: x.f1 for x in s.per_label} == {"a": 1.0, "b": 0.0, "c": 0.0}


def test_a_kept_model_is_found_by_the_version_stored_with_its_labels(
        trained: tuple[UprTagger, list[LabelledText]], tmp_path: Path) -> None:
    import copy
    import pickle

    from rightsdesk.tagging.cache import find_model, model_path, training_hash

    model, _ = trained
    rows = model._train_rows
    kept = copy.copy(model)
    kept.version = f"{model.version.partition('+')[0]}+{training_hash(rows)[:8]}"
    model_path(tmp_path, rows).write_bytes(pickle.dumps(kept))
    found = find_model(tmp_path, kept.version)
    assert found is not None and found.version == kept.version
    assert find_model(tmp_path, kept.version[:-1] + "x") is None and find_model(tmp_path / "none", kept.version) is None



def test_a_reviewer_sees_each_predicted_label_with_its_evidence(
        trained: tuple[UprTagger, list[LabelledText]], store: Any) -> None:
    from rightsdesk.store.labels import write_model_labels
    from rightsdesk.tagging.review import labels_for_review, record_verdict

    model, _ = trained
    text = "Abolish the death penalty and commute all death sentences"
    with store.writing() as conn:
        write_model_labels(conn, model.name, model.version, [("r1", "upr-issue", "Death penalty", 0.97)])
        write_model_labels(conn, "rightsdesk-uhri-zero-shot", model.version, [("r1", "uhri-theme", "Right to life",
                                                                               0.99)])
        record_verdict(conn, "r1", "affected-persons", "older persons", "add", "ana")
        with pytest.raises(InputError, match="not a UPR Info issue"):
            record_verdict(conn, "r1", "upr-issue", "Space travel", "add", "ana")
        with pytest.raises(InputError, match="verdict 'maybe'"):
            record_verdict(conn, "r1", "upr-issue", "Death penalty", "maybe", "ana")
        seen = labels_for_review(conn, "r1", text, lambda v: model if v == model.version else None)
        blind = labels_for_review(conn, "r1", text, lambda v: None)
    issue, theme = seen["predicted"]
    assert issue["label"] == "Death penalty" and "death" in " ".join(issue["evidence"]["words"])
    assert issue["evidence"]["examples"] and blind["predicted"][0]["evidence"] == {}
    assert "death penalty" in theme["evidence"]["words"] and theme["evidence"]["via"][0]["issue"] == "Death penalty"
    assert [(a["label"], a["verdict"]["person"]) for a in seen["added"]] == [("Older persons", "ana")]


def test_near_duplicate_agreement_counts_pairs_across_sessions() -> None:
    rows = [LabelledText("a", "Ratify the Convention against Torture", 1, ("Torture",), 5),
            LabelledText("b", "Ratify the Convention against Torture", 2, ("Torture",), 5),
            LabelledText("c", "Ratify the Convention against Torture", 3, ("Torture", "Detention"), 4),
            LabelledText("d", "Ratify the Convention against Torture.", 3, ("Torture",), 5),  # same words as a-c
            LabelledText("e", "Ratify the Convention against Torture promptly", 4, ("Torture",), 4),
            LabelledText("f", "Continue to fight poverty", 1, ("Poverty",), 2),
            LabelledText("g", "Continue to fight poverty", 1, ("Poverty",), 4)]  # same session: not a pair
    same, (near,) = near_duplicate_agreement(rows, bands=((0.5, 1.01),))
    # identical words, different sessions: a-b, a-c, a-d, b-c, b-d (c-d share session 3)
    assert same.pairs == 5 and same.action_agreement == 3 / 5
    assert round(same.issues_f1, 4) == round(2 * 5 / (2 * 5 + 2), 4)
    # different words: e against each of a-d, all opening with "Ratify"; e's category differs from three of them
    assert near.pairs == 4 and near.action_agreement == 1 / 4
    assert near_duplicate_agreement(rows, bands=((0.999, 1.01),))[1][0].pairs == 0


def test_action_tokens_name_the_verb_after_the_framing_and_the_action_after_by() -> None:
    toks = action_tokens("Take all necessary steps to ratify the Optional Protocol").split()
    assert {"MV_ratify", "MVC_5", "VO_ratify_treaty"} <= set(toks)
    toks = action_tokens("Continue its efforts to fight poverty, including by adopting a law").split()
    assert {"MV_fight", "SV_adopt", "SVC_5", "MV_fight_BY"} <= set(toks)
    assert "MVC_3" in action_tokens("Consider acceding to the Convention").split()
    assert verb_class("ratify") == 5 and verb_class("continue") == 2 and verb_class("banana") == 0
    assert lemma("ratifying") == "ratify" and lemma("providing") == "provide"
