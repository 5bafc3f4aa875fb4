"""`UhriTagger`: UHRI themes, affected persons and SDGs for any text, with a confidence per label.

No UHRI-labelled recommendations are at hand to learn from, so the tagger is zero-shot, from two sources of
evidence, both data in `rightsdesk/data/uhri/` (see `taxonomy`):

- the label's own words: each keyword of a label found in the text (`keywords.KeywordIndex`) is evidence
  worth KEYWORD (0.6) on its own; several combine as independent evidence (noisy-OR: two give 0.84). A label
  with `requires` words counts its keywords only when one of them occurs too.
- the crosswalk from UPR Info issues: given the UPR tagger's probability p of each issue, an issue linked to
  the label with weight w is evidence worth w·p, combined the same way.

A theme's or a person's confidence is the noisy-OR of both. An SDG's combines its own keywords with the
confidence of every theme that serves it (times THEME_TO_SDG). A label is given at `threshold` (0.5: one
keyword, or one fully linked issue the UPR tagger is sure of); every text with any evidence for a theme gets
at least its most likely one (a text whose only issues are "General" or "Other", with no keyword, gets none).
The confidences are not calibrated probabilities: there is no labelled data to calibrate them on (see
docs/tagging.md for how they would be measured and calibrated on OHCHR-labelled recommendations).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from rightsdesk.tagging.keywords import KeywordIndex
from rightsdesk.tagging.taxonomy import PERSONS, SDG, THEME, Taxonomy, taxonomy
from rightsdesk.tagging.upr import Evidence, ScoredLabel

KEYWORD = 0.6
THEME_TO_SDG = 0.9
THRESHOLD = 0.5
NEGLIGIBLE = 0.05  # evidence this weak hardly moves a label towards the threshold: skipped, for speed


@dataclass(frozen=True)
class UhriTags:
    """What the tagger says of one text: themes, affected persons and SDGs, each label with its confidence."""

    themes: tuple[ScoredLabel, ...]
    affected_persons: tuple[ScoredLabel, ...]
    sdgs: tuple[ScoredLabel, ...]

    def of(self, scheme: str) -> tuple[ScoredLabel, ...]:
        """The labels of one scheme."""
        return {THEME: self.themes, PERSONS: self.affected_persons, SDG: self.sdgs}[scheme]


@dataclass
class _Score:
    """Evidence gathered for one label: the chance that none of it holds, the words, the issues."""

    against: float = 1.0
    words: tuple[str, ...] = ()
    via: tuple[tuple[str, float], ...] = ()

    def add(self, strength: float) -> None:
        self.against *= 1.0 - min(max(strength, 0.0), 1.0)

    @property
    def score(self) -> float:
        return 1.0 - self.against


class UhriTagger:
    """Themes, affected persons and SDGs of any text (see the module doc)."""

    name = "rightsdesk-uhri-zero-shot"

    def __init__(self, tax: Taxonomy | None = None, *, threshold: float = THRESHOLD) -> None:
        self.taxonomy = tax or taxonomy()
        self.threshold = threshold
        keys: list[tuple[str, tuple[str, str, bool]]] = []
        for scheme in (THEME, PERSONS, SDG):
            for lab in self.taxonomy.labels(scheme):
                keys += [(k, (scheme, lab.label, False)) for k in lab.keywords]
                keys += [(k, (scheme, lab.label, True)) for k in lab.requires]
        self._index = KeywordIndex(keys)
        self._requires = {(s, lab.label) for s in (THEME, PERSONS) for lab in self.taxonomy.labels(s)
                          if lab.requires}
        self._links: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        for link in self.taxonomy.crosswalk:
            self._links[link.upr_issue].append((link.scheme, link.label, link.weight))
        self._theme_sdgs = {t.label: [s.label for s in self.taxonomy.sdgs if s.number in t.sdgs]
                            for t in self.taxonomy.themes}

    def scores(self, text: str, issue_scores: Mapping[str, float] | None = None) -> dict[tuple[str, str], _Score]:
        """The evidence for every label with any, keyed by (scheme, label)."""
        found = self._index.find(text)
        out: dict[tuple[str, str], _Score] = defaultdict(_Score)
        for target, hits in found.items():
            scheme, label, is_requirement = cast(tuple[str, str, bool], target)
            if is_requirement or ((scheme, label) in self._requires and (scheme, label, True) not in found):
                continue
            s = out[(scheme, label)]
            for _ in hits:
                s.add(KEYWORD)
            s.words += tuple(hits)
        for issue, p in (issue_scores or {}).items():
            for scheme, label, weight in self._links.get(issue, ()):
                if weight * p < NEGLIGIBLE:
                    continue
                s = out[(scheme, label)]
                s.add(weight * p)
                if weight * p >= 0.1:
                    s.via += ((issue, p),)
        for (scheme, theme), t in list(out.items()):
            if scheme == THEME and t.score >= NEGLIGIBLE:
                for sdg in self._theme_sdgs[theme]:
                    out[(SDG, sdg)].add(THEME_TO_SDG * t.score)
        return out
    def tag(self, texts: Sequence[str], issue_scores: Sequence[Mapping[str, float]] | None = None, *,
            evidence: bool = False, threshold: float | None = None) -> list[UhriTags]:
        """The labels of each text at `threshold`, most confident first; `issue_scores` are the UPR tagger's
        probabilities of each issue for each text (leave out to tag from the labels' words alone)."""
        cut = self.threshold if threshold is None else threshold
        out = []
        for i, text in enumerate(texts):
            scored = self.scores(text, issue_scores[i] if issue_scores is not None else None)
            per: dict[str, list[ScoredLabel]] = {THEME: [], PERSONS: [], SDG: []}
            ranked = sorted(scored.items(), key=lambda kv: (-kv[1].score, kv[0]))
            best_theme = next(((k, s) for k, s in ranked if k[0] == THEME and s.score > 0), None)
            for (scheme, label), s in ranked:
                if s.score >= cut or (best_theme is not None and s is best_theme[1]):
                    per[scheme].append(ScoredLabel(label, s.score, self._evidence(s) if evidence else None))
            out.append(UhriTags(tuple(per[THEME]), tuple(per[PERSONS]), tuple(per[SDG])))
        return out

    @staticmethod
    def _evidence(s: _Score) -> Evidence:
        return Evidence(s.words, (), tuple({"issue": k, "score": round(p, 4)} for k, p in s.via))
