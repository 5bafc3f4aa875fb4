"""`UprTagger`: UPR Info issues (54 labels, several per text) and action categories (1-5) for any text.

The model is linear, over TF-IDF word 1-2-grams, character 3-5-grams and the text's opening words (the verb
decides most of an action category: "Continue" is 2, "Consider" 3, "Ratify" 5):

- issues: one linear SVM per label; its margin is calibrated into a probability by Platt scaling fitted on
  margins from a two-fold split *by session* (even and odd sessions), so the probabilities are those of text
  from a review the model has not seen. A label is predicted when its probability reaches `threshold` (chosen
  on the same out-of-session margins to maximise micro-F1); a text gets at least its most probable label.
  (Tried and not kept, 2026-12: a threshold per label, stacking the votes of the nearest labelled texts, the
  static embedding as extra features, C = 1, and stacking all labels' margins; none scored better on an
  unseen session: docs/tagging.md.)
- action category: a one-vs-rest linear SVM over the five categories, its margins turned into probabilities
  by a multinomial logistic regression fitted on the same out-of-session margins. Besides the blocks above it
  sees the tokens of UPR Info's verb scheme (`tagging.actions`: the verb after the framing words, its class, its
  object, the actions named after "by"/"through"/"including"), weighted `ACTION_SCHEME_WEIGHT`.

Evidence for a label is the words of the text that weigh most towards it, and the nearest labelled training
texts that carry it. Training the full 38,000 labelled rows takes a couple of minutes on one core.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from rightsdesk import __version__
from rightsdesk.errors import InputError
from rightsdesk.tagging.actions import action_tokens
from rightsdesk.tagging.corpus import LabelledText

MODEL_NAME = "rightsdesk-upr-linear"
ACTION_CATEGORIES = (1, 2, 3, 4, 5)
_WORD = re.compile(r"[a-z']+")
_SVM_C = 0.5
# The weight of the verb-scheme block beside the TF-IDF blocks, for the action category only; chosen on session 18
# trained on sessions 1-17 (0.4-1.8 tried; docs/tagging.md), never on the session the bench scores.
ACTION_SCHEME_WEIGHT = 0.8


@dataclass(frozen=True)
class Evidence:
    """Why a label was given: the words that weigh most towards it, the nearest labelled texts carrying it, and
    (for a UHRI label) the predicted UPR Info issues it was reached through."""

    words: tuple[str, ...]
    examples: tuple[dict[str, str], ...]  # {"id", "text"}
    via: tuple[dict[str, Any], ...] = ()  # {"issue", "score"}

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"words": list(self.words), "examples": list(self.examples)}
        if self.via:
            out["via"] = list(self.via)
        return out


@dataclass(frozen=True)
class ScoredLabel:
    """A label with its calibrated probability (0-1) and, when asked for, its evidence."""

    label: str
    score: float
    evidence: Evidence | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "score": round(self.score, 4)}
        if self.evidence is not None:
            out["evidence"] = self.evidence.as_dict()
        return out


@dataclass(frozen=True)
class UprTags:
    """What the tagger says of one text: the predicted issues and action category, each with its score."""

    issues: tuple[ScoredLabel, ...]
    action_category: ScoredLabel
    issue_scores: dict[str, float] = field(repr=False, default_factory=dict)  # every label's probability


def opening(text: str) -> str:
    """The text's first one, two and three words as tokens of their own (`L1_ratify L2_ratify_the ...`)."""
    w = _WORD.findall(text.lower())
    return " ".join((f"L1_{'_'.join(w[:1])}", f"L2_{'_'.join(w[:2])}", f"L3_{'_'.join(w[:3])}"))


class Features:
    """The text features: word 1-2-grams, character 3-5-grams and opening words, each TF-IDF, side by side; for
    the action category, the verb scheme's tokens (`tagging.actions`) beside them."""

    def __init__(self, max_char_features: int = 200_000) -> None:
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float32)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True,
                                     max_features=max_char_features, dtype=np.float32)
        self.openings = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, dtype=np.float32)
        self.scheme = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, dtype=np.float32)

    def fit(self, texts: Sequence[str]) -> Features:
        self.words.fit(texts)
        self.chars.fit(texts)
        self.openings.fit([opening(t) for t in texts])
        self.scheme.fit([action_tokens(t) for t in texts])
        return self

    def word_matrix(self, texts: Sequence[str]) -> csr_matrix:
        return csr_matrix(self.words.transform(texts))

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        parts = [self.words.transform(texts), self.chars.transform(texts),
                 self.openings.transform([opening(t) for t in texts])]
        return csr_matrix(hstack(parts, format="csr") / np.float32(np.sqrt(3.0)))

    def with_scheme(self, x: csr_matrix, texts: Sequence[str]) -> csr_matrix:
        """`x` (this object's `transform` of `texts`) with the verb scheme's block beside it, for the category."""
        block = self.scheme.transform([action_tokens(t) for t in texts]) * np.float32(ACTION_SCHEME_WEIGHT)
        return csr_matrix(hstack([x, block], format="csr"))

    @property
    def n_words(self) -> int:
        return len(self.words.vocabulary_)


