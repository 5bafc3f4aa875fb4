"""Multiple-systems estimation: capture tables read with errors that name the line, the latent-class sampler on
the Kosovo 1999 table against R's published run, on simulated populations, and the log-linear models against
closed forms."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rightsdesk.cli import cli
from rightsdesk.errors import InputError
from rightsdesk.stats.capture import from_patterns, read_clusters, read_table
from rightsdesk.stats.lcmcr import LcmcrOptions, sample_posterior
from rightsdesk.stats.loglinear import select_model
from rightsdesk.stats.mse import effective_sample_size, estimate, split_rhat

KOSOVO = Path(__file__).resolve().parents[2] / "src" / "rightsdesk" / "data" / "mse" / "kosovo_1999.csv"


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _simulated(n: int, probs: list[float], seed: int) -> dict[tuple[int, ...], int]:
    """Capture patterns of n people, each list catching each person independently."""
    rng = np.random.default_rng(seed)
    caught = rng.random((n, len(probs))) < np.array(probs)
    counts: dict[tuple[int, ...], int] = {}
    for row in caught[caught.any(axis=1)]:
        key = tuple(int(x) for x in row)
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_the_kosovo_table_reads_as_published() -> None:
    table = read_table(KOSOVO)["all"]
    assert table.n_observed == 4400
    assert table.list_totals() == {"EXH": 1910, "ABA": 1528, "OSCE": 1786, "HRW": 685}


def test_one_row_per_person_and_a_count_column_give_the_same_table(tmp_path: Path) -> None:
    rows = _write(tmp_path, "A,B,C\n1,0,0\n1,0,0\n0,1,1\n1,1,1\n")
    counted = _write(tmp_path, "A,B,C,count\n1,0,0,2\n0,1,1,1\n1,1,1,1\n0,0,1,0\n", "c.csv")
    a, b = read_table(rows)["all"], read_table(counted)["all"]
    assert list(a.rows()) == list(b.rows()) == [((0, 1, 1), 1), ((1, 0, 0), 2), ((1, 1, 1), 1)]


@pytest.mark.parametrize(("text", "message"), [
    ("A,B,count\n1,0,3\n1,x,2\n", "line 3: column 'B' must be 0 or 1"),
    ("A,B,count\n1,0,-1\n", "line 2: count must not be negative"),
    ("A,B,count\n1,0,3\n0,0,4\n", "line 3: a row on no list cannot be observed"),
    ("A,B,count\n1,0,3\n1,1\n", "line 3: expected 3 fields, got 2"),
    ("A,count\n1,3\n", "at least two lists"),
    ("A,B,count\n1,0,two\n", "line 2: count must be a whole number"),
])
def test_a_bad_table_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught:
        read_table(path)
    assert str(path) in str(caught.value)


def test_clusters_become_capture_histories_with_strata(tmp_path: Path) -> None:
    path = _write(tmp_path, "cluster_id,list,id,region\nc1,ngo,1,north\nc1,un,7,north\nc2,un,8,south\n"
                            "c3,ngo,2,south\nc3,family,5,south\n")
    tables = read_clusters(path, strata="region")
    assert list(tables) == ["north", "south"]
    assert tables["north"].lists == ("family", "ngo", "un")
    assert list(tables["north"].rows()) == [((0, 1, 1), 1)]
    assert list(tables["south"].rows()) == [((0, 0, 1), 1), ((1, 1, 0), 1)]


@pytest.mark.parametrize(("text", "message"), [
    ("cluster_id,list,id\nc1,ngo,1\nc2,ngo,1\n", "line 3: record ngo:1 is already on line 2"),
    ("cluster_id,list\nc1,ngo\n", "missing column"),
    ("cluster_id,list,id,region\nc1,ngo,1,north\nc1,un,2,south\n", "line 3: cluster c1 is in stratum 'south'"),
])
def test_bad_clusters_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_clusters(_write(tmp_path, text), strata="region" if "region" in text else None)


def test_kosovo_posterior_matches_the_published_run_of_r() -> None:
    """R's LCMCR (K=10, a=b=0.25, 110,000 iterations): median 10,402-10,451, 95% 9,061-9,124 to 13,943-13,969."""
    found = estimate(read_table(KOSOVO), "lcmcr", options=LcmcrOptions(seed=1))[0]
    assert found.median == pytest.approx(10_400, rel=0.02)
    assert found.lower == pytest.approx(9_060, rel=0.05)
    assert found.upper == pytest.approx(13_950, rel=0.05)
    assert found.diagnostics["rhat"] < 1.1 and found.diagnostics["ess"] > 100


