"""Fictional victim lists with ground truth, for tests and benchmarks of linkage and estimation.

A population of people is drawn (family names at realistic frequencies, given names from a small pool so that
namesakes are common, and some people given another's name outright); each person has a *visibility*, drawn from
a gamma distribution, so that some are far more likely than others to be on any list (heterogeneous capture,
which is what defeats the simplest estimators). Each list captures a person with probability 1 − exp(−rate ×
visibility) and writes what it captured in its own habit:

    hangul     김영철, places in Hangul, dates to the day
    mr         the DPRK's McCune–Reischauer: Kim Yong-chol, Ri Chol Su
    rr         Revised Romanization, the South's family spellings half the time: Gim Yeong-cheol, Lee Cheol-su
    customary  customary syllable spellings, given name first: Young Chul Kim
    mixed      any of the above, record by record

and with noise: typos in romanized names, birth years missing or one year off, dates cut to the month or year,
sex missing. Everything is seeded: the same arguments give the same lists. No real person is in them.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rightsdesk.matching.romanization import (
    FAMILY_NAMES,
    canonical,
    mccune_reischauer,
    revised_romanization,
    spellings,
)

HABITS = ("hangul", "mr", "rr", "customary", "mixed")
#: Family names with rough shares of the population (the rest spread over the others in the table).
FAMILY_SHARES = {"김": 0.21, "리": 0.14, "박": 0.08, "최": 0.05, "정": 0.045, "강": 0.025, "조": 0.02, "윤": 0.02,
                 "장": 0.02, "림": 0.02, "한": 0.015, "오": 0.013, "서": 0.012, "신": 0.012, "권": 0.01,
                 "황": 0.01, "안": 0.01, "송": 0.01, "전": 0.01, "홍": 0.01}
GIVEN = ("영", "철", "수", "남", "성", "혁", "일", "명", "호", "광", "진", "옥", "순", "희", "숙", "금", "경", "정", "미",
         "혜", "은", "향", "란", "복", "춘", "학", "국", "용", "석", "만", "동", "선", "화", "림", "련", "애", "실", "현",
         "준", "민", "원", "길", "송", "봉", "근", "훈", "상", "무", "덕", "태", "평", "운", "룡", "기", "식", "범")
PROVINCES = (("평양", "Pyongyang", "Pyeongyang"), ("함경북도", "North Hamgyong", "Hamgyeongbuk-do"),
             ("함경남도", "South Hamgyong", "Hamgyeongnam-do"), ("량강도", "Ryanggang", "Yanggang-do"),
             ("자강도", "Jagang", "Jagang-do"), ("평안북도", "North Phyongan", "Pyeonganbuk-do"),
             ("평안남도", "South Phyongan", "Pyeongannam-do"), ("황해북도", "North Hwanghae", "Hwanghaebuk-do"),
             ("황해남도", "South Hwanghae", "Hwanghaenam-do"), ("강원도", "Kangwon", "Gangwon-do"),
             ("개성", "Kaesong", "Gaeseong"), ("남포", "Nampho", "Nampo"), ("라선", "Rason", "Raseon"))
RATES = (0.9, 0.6, 0.45, 0.35, 0.5)  # list k's capture rate (times a person's visibility)
VISIBILITY_SHAPE = 0.6


@dataclass(frozen=True)
class Person:
    """One fictional person, as truth."""

    key: int
    family: str
    given: tuple[str, ...]
    sex: str
    birth_year: int
    province: int
    date: tuple[int, int, int]
    visibility: float


def people(n: int, rng: random.Random) -> list[Person]:
    """`n` fictional people; about 3% carry the full name of someone drawn before them."""
    others = [h for h in FAMILY_NAMES if len(h) == 1 and h not in FAMILY_SHARES]
    rest = (1.0 - sum(FAMILY_SHARES.values())) / len(others)
    families = [*FAMILY_SHARES, *others]
    weights = [*FAMILY_SHARES.values(), *([rest] * len(others))]
    given_weights = [1.0 / (1 + i) ** 0.6 for i in range(len(GIVEN))]
    out: list[Person] = []
    for k in range(n):
        if out and rng.random() < 0.03:
            twin = rng.choice(out)
            family, given = twin.family, twin.given
        else:
            family = rng.choices(families, weights)[0]
            given = tuple(rng.choices(GIVEN, given_weights, k=1 if rng.random() < 0.1 else 2))
        out.append(Person(k, family, given, rng.choice("mf"), rng.randint(1930, 2005),
                          rng.randrange(len(PROVINCES)), (rng.randint(1995, 2024), rng.randint(1, 12),
                                                          rng.randint(1, 28)),
                          rng.gammavariate(VISIBILITY_SHAPE, 1.0 / VISIBILITY_SHAPE)))
    return out


def write_lists(out_dir: Path, *, n_people: int, n_lists: int = 4, seed: int = 1,
                typo_rate: float = 0.04) -> tuple[list[Path], dict[tuple[str, str], int]]:
    """Write `n_lists` lists (list1.csv …) and truth.csv (list,id,person) under `out_dir`; return the list files
    and the truth: (list, id) -> person."""
    if not 2 <= n_lists <= len(HABITS):
        raise ValueError(f"between 2 and {len(HABITS)} lists")
    rng = random.Random(seed)
    population = people(n_people, rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    truth: dict[tuple[str, str], int] = {}
    paths = []
    for k in range(n_lists):
        name = f"list{k + 1}"
        captured = [p for p in population if rng.random() < 1 - math.exp(-RATES[k] * p.visibility)]
        rng.shuffle(captured)
        rows = []
        for i, person in enumerate(captured, start=1):
            rid = f"{name[0].upper()}{k + 1}-{i:06d}"
            truth[name, rid] = person.key
            rows.append(_row(rid, person, HABITS[k], rng, typo_rate))
        path = out_dir / f"{name}.csv"
        _write(path, ("id", "name", "sex", "birth_year", "place", "date"), rows)
        paths.append(path)
    _write(out_dir / "truth.csv", ("list", "id", "person"),
           [{"list": lst, "id": rid, "person": str(p)} for (lst, rid), p in truth.items()])
    return paths, truth


def _write(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)


def _row(rid: str, person: Person, habit: str, rng: random.Random, typo_rate: float) -> dict[str, str]:
    if habit == "mixed":
        habit = rng.choice(HABITS[:4])
    name = _spell(person, habit, rng)
    if habit != "hangul" and rng.random() < typo_rate:
        name = _typo(name, rng)
    year = "" if rng.random() < 0.15 else str(person.birth_year + (rng.choice((-1, 1)) if rng.random() < 0.07
                                                                   else 0))
    hangul, mr, rr = PROVINCES[person.province]
    place = "" if rng.random() < 0.2 else {"hangul": hangul, "mr": mr, "rr": rr}.get(habit, rng.choice((mr, rr)))
    y, m, d = person.date
    cut = rng.random()
    date = ("" if cut < 0.1 else f"{y}" if cut < 0.3 else f"{y}-{m:02d}" if cut < 0.55 or habit == "rr"
            else f"{y}-{m:02d}-{d:02d}")
    sex = "" if rng.random() < 0.1 else person.sex
    return {"id": rid, "name": name, "sex": sex, "birth_year": year, "place": place, "date": date}


def _spell(person: Person, habit: str, rng: random.Random) -> str:
    if habit == "hangul":
        return person.family + "".join(person.given)
    if habit == "mr":
        family = FAMILY_NAMES[person.family][0]
        given = [mccune_reischauer(s) for s in person.given]
    elif habit == "rr":
        southern = canonical(person.family)
        family = (revised_romanization(southern) if rng.random() < 0.5
                  else rng.choice(FAMILY_NAMES[person.family][1:] or FAMILY_NAMES[person.family]))
        given = [revised_romanization(s) for s in person.given]
    else:
        family = rng.choice(FAMILY_NAMES[person.family])
        given = [rng.choice(sorted(set(spellings(s)) - {""}) or [mccune_reischauer(s)]) for s in person.given]
    joined = rng.choice(("-".join(given).capitalize(), " ".join(g.capitalize() for g in given),
                         "".join(given).capitalize()))
    family = family.capitalize()
    return f"{joined} {family}" if habit == "customary" and rng.random() < 0.7 else f"{family} {joined}"


def _typo(name: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(letters)
    kind = rng.random()
    if kind < 0.4:
        return name[:i] + rng.choice("aeiouykgnhrs") + name[i + 1:]
    if kind < 0.7:
        return name[:i] + name[i + 1:]
    if kind < 0.85 and i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name[:i] + name[i] + name[i:]


def read_truth(path: Path) -> dict[tuple[str, str], int]:
    """truth.csv as written by `write_lists`."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["list"], r["id"]): int(r["person"]) for r in csv.DictReader(fh)}
