"""Entirely fictional cases for tests, demos and benchmarks: `rightsdesk cases synth N --out FILE.csv`.

Names are drawn syllable by syllable (a family name and one or two given syllables), so any resemblance to a
real person is chance; each is written in Hangul (DPRK spelling: 리, 림, 류), in McCune–Reischauer as the DPRK
writes it (Ri Yong-chol), in Revised Romanization (I Yeong-cheol) and often in a customary spelling (Lee Young
Chul). Dates are partial at random precision; places, act patterns, perpetrators and the mechanisms to share
with come from the situation pack (`synthetic_cases` in pack.yaml: for the bundled pack, towns in the DPRK and in
China near the border). The output is seeded: the same N and seed give the same file. No real victim data, ever.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from rightsdesk.cases.csv_format import COLUMNS
from rightsdesk.datafiles import situation_folder, situation_yaml
from rightsdesk.errors import InputError
from rightsdesk.matching.romanization import (
    FAMILY_NAMES,
    canonical,
    mccune_reischauer,
    revised_romanization,
)

FAMILIES = ("김", "리", "박", "최", "정", "조", "강", "장", "윤", "림", "한", "오", "서", "신", "권", "황", "안", "송",
            "전", "홍", "류", "고", "문", "량", "손", "배", "백", "허", "로", "남", "심", "하", "주", "차", "지")
GIVEN = ("영", "철", "수", "남", "성", "혁", "일", "명", "호", "광", "진", "옥", "순", "희", "숙", "금", "경", "정",
         "미", "혜", "은", "향", "란", "복", "춘", "학", "국", "용", "석", "만", "동", "선", "화", "림", "련", "애", "실",
         "현", "준", "민", "원", "길", "송", "봉", "근", "훈")


@dataclass(frozen=True)
class SynthPlace:
    """A town: country, romanized and Hangul names, province."""

    country: str
    romanized: str
    hangul: str
    province: str


@dataclass(frozen=True)
class SynthSituation:
    """What fictional cases are drawn from, read from the situation pack's `synthetic_cases`: places, act
    patterns with the country they happen in, perpetrators, and mechanisms (beyond the WGEID) to share with."""

    places: tuple[SynthPlace, ...]
    patterns: tuple[tuple[str, str], ...]
    perpetrators: tuple[str, ...]
    share_with: tuple[tuple[str, float], ...]


def synth_situation() -> SynthSituation:
    """The pack's `synthetic_cases`; InputError when the pack in use has none."""
    x = situation_yaml("pack.yaml").get("synthetic_cases")
    if not x:
        raise InputError(f"the situation pack {situation_folder()} has no synthetic_cases in pack.yaml: synthetic "
                         "cases are drawn from its places, patterns and perpetrators")
    return SynthSituation(tuple(SynthPlace(p["country"], p["romanized"], p["hangul"], p["province"])
                                for p in x["places"]),
                          tuple((str(p["acts"]), str(p["country"])) for p in x["patterns"]),
                          tuple(x["perpetrators"]),
                          tuple((str(m["mechanism"]), float(m["chance"])) for m in x.get("share_with") or ()))


FAMILY_STEPS = ("The family asked at the local security office and was told nothing.",
                "A relative wrote to the provincial authorities; no reply came.",
                "The family paid a broker for news; none came.",
                "The family did not dare to ask, fearing reprisal.")
TESTIMONY = ("{name} was taken from home at night by men who did not say who they were.",
             "Neighbours saw {name} led away near the market; the family has heard nothing since.",
             "{name} was sent back across the river and held at the border; later moved, destination unknown.",
             "A former detainee says {name} was in the same cell block and was beaten during interrogation.")


def _join(parts: list[str]) -> str:
    return "-".join(parts).capitalize() if len(parts) > 1 else parts[0].capitalize()


def synth_name(rng: random.Random) -> dict[str, str]:
    """A fictional name in Hangul, MR, RR and (often) a customary spelling."""
    family = rng.choice(FAMILIES)
    given = [rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2)))]
    mr = f"{FAMILY_NAMES[family][0].capitalize()} {_join([mccune_reischauer(s) for s in given])}"
    rr = f"{revised_romanization(canonical(family)).capitalize()} {_join([revised_romanization(s) for s in given])}"  # the South writes 이, not 리
    other = ""
    if rng.random() < 0.6:
        spelled = rng.choice(FAMILY_NAMES[family][1:] or FAMILY_NAMES[family][:1]).capitalize()
        other = f"{spelled} {''.join(mccune_reischauer(s) for s in given).capitalize()}"
        other = "" if other.replace("-", "").casefold() in (mr.replace("-", "").casefold(),
                                                            rr.replace("-", "").casefold()) else other
    return {"hangul": family + "".join(given), "mr": mr, "rr": rr, "other": other}


def _partial(rng: random.Random, start: int, end: int) -> str:
    year = rng.randint(start, end)
    precision = rng.random()
    if precision < 0.3:
        return f"{year}"
    if precision < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def synth_rows(n: int, *, seed: int = 0) -> Iterator[dict[str, str]]:
    """`n` fictional case rows over `csv_format.COLUMNS`."""
    rng = random.Random(seed)
    situation = synth_situation()
    for k in range(1, n + 1):
        yield _row(rng, k, situation)


def _row(rng: random.Random, k: int, situation: SynthSituation) -> dict[str, str]:
    name = synth_name(rng)
    acts, country = rng.choice(situation.patterns)
    place = rng.choice([p for p in situation.places if p.country == country])
    start = _partial(rng, 1995, 2024)
    consent_on = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    share = [m for m, p in (("WGEID", 0.6 if "enforced-disappearance" in acts else 0.1), *situation.share_with)
             if rng.random() < p]
    row = dict.fromkeys(COLUMNS, "")
    row.update({
        "ref": f"SYN-{k:06d}", "title": f"{acts.split(';')[0].replace('-', ' ').capitalize()} of {name['mr']}",
        "victim_name_hangul": name["hangul"], "victim_name_mr": name["mr"], "victim_name_rr": name["rr"],
        "victim_name_other": name["other"], "victim_sex": rng.choice(("female", "male", "female", "male", "")),
        "victim_birth": _partial(rng, 1940, 2005), "acts": acts, "event_title": f"Event at {place.romanized}",
        "event_start": start, "place_country": place.country, "place_romanized": place.romanized,
        "place_hangul": place.hangul, "place_province": place.province,
        "certainty": rng.choice(("confirmed", "confirmed", "probable", "possible")),
        "perpetrator": rng.choice(situation.perpetrators), "perpetrator_kind": "institution",
        "source_kind": "testimony", "source_reliability": rng.choice(("high", "medium", "low", "unknown")),
        "source_date": _partial(rng, 2015, 2025),
        "testimony": rng.choice(TESTIMONY).format(name=name["mr"]),
        "family_steps": rng.choice(FAMILY_STEPS), "consent_storage": "yes",
        "consent_analysis": "yes" if rng.random() < 0.9 else "no", "consent_publication": "no",
        "consent_share": ";".join(share), "consent_date": consent_on,
        "consent_given_by": rng.choice(("self", "self", "family")),
    })
    return row
