"""Linking victim lists: reading and checking list files, the Korean name keys, Splink on DuckDB against
fictional lists with ground truth, judgements, stable cluster ids, and the commands."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.errors import IngestError
from rightsdesk.linkage import evaluate, judgements, synth, workflow
from rightsdesk.linkage.clusters import constrained_components, stable_ids
from rightsdesk.linkage.features import consonants, features, place_keys
from rightsdesk.linkage.lists import ListRecord, read_list
from rightsdesk.linkage.model import LinkOptions, feature_rows


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ("id,sex\n1,m\n", "line 1: missing column(s) name"),
    ("id,name\n1,Kim Yong Chol\n1,Ri Chol Su\n", "line 3: id '1' is already on line 2"),
    ("id,name,birth_year\n1,Kim Yong Chol,19x0\n", "line 2: birth_year '19x0'"),
    ("id,name,date\n1,Kim Yong Chol,2014-13\n", "line 2: date: invalid date"),
    ("id,name,sex\n1,Kim Yong Chol,x\n", "line 2: sex 'x'"),
    ("id,name\n1,Kim Yong Chol,extra\n", "line 2: expected 2 fields, got 3"),
    ("id,name\n,Kim Yong Chol\n", "line 2: id is empty"),
    ("id,name\n", "no records"),
])
def test_a_bad_list_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "ohchr.csv", text)
    with pytest.raises(IngestError) as err:
        read_list(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_a_list_keeps_its_other_columns_and_is_named_by_its_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "families.csv", "id,name,sex,birth_year,place,date,camp\n"
                                             "7,리철수,M,1961,함경북도,1998-03,Yodok\n")
    lst = read_list(path)
    assert lst.name == "families"
    rec = lst.records[0]
    assert (rec.sex, rec.birth_year, rec.date and rec.date.iso(), rec.extra) == ("m", 1961, "1998-03",
                                                                                 {"camp": "Yodok"})


def _keys(name: str, year: int | None = 1960) -> set[str]:
    return set(features(ListRecord("a", "1", name, birth_year=year))["block_keys"])


@pytest.mark.parametrize("other", ["Kim Yong Chol", "Gim Yeong-cheol", "Kim Young Chul", "Yong Chol Kim",
                                   "KIM YONGCHOL", "Kim Yong Cjol", "Kimm Yong Chol"])
def test_a_hangul_name_and_its_romanized_twins_share_a_block(other: str) -> None:
    assert _keys("김영철") & _keys(other)


def test_ri_yi_lee_and_rhee_are_one_family_and_chol_cheol_chul_one_syllable() -> None:
    keys = [features(ListRecord("a", "1", n))["name_keys"] for n in ("Ri Chol Su", "Yi Cheol-su", "Lee Chul Soo",
                                                                     "Rhee Cheolsu", "리철수")]
    assert all(set(keys[0]) & set(k) for k in keys[1:])


def test_the_hangul_twins_of_every_spelling_habit_share_a_block() -> None:
    rng = random.Random(5)
    people = synth.people(400, rng)
    for person in people:
        hangul = _keys(synth._spell(person, "hangul", rng), person.birth_year)
        for habit in ("mr", "rr", "customary"):
            spelled = synth._spell(person, habit, rng)
            assert hangul & _keys(spelled, person.birth_year), (person, spelled)


def test_places_in_hangul_and_romanized_share_a_key() -> None:
    for a, b in [("평안북도", "North Phyongan"), ("함경북도", "Hamgyeongbuk-do"), ("양강도", "Ryanggang Province"),
                 ("회령", "Hoeryong")]:
        assert set(place_keys(a)[0]) & set(place_keys(b)[0]), (a, b)
    assert not set(place_keys("평안북도")[0]) & set(place_keys("South Phyongan")[0])


def test_consonant_skeletons_agree_across_romanizations() -> None:
    assert consonants("yong-chol") == consonants("Yeongcheol") == consonants("Young Chul") == consonants("영철")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, int]]:
    paths, truth = synth.write_lists(tmp_path_factory.mktemp("lists"), n_people=1500, n_lists=4, seed=11)
    return paths, {f"{lst}:{rid}": person for (lst, rid), person in truth.items()}


@pytest.fixture(scope="module")
def linked(synthetic: tuple[list[Path], dict[str, int]]) -> workflow.LinkRun:
    return workflow.run(synthetic[0])


def test_linkage_finds_the_people_behind_the_records(linked: workflow.LinkRun,
                                                     synthetic: tuple[list[Path], dict[str, int]]) -> None:
    truth = synthetic[1]
    scores = evaluate.pair_scores(linked.cluster_of, truth)
    assert scores.f1 >= 0.93, scores
    assert evaluate.blocking_recall(feature_rows(linked.lists), truth, across_lists_only=False) >= 0.98
    summary = linked.summary()
    assert summary["records"] == len(truth) and summary["pairs_compared"] > 0
    assert {w["comparison"] for w in summary["weights"]} == {"name", "birth_year", "sex", "place", "date"}
    same_reading = next(w for w in summary["weights"] if w["level"] == "same Hangul reading")
    assert same_reading["match_weight"] > 5  # EM learnt that a shared reading is strong evidence


def test_a_plain_splink_baseline_does_worse(synthetic: tuple[list[Path], dict[str, int]],
                                            linked: workflow.LinkRun) -> None:
    baseline = workflow.run(synthetic[0], LinkOptions(baseline=True))
    ours = evaluate.pair_scores(linked.cluster_of, synthetic[1]).f1
    assert evaluate.pair_scores(baseline.cluster_of, synthetic[1]).f1 < ours - 0.1


def test_duplicate_free_lists_give_at_most_one_record_per_list(synthetic: tuple[list[Path], dict[str, int]]) -> None:
    run = workflow.run(synthetic[0], LinkOptions(duplicate_free=True))
    lists_in: dict[str, list[str]] = {}
    for record, cluster in run.cluster_of.items():
        lists_in.setdefault(cluster, []).append(record.split(":")[0])
    assert all(len(v) == len(set(v)) for v in lists_in.values())
    assert evaluate.pair_scores(run.cluster_of, synthetic[1]).f1 >= 0.93


def test_judgements_are_respected_and_withdrawn(tmp_path: Path, synthetic: tuple[list[Path], dict[str, int]],
                                                linked: workflow.LinkRun) -> None:
    truth = synthetic[1]
    together = sorted(r for r, c in linked.cluster_of.items()
                      if list(linked.cluster_of.values()).count(c) >= 2)[:1]
    a = together[0]
    b = next(r for r, c in linked.cluster_of.items() if c == linked.cluster_of[a] and r != a)
    c = next(r for r in linked.cluster_of if truth[r] != truth[a] and linked.cluster_of[r] != linked.cluster_of[a])
    file = tmp_path / "judgements.csv"
    judgements.record(file, a, b, "split", who="reviewer", why="different fathers")
    judgements.record(file, a, c, "match", who="reviewer", why="same person, new testimony")
    again = workflow.run(synthetic[0], judgements_file=file, previous=None)
    assert again.cluster_of[a] != again.cluster_of[b]
    assert again.cluster_of[a] == again.cluster_of[c]
    assert again.judged == 2
    judgements.record(file, a, b, "split", who="reviewer", why="", withdraw=True)
    assert judgements.constraints(file) == ([tuple(sorted((a, c)))], [])
    rows = list(csv.DictReader(file.open(encoding="utf-8")))
    assert [r["deleted"] for r in rows] == ["0", "0", "1"] and rows[0]["who"] == "reviewer" and rows[0]["at"]


def test_cannot_link_holds_even_through_other_records() -> None:
    pairs = [{"left": "a:1", "right": "b:1", "match_probability": 0.99},
             {"left": "b:1", "right": "c:1", "match_probability": 0.95}]
    ids = ["a:1", "b:1", "c:1"]
    assert len(set(constrained_components(ids, pairs, 0.8).values())) == 1
    split = constrained_components(ids, pairs, 0.8, cannot_link=[("a:1", "c:1")])
    assert split["a:1"] == split["b:1"] != split["c:1"]  # the weaker link gives way


def test_two_records_of_one_list_join_only_on_a_direct_link() -> None:
    pairs = [{"left": "a:1", "right": "b:1", "match_probability": 0.97},
             {"left": "b:1", "right": "a:2", "match_probability": 0.9}]  # a namesake chain through list b
    chained = constrained_components(["a:1", "a:2", "b:1"], pairs, 0.8)
    assert chained["a:1"] == chained["b:1"] != chained["a:2"]
    duplicate = [*pairs, {"left": "a:1", "right": "a:2", "match_probability": 0.85}]  # list a holds them twice
    assert len(set(constrained_components(["a:1", "a:2", "b:1"], duplicate, 0.8).values())) == 1


def test_cluster_ids_stay_when_records_are_added() -> None:
    first = stable_ids({"a:1": "a:1", "b:1": "a:1", "a:2": "a:2"})
    later = stable_ids({"a:0": "a:0", "a:1": "a:0", "b:1": "a:0", "a:2": "a:2", "c:9": "c:9"}, first)
    assert later["a:1"] == later["a:0"] == first["a:1"]
    assert later["a:2"] == first["a:2"]
    assert later["c:9"] not in set(first.values())


def test_link_lists_command(tmp_path: Path, synthetic: tuple[list[Path], dict[str, int]]) -> None:
    out, review = tmp_path / "clusters.csv", tmp_path / "review.csv"
    args = ["link-lists", *map(str, synthetic[0]), "--out", str(out), "--review", str(review), "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{"):])
    assert {"pairs_compared", "clusters", "weights", "capture_patterns"} <= set(summary)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == summary["records"] and set(rows[0]) == {"cluster_id", "list", "id"}
    estimate = CliRunner().invoke(cli, ["estimate", "--clusters", str(out), "--method", "loglinear", "--json"])
    assert estimate.exit_code == 0, estimate.output
    again = CliRunner().invoke(cli, [*args[:-1], "--previous", str(out)])
    assert again.exit_code == 0, again.output


def test_link_lists_refuses_a_bad_list_with_exit_code_2(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.csv", "id,name\n1,Kim Yong Chol\n1,Ri Chol Su\n")
    good = _write(tmp_path / "good.csv", "id,name\n1,Kim Yong Chol\n")
    result = CliRunner().invoke(cli, ["link-lists", str(good), str(bad), "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 2
    assert "bad.csv: line 3: id '1' is already on line 2" in result.output
    assert not (tmp_path / "c.csv").exists()


@pytest.mark.slow
@pytest.mark.spark
def test_the_spark_engine_links_like_duckdb(tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="the [spark] extra is not installed")
    paths, truth = synth.write_lists(tmp_path, n_people=300, n_lists=3, seed=4)
    truth_ids = {f"{lst}:{rid}": person for (lst, rid), person in truth.items()}
    spark = workflow.run(paths, LinkOptions(engine="spark"))
    duck = workflow.run(paths)
    assert spark.summary()["pairs_compared"] == duck.summary()["pairs_compared"]
    assert evaluate.pair_scores(spark.cluster_of, truth_ids).f1 >= 0.9


def test_lists_too_small_to_train_still_link(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", "id,name,birth_year\n1,김영철,1960\n2,박철수,1970\n")
    b = _write(tmp_path / "b.csv", "id,name,birth_year\n9,Kim Yong Chol,1960\n")
    run = workflow.run([a, b])
    assert run.cluster_of["a:1"] == run.cluster_of["b:9"] != run.cluster_of["a:2"]


def test_keep_of_a_column_no_list_has_is_refused_and_nothing_written(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", "id,name,camp\n1,김영철,Yodok\n")
    b = _write(tmp_path / "b.csv", "id,name\n9,Kim Yong Chol\n")
    out = tmp_path / "c.csv"
    kept = CliRunner().invoke(cli, ["link-lists", str(a), str(b), "--out", str(out), "--keep", "camp"])
    assert kept.exit_code == 0, kept.output
    assert next(csv.DictReader(out.open(encoding="utf-8")))["camp"] in ("Yodok", "")
    out.unlink()
    result = CliRunner().invoke(cli, ["link-lists", str(a), str(b), "--out", str(out), "--keep", "stratum"])
    assert result.exit_code == 2 and "--keep stratum: no list has such a column" in result.output
    assert not out.exists()


def test_synth_lists_says_how_many_people_no_list_caught(tmp_path: Path) -> None:
    """The message said "2,135 records of 1,168 people on 3 lists": the population of 2,000, which `estimate` is
    meant to find, was nowhere but on the command line."""
    result = CliRunner().invoke(cli, ["synth-lists", "500", "--lists", "3", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with (tmp_path / "truth.csv").open(encoding="utf-8", newline="") as fh:
        listed = len({row["person"] for row in csv.DictReader(fh)})
    assert 0 < listed < 500
    assert f"of {listed:,} people on 3 lists" in result.output
    assert f"out of a population of 500 ({500 - listed:,} on no list: what `estimate` should find)" in result.output


def test_the_review_file_keeps_a_name_that_looks_like_a_formula_as_text(tmp_path: Path) -> None:
    """The review queue is for people, opened in a spreadsheet: a name from an uploaded list never runs."""

    class Queue:
        @staticmethod
        def review_queue() -> list[dict[str, object]]:
            return [{"left": "a:1", "right": "b:7", "left_name": "=HYPERLINK(\"http://x\")", "right_name": "@SUM(1)",
                     "match_probability": 0.51234, "same_cluster": True}]

    path = tmp_path / "review.csv"
    assert workflow.write_review(Queue(), path) == 1  # type: ignore[arg-type]
    row = next(csv.DictReader(path.open(encoding="utf-8")))
    assert row["left_name"] == "'=HYPERLINK(\"http://x\")" and row["right_name"] == "'@SUM(1)"
    assert row["match_probability"] == "0.5123" and row["same_cluster"] == "1"
