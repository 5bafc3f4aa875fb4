"""Name forms a screener meets beyond romanization: a name without its middle name, titles and suffixes, a
bracketed acronym or script, Hangul beside Latin, run-together names, weak aliases, blank birth dates, long
input, and the same answer on every run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rightsdesk.matching.names import compare_names
from rightsdesk.model.records import BirthDate, Designation, DesignationName
from rightsdesk.model.vocab import SubjectKind
from rightsdesk.screening import THRESHOLD, ScreeningIndex, ScreeningQuery, screen
from rightsdesk.screening.query import name_variants
from tests.screening.conftest import person


def entity(ref: str, name: str, *aliases: str, weak: str = "") -> Designation:
    names = (DesignationName(name, "primary"), *(DesignationName(a, "alias", "Good") for a in aliases))
    if weak:
        names += (DesignationName(weak, "alias", "Low"),)
    return Designation("un", ref, SubjectKind.ENTITY, name, ("DPRK",), names)


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    kony = person("CFi.010", "ALI KONY")
    kony = Designation(kony.list_name, kony.reference_number, kony.kind, kony.name, kony.regimes,
                       kony.names + (DesignationName("Caesar", "alias", "Low"),))
    blank = person("KPi.062", "PAK IL KYU")
    blank = Designation(blank.list_name, blank.reference_number, blank.kind, blank.name, blank.regimes, blank.names,
                        birth_dates=(BirthDate("EXACT", None, note="Nov. 1973"),))
    return ScreeningIndex.build([
        person("26945", "KHAMENEI, Ali Husseini", list_name="ofac-sdn", nationality="IRN", regime="IRAN"),
        person("9340", "WONG, Moon Chi", list_name="ofac-sdn", nationality="", regime="SDNTK"),
        person("2676", "AL-ZAWAHIRI, Ayman", list_name="ofac-sdn", nationality="EGY", regime="SDGT"),
        person("KPi.043", "JO YONG-WON", dob="1957-10-24"),
        person("KPi.035", "KIM CHOL SAM", "Jin Tiesan (金铁三)"),
        person("X.9", "KIM JONG UN"),
        kony, blank,
        entity("KPe.025", "KOREA KWANGSON BANKING CORPORATION (KKBC)"),
        entity("KPe.003", "TANCHON COMMERCIAL BANK"),
    ])


def top(index: ScreeningIndex, name: str, **kwargs: object) -> dict[str, object] | None:
    results = screen(index, ScreeningQuery.build(name, **kwargs))["results"]  # type: ignore[arg-type]
    return results[0] if results else None


@pytest.mark.parametrize(("name", "ref"), [
    ("Ali Khamenei", "26945"), ("Moon Chi Wong", "9340"), ("Ayman Zawahiri", "2676"), ("Mr. Jo Yong Won", "KPi.043"),
    ("Gen. Jo Yong-won", "KPi.043"), ("Jo Yong Won Jr.", "KPi.043"), ("JO YONG WON 조용원", "KPi.043"),
    ("JoYongWon", "KPi.043"), ("Jin Tiesan", "KPi.035"), ("金铁三", "KPi.035"), ("KKBC", "KPe.025"),
    ("Korea Kwangson Banking Corporation", "KPe.025"), ("Tanchon Bank", "KPe.003"),
])
def test_name_forms_find_the_record(index: ScreeningIndex, name: str, ref: str) -> None:
    best = top(index, name)
    assert best is not None and best["reference_number"] == ref and best["match"] is True, best


def test_a_korean_name_missing_a_syllable_is_not_contained() -> None:
    assert compare_names("Kim Jong", "Kim Jong Un").score < THRESHOLD  # a different person, not a shorter name
    assert compare_names("Ali Khamenei", "KHAMENEI, Ali Husseini").method == "contained"


def test_a_weak_alias_alone_is_shown_but_not_matched(index: ScreeningIndex) -> None:
    best = top(index, "Caesar")
    assert best is not None and best["reference_number"] == "CFi.010" and best["match"] is False


def test_a_blank_listed_birth_date_is_no_mismatch(index: ScreeningIndex) -> None:
    best = top(index, "Pak Il Kyu", dob="1960")
    assert best is not None and best["match"] is True
    assert not any(f["feature"] == "dob_mismatch" for f in best["explanation"])  # type: ignore[attr-defined]


def test_very_long_names_do_not_break_the_matcher(index: ScreeningIndex) -> None:
    best = top(index, "Kim " + "a" * 5000)  # answers, without a RecursionError
    assert best is None or best["match"] is False
    assert compare_names("Kim " + "a" * 5000, "Kim Jong Un").score < THRESHOLD


def test_name_variants() -> None:
    assert name_variants("Mr. Jo Yong Won") == ("Mr. Jo Yong Won", "Jo Yong Won")
    assert name_variants("JO YONG WON 조용원") == ("JO YONG WON 조용원", "조용원", "JO YONG WON")
    assert name_variants("JoYongWon") == ("JoYongWon", "Jo Yong Won")
    assert name_variants("Jo Yong Won") == ("Jo Yong Won",)


def test_the_same_query_gives_the_same_answer_on_every_run() -> None:
    script = ("from tests.screening.test_name_forms import entity; from tests.screening.conftest import person; "
              "from rightsdesk.screening import ScreeningIndex, ScreeningQuery, screen; "
              "i = ScreeningIndex.build([person(f'X.{n}', f'LI KAI {s}') for n, s in enumerate(['SHOU', 'SHU', "
              "'SOU', 'SHOW', 'SHO'])]); print(screen(i, ScreeningQuery.build('Lee sik su'))['results'])")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3)}
    assert len(outputs) == 1


def test_an_organisation_inside_a_longer_name_is_not_the_same_body_by_default() -> None:
    from rightsdesk.matching.names import compare_parsed
    from rightsdesk.screening.index import parse_plain_name

    army = compare_parsed(parse_plain_name("KOREAN PEOPLE'S ARMY"),
                          parse_plain_name("STRATEGIC ROCKET FORCE OF THE KOREAN PEOPLE'S ARMY"))
    assert army.method == "contained" and army.score < THRESHOLD
    bank = compare_parsed(parse_plain_name("Tanchon Bank"), parse_plain_name("TANCHON COMMERCIAL BANK"))
    assert bank.score >= THRESHOLD


@pytest.mark.parametrize(("dob", "mismatch"), [("1957-10-25", False), ("1958-10-24", False), ("1957-24-10", None),
                                               ("1970", True)])
def test_a_birth_date_a_slip_away_is_no_mismatch(index: ScreeningIndex, dob: str, mismatch: bool | None) -> None:
    if mismatch is None:  # an impossible date is refused, not guessed at
        with pytest.raises(Exception, match="invalid date"):
            ScreeningQuery.build("Jo Yong Won", dob=dob)
        return
    best = top(index, "Jo Yong Won", dob=dob)
    assert best is not None and best["reference_number"] == "KPi.043"
    fired = {f["feature"] for f in best["explanation"]}  # type: ignore[attr-defined]
    assert ("dob_mismatch" in fired) is mismatch and (best["match"] is True) is not mismatch


def test_day_and_month_swapped_is_no_mismatch() -> None:
    from rightsdesk.model.dates import PartialDate
    from rightsdesk.screening.features import _near

    assert _near(PartialDate(1961, 4, 10), BirthDate("EXACT", PartialDate(1961, 10, 4)))
    assert not _near(PartialDate(1965, 4, 10), BirthDate("EXACT", PartialDate(1961, 10, 4)))
