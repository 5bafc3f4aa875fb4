"""A recommendation's labels for a reviewer: what the models predicted (score and evidence), and people's verdicts.

`labels_for_review` gathers, for one recommendation, every model label of the labels table with its score and
its evidence (for a UPR Info issue: the words and nearest labelled examples of the kept model that predicted it,
when that model is at hand; for a UHRI label: the label's words found in the text and the predicted issues it
was reached through), each with the latest person's verdict on it, and the labels people added. `record_verdict`
checks a person's verdict (the scheme, and the label against the scheme's vocabulary) and stores it through
`store.labels`. Reads and writes go through `rightsdesk.store.labels` only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Connection

from rightsdesk.errors import InputError
from rightsdesk.store.labels import StoredLabel, labels_of, write_person_label
from rightsdesk.tagging.taxonomy import PERSONS, SDG, THEME, taxonomy
from rightsdesk.tagging.uhri import UhriTagger
from rightsdesk.tagging.upr import ACTION_CATEGORIES, UprTagger

SCHEME_NAMES = {"upr-issue": "UPR Info issue", "action-category": "Action category", THEME: "UHRI theme",
                PERSONS: "Affected persons", SDG: "SDG"}
VERDICTS = ("confirm", "reject", "add")
ModelLookup = Callable[[str], UprTagger | None]


def vocabulary(scheme: str) -> tuple[str, ...]:
    """The labels a person may give in `scheme`."""
    if scheme == "upr-issue":
        return taxonomy().upr_issues
    if scheme == "action-category":
        return tuple(str(c) for c in ACTION_CATEGORIES)
    if scheme in (THEME, PERSONS, SDG):
        return tuple(lab.label for lab in taxonomy().labels(scheme))
    raise InputError(f"unknown label scheme {scheme!r} (known: {', '.join(SCHEME_NAMES)})")


def _canonical(scheme: str, label: str) -> str:
    if scheme in (THEME, PERSONS, SDG):
        return taxonomy().canonical(scheme, label)
    if label not in vocabulary(scheme):
        raise InputError(f"{label!r} is not a {SCHEME_NAMES[scheme]} (known: {', '.join(vocabulary(scheme))})")
    return label


def record_verdict(conn: Connection, record_id: str, scheme: str, label: str, verdict: str, person: str) -> str:
    """Store a person's verdict (confirm, reject or add) on a label of a recommendation; the label as stored."""
    if verdict not in VERDICTS:
        raise InputError(f"verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    vocabulary(scheme)  # an unknown scheme is refused before the label is looked at
    label = _canonical(scheme, label.strip())
    write_person_label(conn, record_id, scheme, label, person, applies=verdict != "reject")
    return label


def labels_for_review(conn: Connection, record_id: str, text: str, model: ModelLookup) -> dict[str, Any]:
    """The predicted labels of one recommendation, with score, evidence and verdict, and the labels people added.

    `model(version)` gives the kept UPR tagger of a version, or None when it is not at hand (no word evidence)."""
    stored = labels_of(conn, [record_id])
    verdicts = {(s.scheme, s.label): s for s in stored if s.origin == "person"}
    predicted = [s for s in stored if s.origin == "model"]
    issue_scores = {s.label: s.score or 0.0 for s in predicted if s.scheme == "upr-issue"}
    uhri = _uhri_tagger().scores(text, issue_scores)
    out = []
    for s in sorted(predicted, key=lambda s: (list(SCHEME_NAMES).index(s.scheme), -(s.score or 0), s.label)):
        out.append({"scheme": s.scheme, "scheme_name": SCHEME_NAMES[s.scheme], "label": s.label, "score": s.score,
                    "model": f"{s.model_name} {s.model_version}", "evidence": _evidence(s, text, uhri, model),
                    "verdict": _verdict(verdicts.get((s.scheme, s.label)))})
    shown = {(s.scheme, s.label) for s in predicted}
    added = [{"scheme": k[0], "scheme_name": SCHEME_NAMES[k[0]], "label": k[1], "verdict": _verdict(v)}
             for k, v in sorted(verdicts.items()) if k not in shown]
    return {"predicted": out, "added": added,
            "vocabulary": {scheme: vocabulary(scheme) for scheme in SCHEME_NAMES}, "schemes": SCHEME_NAMES}


@cache
def _uhri_tagger() -> UhriTagger:
    return UhriTagger()


def _evidence(s: StoredLabel, text: str, uhri: dict[tuple[str, str], Any], model: ModelLookup) -> dict[str, Any]:
    if s.scheme in (THEME, PERSONS, SDG):
        found = uhri.get((s.scheme, s.label))
        return {"words": list(found.words) if found else [],
                "via": [{"issue": i, "score": round(p, 4)} for i, p in found.via] if found else []}
    tagger = model(s.model_version) if s.scheme == "upr-issue" else None
    if tagger is None or s.label not in tagger.issue_labels:
        return {}
    return tagger.evidence(text, s.label).as_dict()


def _verdict(s: StoredLabel | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"person": s.person, "applies": s.score is None or s.score >= 0.5, "decided_at": s.decided_at}