class UprTagger:
    """Issues and action category for any text, trained on labelled UPR recommendations (see the module doc)."""

    def __init__(self, *, version_tag: str = "") -> None:
        self.name = MODEL_NAME
        self.version = f"{__version__}{'+' + version_tag if version_tag else ''}"
        self.features = Features()
        self.issue_labels: list[str] = []
        self.threshold = 0.5
        self._issue_w: NDArray[np.float32] = np.zeros((0, 0), np.float32)
        self._issue_b: NDArray[np.float32] = np.zeros(0, np.float32)
        self._platt: NDArray[np.float64] = np.zeros((0, 2))
        self._action_svm: LinearSVC | None = None
        self._action_cal: LogisticRegression | None = None
        self._train_words: csr_matrix = csr_matrix((0, 0))
        self._train_y: NDArray[np.int8] = np.zeros((0, 0), np.int8)
        self._train_rows: list[LabelledText] = []

    # --- training -------------------------------------------------------------------------------------------

    def fit(self, rows: Sequence[LabelledText]) -> UprTagger:
        """Learn from the labelled rows among `rows`; InputError when there are too few to learn from."""
        rows = [r for r in rows if r.labelled]
        sessions = {r.session for r in rows}
        if len(rows) < 50 or len(sessions) < 2:
            raise InputError(f"too little to learn from: {len(rows)} labelled recommendations in "
                             f"{len(sessions)} session(s) (need 50 in at least 2 sessions)")
        texts = [r.text for r in rows]
        self.issue_labels = sorted({i for r in rows for i in r.issues})
        y = np.array([[lab in r.issues for lab in self.issue_labels] for r in rows], dtype=np.int8)
        actions = np.array([r.action_category for r in rows])
        x = self.features.fit(texts).transform(texts)
        xa = self.features.with_scheme(x, texts)
        folds = _session_folds(rows)
        margins, action_margins = self._out_of_session_margins(x, xa, y, actions, folds)
        self._platt = np.array([_platt(margins[:, j], y[:, j]) for j in range(y.shape[1])])
        self.threshold = _best_threshold(_sigmoid(margins, self._platt), y)
        self._fit_issue_svms(x, y)
        self._action_svm = LinearSVC(C=_SVM_C).fit(xa, actions)
        self._action_cal = LogisticRegression(C=10.0, max_iter=1000).fit(action_margins, actions)
        self._train_words = self.features.word_matrix(texts)
        self._train_y, self._train_rows = y, rows
        return self

    def _fit_issue_svms(self, x: csr_matrix, y: NDArray[np.int8]) -> None:
        w, b = _issue_svms(x, y)
        self._issue_w, self._issue_b = w, b

    def _out_of_session_margins(self, x: csr_matrix, xa: csr_matrix, y: NDArray[np.int8], actions: NDArray[Any],
                                folds: NDArray[np.bool_]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Each row's margins from models trained on the other fold's sessions (`xa`: `x` with the verb scheme)."""
        margins = np.zeros(y.shape)
        action_margins = np.zeros((len(actions), len(ACTION_CATEGORIES)))
        for held in (folds, ~folds):
            w, b = _issue_svms(x[~held], y[~held])
            margins[held] = x[held] @ w.T + b
            svm = LinearSVC(C=_SVM_C).fit(xa[~held], actions[~held])
            action_margins[held] = _action_margins(svm, xa[held])
        return margins, action_margins

    # --- tagging --------------------------------------------------------------------------------------------

    def issue_probabilities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """The calibrated probability of every issue label (columns in `issue_labels` order) for each text."""
        self._require_fitted()
        return self._issue_probabilities(self.features.transform(texts))

    def _issue_probabilities(self, x: csr_matrix) -> NDArray[np.float64]:
        return _sigmoid(np.asarray(x @ self._issue_w.T + self._issue_b, dtype=np.float64), self._platt)

    def action_probabilities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """The calibrated probability of each action category (1-5) for each text."""
        self._require_fitted()
        return self._action_probabilities(self.features.with_scheme(self.features.transform(texts), texts))

    def _action_probabilities(self, xa: csr_matrix) -> NDArray[np.float64]:
        """From the features with the verb scheme's block (`Features.with_scheme`)."""
        assert self._action_svm is not None and self._action_cal is not None
        probs = self._action_cal.predict_proba(_action_margins(self._action_svm, xa))
        out = np.zeros((xa.shape[0], len(ACTION_CATEGORIES)))
        for k, c in enumerate(self._action_cal.classes_):
            out[:, ACTION_CATEGORIES.index(int(c))] = probs[:, k]
        return out

    def tag(self, texts: Sequence[str], *, evidence: bool = False, threshold: float | None = None) -> list[UprTags]:
        """Predicted issues (probability ≥ threshold, at least the best one) and action category of each text."""
        if not texts:
            return []
        self._require_fitted()
        cut = self.threshold if threshold is None else threshold
        x = self.features.transform(texts)
        issue_p = self._issue_probabilities(x)
        action_p = self._action_probabilities(self.features.with_scheme(x, texts))
        out = []
        for i, text in enumerate(texts):
            chosen = [int(j) for j in np.argsort(-issue_p[i]) if issue_p[i, j] >= cut] or [int(issue_p[i].argmax())]
            issues = tuple(ScoredLabel(self.issue_labels[j], float(issue_p[i, j]),
                                       self.evidence(text, j) if evidence else None) for j in chosen)
            k = int(action_p[i].argmax())
            action = ScoredLabel(str(ACTION_CATEGORIES[k]), float(action_p[i, k]))
            out.append(UprTags(issues, action, {lab: float(p) for lab, p in zip(self.issue_labels, issue_p[i],
                                                                                strict=True)}))
        return out

    def evidence(self, text: str, label: int | str, *, words: int = 5, examples: int = 2) -> Evidence:
        """The words of `text` that weigh most towards the issue `label`, and the nearest training texts with it."""
        j = label if isinstance(label, int) else self.issue_labels.index(label)
        xw = self.features.word_matrix([text])
        n = self.features.n_words
        weights = self._issue_w[j, :n]
        contribution = xw.multiply(weights).tocsr()
        names = self.features.words.get_feature_names_out()
        order = np.argsort(-contribution.data)
        top = [str(names[contribution.indices[k]]) for k in order if contribution.data[k] > 0][:words]
        carrying = np.flatnonzero(self._train_y[:, j])
        sims = (self._train_words[carrying] @ xw.T).toarray().ravel()
        nearest = carrying[np.argsort(-sims)[:examples]]
        return Evidence(tuple(top), tuple({"id": self._train_rows[k].id, "text": self._train_rows[k].text}
                                          for k in nearest))

    def _require_fitted(self) -> None:
        if not self.issue_labels:
            raise InputError("the tagger has not been trained: call fit() with labelled recommendations first")


def _session_folds(rows: Sequence[LabelledText]) -> NDArray[np.bool_]:
    """True for rows of odd sessions: two folds that never share a review."""
    return np.array([r.session % 2 == 1 for r in rows])


def _issue_svms(x: csr_matrix, y: NDArray[np.int8]) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """One linear SVM per label column: weights (labels × features) and intercepts."""
    w = np.zeros((y.shape[1], x.shape[1]), np.float32)
    b = np.zeros(y.shape[1], np.float32)
    for j in range(y.shape[1]):
        if y[:, j].min() == y[:, j].max():  # a label absent from (or on every row of) this part: no boundary
            b[j] = 1.0 if y[0, j] else -10.0
            continue
        svm = LinearSVC(C=_SVM_C).fit(x, y[:, j])
        w[j], b[j] = svm.coef_[0], svm.intercept_[0]
    return w, b


def _action_margins(svm: LinearSVC, x: csr_matrix) -> NDArray[np.float64]:
    """The SVM's margin for each of the five categories (-10 for a category it never saw)."""
    raw = svm.decision_function(x)
    out = np.full((x.shape[0], len(ACTION_CATEGORIES)), -10.0)
    for k, c in enumerate(svm.classes_):
        out[:, ACTION_CATEGORIES.index(int(c))] = raw[:, k]
    return out


def _platt(margin: NDArray[np.float64], y: NDArray[np.int8]) -> tuple[float, float]:
    """Slope and intercept of the logistic curve mapping a margin to the probability of the label."""
    if y.min() == y.max():
        return (0.0, 5.0 if y[0] else -5.0)
    lr = LogisticRegression(C=100.0).fit(margin.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _sigmoid(margins: NDArray[np.float64], platt: NDArray[np.float64]) -> NDArray[np.float64]:
    z = margins * platt[:, 0] + platt[:, 1]
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


def _best_threshold(probs: NDArray[np.float64], y: NDArray[np.int8]) -> float:
    """The probability cut (0.15-0.6) with the best micro-F1, every row keeping at least its best label."""
    best, best_f1 = 0.5, -1.0
    top = probs.argmax(1)
    for cut in np.arange(0.15, 0.61, 0.025):
        pred = probs >= cut
        pred[np.arange(len(pred)), top] = True
        tp = float((pred & (y == 1)).sum())
        f1 = 2 * tp / (pred.sum() + y.sum())
        if f1 > best_f1:
            best, best_f1 = float(cut), f1
    return best