def test_the_sampler_is_repeatable_by_seed() -> None:
    table = read_table(KOSOVO)["all"]
    options = LcmcrOptions(burnin=200, samples=500, seed=7)
    first, again = sample_posterior(table, options), sample_posterior(table, options)
    assert np.array_equal(first.n, again.n)
    assert not np.array_equal(first.n, sample_posterior(table, LcmcrOptions(burnin=200, samples=500, seed=8)).n)
    assert first.n.shape == (2, 500) and first.n.min() >= table.n_observed


@pytest.mark.parametrize("seed", [3, 4])
def test_the_interval_covers_a_simulated_population(seed: int) -> None:
    """Four lists, people of two kinds (some far more visible than others): the 95% interval holds the true N."""
    rng = np.random.default_rng(seed)
    counts: dict[tuple[int, ...], int] = {}
    for n, probs in ((1500, [0.5, 0.45, 0.4, 0.5]), (1500, [0.25, 0.2, 0.3, 0.15])):
        for key, c in _simulated(n, probs, int(rng.integers(1 << 30))).items():
            counts[key] = counts.get(key, 0) + c
    found = estimate({"all": from_patterns(["A", "B", "C", "D"], counts)}, "lcmcr",
                     options=LcmcrOptions(burnin=2000, samples=20_000, seed=seed))[0]
    assert found.lower <= 3000 <= found.upper
    assert found.n_observed < found.median


def test_two_lists_loglinear_is_lincoln_petersen() -> None:
    """With two lists the independence model gives N = n1 * n2 / m exactly."""
    table = from_patterns(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})
    best, _ = select_model(table)
    assert best.estimate == pytest.approx(400 * 300 / 100, rel=1e-6)
    assert best.lower < best.estimate < best.upper


def test_a_table_with_every_record_on_every_list_is_refused_not_crashed(tmp_path: Path) -> None:
    """Every record on both lists leaves the missed cell at a boundary: no model identifies it (it once overflowed)."""
    with pytest.raises(InputError, match="no log-linear model identifies"):
        select_model(from_patterns(["A", "B"], {(1, 1): 50}))
    table = _write(tmp_path, "A,B,count\n1,1,50\n")
    result = CliRunner().invoke(cli, ["estimate", "--table", str(table), "--method", "loglinear"])
    assert result.exit_code == 2 and "no log-linear model identifies" in result.output


def test_loglinear_finds_independence_and_the_true_size() -> None:
    counts = _simulated(20_000, [0.3, 0.25, 0.2, 0.35], seed=11)
    best, fits = select_model(from_patterns(["A", "B", "C", "D"], counts), "bic")
    assert len(fits) == 64 and best.interactions == ()
    assert best.lower <= 20_000 <= best.upper


def test_loglinear_takes_up_an_interaction_that_is_there() -> None:
    """Lists A and B share their sources: the chosen model carries A:B."""
    rng = np.random.default_rng(5)
    a = rng.random(8000) < 0.3
    b = np.where(a, rng.random(8000) < 0.7, rng.random(8000) < 0.1)
    c = rng.random(8000) < 0.3
    counts: dict[tuple[int, ...], int] = {}
    for row in np.stack([a, b, c], axis=1):
        if row.any():
            key = tuple(int(x) for x in row)
            counts[key] = counts.get(key, 0) + 1
    best, _ = select_model(from_patterns(["A", "B", "C"], counts))
    assert ("A", "B") in best.interactions
    assert best.lower <= 8000 <= best.upper


