"""Tagging: labels for texts that nobody has labelled, with a score and the evidence for each.

    corpus    the labelled UPR recommendations a model learns from (from the bundled file or the store)
    upr       `UprTagger`: UPR Info issues (multi-label) and action categories (1-5), a linear model over
              word and character n-grams with calibrated scores, its evidence (words, nearest labelled examples)
    actions   UPR Info's verb scheme for action categories (McMahon's scale) as tokens the category's model weighs
    taxonomy  UHRI themes, affected persons and the 17 SDGs as data, and the crosswalk from UPR Info issues
    uhri      `tag_uhri`: UHRI themes, affected persons and SDGs for any text, from the crosswalk and the
              labels' own words (no UHRI-labelled training data)
    evaluate  scoring by session: micro and macro F1 per label and overall, accuracy, calibration, and the
              official labels' agreement on repeated texts (a bound on any model)
    gold      reference labels for the UHRI tagger: OHCHR-labelled texts, or the UPR Info proxy
    keywords  a label's keywords found in a text by index lookups
    cache     the trained tagger kept on disk, so that tagging does not retrain
    review    a recommendation's predicted labels and people's verdicts, for a reviewer

scikit-learn (a core dependency) is the only model library; nothing here downloads anything. Labels are
written and read through `rightsdesk.store.labels`; the corpus still reads the recommendations' table itself (a
known crossing in tests/test_layers.py, to go through a store reader).
"""
