"""Tagging by session: train on the sessions before --test-session, score on it; model vs TF-IDF + linear SVM.

Prints per-issue F1 and overall micro/macro F1 and action-category accuracy for both, training time and tagging
speed (recommendations/s), then the UHRI tagger's themes and affected persons against the UPR Info proxy
(`tagging.gold.crosswalk_truth`) from the labels' words alone, from the predicted issues alone and from both,
and, with --uhri-gold FILE, against OHCHR-labelled texts. With --agreement it first prints how far UPR Info's own
labels agree on texts of different sessions that say (nearly) the same thing: a bound on any model of the text.
Run: .venv/bin/python bench/tagging.py [--test-session 19] [--train-from 1] [--uhri-gold FILE] [--agreement]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from rightsdesk.tagging.corpus import bundled_corpus, split_by_session
from rightsdesk.tagging.evaluate import accuracy, multilabel_scores, near_duplicate_agreement
from rightsdesk.tagging.gold import crosswalk_truth, read_gold
from rightsdesk.tagging.taxonomy import PERSONS, SCHEMES, THEME, taxonomy
from rightsdesk.tagging.uhri import UhriTagger
from rightsdesk.tagging.upr import UprTagger, UprTags


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
    ap.add_argument("--uhri-gold", type=Path, help="CSV of OHCHR-labelled texts (see rightsdesk.tagging.gold)")
    ap.add_argument("--agreement", action="store_true", help="first, the labels' agreement on near-duplicates")
    args = ap.parse_args()
    rows = [r for r in bundled_corpus() if r.session >= args.train_from]
    if args.agreement:
        agreement(rows)
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
    uhri_proxy(test, tags)
    texts = [r.text for r in test]
    t0 = time.perf_counter()
    UhriTagger().tag(texts, [t.issue_scores for t in model.tag(texts)])
    print(f"tagging issues, category, themes, persons and SDGs: {len(texts) / (time.perf_counter() - t0):,.0f} "
          "recs/s")
    if args.uhri_gold:
        uhri_gold(model, args.uhri_gold)


def agreement(rows: list) -> None:
    """UPR Info's labels on pairs of texts from different sessions opening with the same word (docs/tagging.md)."""
    bands = ((0.95, 1.01), (0.9, 0.95), (0.8, 0.9))
    same, near = near_duplicate_agreement(rows, bands)
    print(f"{'pairs of texts (different sessions, same first word)':58s} {'pairs':>6s} {'category':>8s} "
          f"{'issues F1':>9s}")
    for name, a in [("the same words", same)] + [(f"other words, TF-IDF cosine {lo:.2f}-{min(hi, 1):.2f}", a)
                                                  for (lo, hi), a in zip(bands, near, strict=True)]:
        print(f"{name:58s} {a.pairs:6d} {a.action_agreement:8.3f} {a.issues_f1:9.3f}")
    print()


def uhri_proxy(test: list, tags: list[UprTags]) -> None:
    """Themes and persons against those the official issues link to, three ways."""
    words_only = UhriTagger()
    tax = taxonomy()
    no_words = dataclasses.replace(tax, themes=tuple(dataclasses.replace(t, keywords=()) for t in tax.themes),
                                   affected_persons=tuple(dataclasses.replace(p, keywords=())
                                                          for p in tax.affected_persons))
    texts, scores = [r.text for r in test], [t.issue_scores for t in tags]
    runs = {"labels' words only": words_only.tag(texts), "predicted issues only": UhriTagger(no_words).tag(
        texts, scores), "words + predicted issues": words_only.tag(texts, scores)}
    print("\nUHRI proxy: labels the official UPR Info issues link to fully (not OHCHR's own tagging)")
    print(f"{'':30s} {'themes micro':>12s} {'macro':>6s} {'persons micro':>13s} {'macro':>6s}")
    for name, got in runs.items():
        cells = []
        for scheme in (THEME, PERSONS):
            truth = [crosswalk_truth(r.issues, scheme) for r in test]
            keep = [i for i, t in enumerate(truth) if t]  # rows whose issues link to some label of the scheme
            s = multilabel_scores([truth[i] for i in keep], [frozenset(x.label for x in got[i].of(scheme))
                                                            for i in keep])
            cells.append(f"{s.micro_f1:12.3f} {s.macro_f1:6.3f}" if scheme == THEME else
                         f"{s.micro_f1:13.3f} {s.macro_f1:6.3f}")
        print(f"{name:30s} {' '.join(cells)}")


def uhri_gold(model: UprTagger, path: Path) -> None:
    """Themes, persons and SDGs against an OHCHR-labelled file."""
    gold = read_gold(path)
    texts = [g.text for g in gold]
    got = UhriTagger().tag(texts, [t.issue_scores for t in model.tag(texts)])
    print(f"\nUHRI against {path} ({len(gold)} texts)")
    for scheme in SCHEMES:
        rows = [i for i, g in enumerate(gold) if scheme in g.labels]
        if rows:
            s = multilabel_scores([gold[i].labels[scheme] for i in rows],
                                  [frozenset(x.label for x in got[i].of(scheme)) for i in rows])
            print(f"{scheme:18s} micro-F1 {s.micro_f1:.3f}  macro-F1 {s.macro_f1:.3f}  ({len(rows)} texts)")


if __name__ == "__main__":
    main()
