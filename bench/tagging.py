"""Tagging by session: train on the sessions before --test-session, score on it; model vs TF-IDF + linear SVM.

Prints per-issue F1 and overall micro/macro F1 and action-category accuracy for both, training time and tagging
speed (recommendations/s).  Run: .venv/bin/python bench/tagging.py [--test-session 19] [--train-from 1]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from rightsdesk.tagging.corpus import bundled_corpus, split_by_session
from rightsdesk.tagging.evaluate import accuracy, multilabel_scores
from rightsdesk.tagging.upr import UprTagger


def baseline(train: list, test: list) -> tuple[list[frozenset[str]], list[int], float]:
    t0 = time.perf_counter()
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x = vec.fit_transform([r.text for r in train])
    labels = sorted({i for r in train for i in r.issues})
    xt = vec.transform([r.text for r in test])
    margins = np.zeros((len(test), len(labels)))
    for j, lab in enumerate(labels):
        margins[:, j] = LinearSVC(C=0.5).fit(x, [lab in r.issues for r in train]).decision_function(xt)
    action = LinearSVC(C=0.5).fit(x, [r.action_category for r in train]).predict(xt)
    pred = [frozenset(labels[j] for j in np.flatnonzero(m > 0)) or frozenset({labels[int(m.argmax())]})
            for m in margins]
    return pred, [int(a) for a in action], time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test-session", type=int, default=19)
    ap.add_argument("--train-from", type=int, default=1)
    args = ap.parse_args()
    rows = [r for r in bundled_corpus() if r.session >= args.train_from]
    train, test = split_by_session(rows, args.test_session)
    truth = [frozenset(r.issues) for r in test]
    t0 = time.perf_counter()
    model = UprTagger().fit(train)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    tags = model.tag([r.text for r in test])
    rate = len(test) / (time.perf_counter() - t0)
    m_pred = [frozenset(s.label for s in t.issues) for t in tags]
    m_act = [int(t.action_category.label) for t in tags]
    b_pred, b_act, b_s = baseline(train, test)
    ms, bs = multilabel_scores(truth, m_pred), multilabel_scores(truth, b_pred)
    print(f"train sessions {args.train_from}-{args.test_session - 1} ({len(train)} rows), "
          f"test session {args.test_session} ({len(test)} rows)")
    print(f"{'label':45s} {'support':>7s} {'model F1':>9s} {'base F1':>8s}")
    base = {s.label: s.f1 for s in bs.per_label}
    for s in ms.per_label:
        print(f"{s.label[:45]:45s} {s.support:7d} {s.f1:9.3f} {base.get(s.label, 0.0):8.3f}")
    truth_a = [r.action_category for r in test]
    print(f"{'issues micro-F1':45s} {'':7s} {ms.micro_f1:9.3f} {bs.micro_f1:8.3f}")
    print(f"{'issues macro-F1':45s} {'':7s} {ms.macro_f1:9.3f} {bs.macro_f1:8.3f}")
    print(f"{'action accuracy':45s} {'':7s} {accuracy(truth_a, m_act):9.3f} {accuracy(truth_a, b_act):8.3f}")
    print(f"training: model {fit_s:.1f} s, baseline {b_s:.1f} s (fit+predict); tagging {rate:,.0f} recs/s")


if __name__ == "__main__":
    main()