def test_strata_and_their_total() -> None:
    tables = {s: from_patterns(["A", "B", "C"], _simulated(1000, [0.4, 0.3, 0.5], seed))
              for s, seed in (("north", 1), ("south", 2))}
    total, north, south = estimate(tables, "lcmcr", options=LcmcrOptions(burnin=500, samples=5000))
    assert (total.stratum, north.stratum, south.stratum) == ("all", "north", "south")
    assert total.n_observed == north.n_observed + south.n_observed
    assert total.draws is not None and north.draws is not None and south.draws is not None
    assert np.array_equal(total.draws, north.draws + south.draws)
    ll_total, *_ = estimate(tables, "loglinear")
    assert ll_total.lower <= 2000 <= ll_total.upper


def test_diagnostics_see_a_chain_that_has_not_mixed() -> None:
    rng = np.random.default_rng(0)
    mixed = rng.normal(size=(2, 4000))
    assert split_rhat(mixed) == pytest.approx(1.0, abs=0.01)
    assert split_rhat(mixed + np.array([[0.0], [3.0]])) > 1.5
    assert effective_sample_size(mixed[0]) > 3000
    assert effective_sample_size(np.cumsum(mixed[0])) < 100


def test_estimate_command_json(tmp_path: Path) -> None:
    plot = tmp_path / "posterior.svg"
    result = CliRunner().invoke(cli, ["estimate", "--table", "kosovo-1999", "--samples", "20000", "--seed", "3",
                                      "--plot", str(plot), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert {"median", "lower", "upper", "n_observed", "method", "diagnostics"} <= set(out)
    assert out["method"] == "lcmcr" and out["n_observed"] == 4400
    assert out["lower"] < out["median"] < out["upper"]
    assert plot.read_text(encoding="utf-8").startswith("<svg")


def test_estimate_command_on_clusters_with_strata(tmp_path: Path) -> None:
    lines = ["cluster_id,list,id,sex"]
    counts = _simulated(600, [0.5, 0.4, 0.6], seed=9)
    k = 0
    for pattern, c in counts.items():
        for _ in range(c):
            k += 1
            lines += [f"c{k},{name},{k},{'f' if k % 2 else 'm'}"
                      for name, on in zip(("ngo", "un", "family"), pattern, strict=True) if on]
    path = _write(tmp_path, "\n".join(lines) + "\n")
    result = CliRunner().invoke(cli, ["estimate", "--clusters", str(path), "--method", "loglinear",
                                      "--strata", "sex", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["stratum"] == "all" and [s["stratum"] for s in out["strata"]] == ["f", "m"]
    assert out["lower"] <= 600 <= out["upper"]


def test_estimate_command_errors(tmp_path: Path) -> None:
    bad = _write(tmp_path, "A,B,count\n1,0,3\n1,2,1\n")
    result = CliRunner().invoke(cli, ["estimate", "--table", str(bad)])
    assert result.exit_code == 2 and f"{bad}: line 3" in result.output
    assert CliRunner().invoke(cli, ["estimate"]).exit_code == 64
    assert CliRunner().invoke(cli, ["estimate", "--table", "nowhere.csv"]).exit_code == 2


def test_every_pattern_count_is_kept() -> None:
    patterns = {p: i + 1 for i, p in enumerate(itertools.product((0, 1), repeat=3)) if any(p)}
    assert dict(from_patterns("ABC", patterns).rows()) == patterns


def test_estimate_says_which_input_is_wrong(tmp_path: Path) -> None:
    """Both inputs given were answered "give one of --table or --clusters", as if neither had been."""
    clusters = tmp_path / "c.csv"
    clusters.write_text("cluster_id,list,id\n1,a,1\n", encoding="utf-8")
    both = CliRunner().invoke(cli, ["estimate", "--table", "kosovo-1999", "--clusters", str(clusters)])
    assert both.exit_code == 64 and "not both" in both.output
    neither = CliRunner().invoke(cli, ["estimate"])
    assert neither.exit_code == 64 and "give --table" in neither.output and "not both" not in neither.output
