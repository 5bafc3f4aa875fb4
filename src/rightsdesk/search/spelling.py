"""British and American spellings of one word (labour, labor; organisation, organization; defence, defense).

UN documents are written in British spelling (Oxford -ize), UPR Info's summaries and many users write American:
a search for "forced labor" must find "forced labour". `spellings(word)` gives the word and its other spelling,
from a short list of word stems and two regular patterns (-our/-or on the listed stems, -ise/-ize on verbs that
are not in the list of words that only end in -ise). Pure text; nothing here touches a database.
"""

from __future__ import annotations

import re
from functools import cache

# Stems spelled -our in British and -or in American English; their derived forms follow (labours, labourers,
# honourable, neighbouring). Words like "four", "hour", "your", "tour", "pour", "flour", "sour" are not here.
_OUR = ("labour", "behaviour", "colour", "favour", "honour", "humour", "neighbour", "harbour", "rumour", "endeavour",
        "vigour", "savour", "armour", "odour", "rigour", "valour", "flavour", "candour", "clamour", "splendour",
        "parlour", "tumour", "vapour")
# Whole-word pairs (British, American) the patterns cannot make.
_PAIRS = {"defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
          "programme": "program", "programmes": "programs", "centre": "center", "centres": "centers",
          "theatre": "theater", "judgement": "judgment", "judgements": "judgments", "ageing": "aging",
          "enrol": "enroll", "enrolment": "enrollment", "fulfil": "fulfill", "fulfilment": "fulfillment",
          "instalment": "installment", "counselling": "counseling", "travelling": "traveling",
          "labelling": "labeling", "modelling": "modeling", "cancelled": "canceled", "signalling": "signaling",
          "paediatric": "pediatric", "foetus": "fetus", "oesophagus": "esophagus", "anaemia": "anemia",
          "diarrhoea": "diarrhea", "manoeuvre": "maneuver", "grey": "gray", "cheque": "check", "catalogue": "catalog",
          "dialogue": "dialog", "analyse": "analyze", "paralyse": "paralyze", "practise": "practice",
          "sceptical": "skeptical", "storey": "story", "tyre": "tire", "plough": "plow", "mould": "mold"}
# Words that end in -ise (or -ised, -ising) in both spellings: never turned into -ize.
_ISE_ONLY = frozenset({"advise", "revise", "exercise", "compromise", "enterprise", "supervise", "televise", "promise",
                       "premise", "surprise", "expertise", "otherwise", "precise", "concise", "wise", "rise",
                       "noise", "raise", "praise", "cruise", "franchise", "merchandise", "despise", "devise",
                       "disguise", "improvise", "comprise", "chastise", "excise", "incise", "surmise", "arise",
                       "poise", "paradise", "treatise", "circumcise", "demise", "guise", "likewise", "clockwise",
                       "advertise", "apprise", "reprise", "mortise", "porpoise", "tortoise", "anise",
                       "bise", "valise", "upraise", "sunrise", "daise", "chemise", "cerise"})
_ISE = re.compile(r"^(\w{3,}?)is(e|es|ed|ing|ation|ations|ational|er|ers)$")
_IZE = re.compile(r"^(\w{3,}?)iz(e|es|ed|ing|ation|ations|ational|er|ers)$")
_IZE_ONLY = frozenset({"size", "seize", "capsize", "prize", "maize", "assize", "downsize", "resize", "oversize"})
_BACK = {v: k for k, v in _PAIRS.items()}


@cache
def spellings(word: str) -> tuple[str, ...]:
    """`word` (lower case) and its other spelling, British first where both exist; `(word,)` when it has none."""
    w = word.lower()
    if w in _PAIRS:
        return (w, _PAIRS[w])
    if w in _BACK:
        return (w, _BACK[w])
    for stem in _OUR:
        if w.startswith(stem):
            return (w, stem[:-2] + "r" + w[len(stem):])
        american = stem[:-2] + "r"
        if w.startswith(american) and not w.startswith(stem) and _american_form(w, american):
            return (w, stem + w[len(american):])
    return _ise_ize(w)


def _american_form(word: str, american: str) -> bool:
    """True when `word` is `american` or a form of it (labors, laborer, honorable), not another word (favorite
    is, but "color" must not turn "colorado")."""
    rest = word[len(american):]
    return rest in ("", "s", "ed", "ing", "er", "ers", "able", "ably", "ful", "ite", "ites", "ious", "less", "ly",
                    "ism", "ist", "ists", "hood", "hoods")


def _ise_ize(w: str) -> tuple[str, ...]:
    m = _ISE.match(w)
    if m and not _root_only(w, _ISE_ONLY, "ise"):
        return (w, f"{m.group(1)}iz{m.group(2)}")
    m = _IZE.match(w)
    if m and not _root_only(w, _IZE_ONLY, "ize"):
        return (w, f"{m.group(1)}is{m.group(2)}")
    return (w,)


def _root_only(word: str, only: frozenset[str], ending: str) -> bool:
    """True when `word` is a form of a word in `only` (exercised, surprising, seized)."""
    root = word[: word.index(ending[:2], max(len(word) - 9, 0))] + ending if ending[:2] in word else word
    return root in only or any(word.startswith(o[:-1]) and len(word) - len(o) <= 3 for o in only)
