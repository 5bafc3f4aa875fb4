"""The Splink model that links victim lists: comparisons, blocking, training, prediction and clustering.

Splink (Fellegi–Sunter, trained by expectation maximisation) runs on DuckDB by default and on Spark for data
beyond one machine (`engine="spark"`, the `[spark]` extra); the comparisons are Splink's own comparison levels
over the columns `features` builds, so they run on either engine unchanged:

    name        same folded spelling · one spelling can stand for the other (Hangul readings) · same sound
                classes (Chol/Cheol/Chul, Ri/Yi/Lee) · close or near canonical romanization (typos) · else;
                term-frequency adjusted on the primary sound key, so a match on Kim Yong Chol weighs less
                than one on a rare name
    birth_year  same · ±1 · ±3 · else
    sex         same · else
    place       same sound key · close romanization · else
    date        same day · agree at the coarser precision (1998 against 1998-03) · within a year · else

Blocking explodes `block_keys`: every pair of records that share a sound key, or a given name and a birth year,
or a family name, one given syllable and a birth year, is compared (a Hangul record and its romanized twin
always share a block). `link_lists` returns the scored pairs and clusters; the caller decides what to write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rightsdesk.errors import UsageError
from rightsdesk.linkage.features import COLUMNS, features
from rightsdesk.linkage.lists import VictimList

ENGINES = ("duckdb", "spark")
DEFAULT_THRESHOLD = 0.8
#: Pairs kept for review: those the model gives at least this probability.
REVIEW_FLOOR = 0.05
U_SAMPLE_PAIRS = 2_000_000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LinkOptions:
    """How to link: engine, match threshold, duplicate-free lists, seed of the u sampling."""

    engine: str = "duckdb"
    threshold: float = DEFAULT_THRESHOLD
    duplicate_free: bool = False
    seed: int = 1
    baseline: bool = False  # plain Splink name comparisons (for benchmarks only)


@dataclass
class LinkResult:
    """Scored pairs (above REVIEW_FLOOR), each record's cluster, and what the run measured."""

    pairs: list[dict[str, Any]]
    clusters: dict[str, str]  # unique_id ("list:id") -> cluster representative (a unique_id)
    pairs_compared: int
    weights: list[dict[str, Any]]
    timings: dict[str, float] = field(default_factory=dict)
    untrained: list[str] = field(default_factory=list)  # what the lists were too small to train


def feature_rows(lists: Sequence[VictimList]) -> list[dict[str, Any]]:
    """Every record of every list as Splink's input columns."""
    return [features(r) for lst in lists for r in lst.records]


def settings(options: LinkOptions, n_lists: int) -> Any:
    """Splink's settings for these options (link only across duplicate-free lists, else link and dedupe)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = (_baseline_name() if options.baseline else cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_plain"),
            cll.ExactMatchLevel("name_key").configure(tf_adjustment_column="name_key",
                                                       label_for_charts="same sound"),
            cll.ArrayIntersectLevel("name_exact").configure(label_for_charts="same Hangul reading"),
            cll.ArrayIntersectLevel("name_keys").configure(label_for_charts="same sound, another reading"),
            cll.JaroWinklerLevel("name_roman", 0.92).configure(label_for_charts="close romanization"),
            cll.JaroWinklerLevel("name_roman", 0.8).configure(label_for_charts="near romanization"),
            cll.ElseLevel(),
        ]))
    comparisons = [
        name,
        cl.CustomComparison(output_column_name="birth_year", comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.AbsoluteDifferenceLevel("birth_year", 3),
            cll.ElseLevel(),
        ]),
        cl.ExactMatch("sex"),
        cl.CustomComparison(output_column_name="place", comparison_levels=[
            cll.NullLevel("place_roman"),
            cll.ArrayIntersectLevel("place_keys").configure(label_for_charts="same place"),
            cll.JaroWinklerLevel("place_roman", 0.88),
            cll.ElseLevel(),
        ]),
        cl.CustomComparison(output_column_name="date", comparison_levels=[
            cll.NullLevel("date_year"),
            cll.CustomLevel("date_day_l = date_day_r AND date_month_l = date_month_r AND date_year_l = date_year_r",
                            "same day"),
            cll.CustomLevel("date_year_l = date_year_r AND (date_month_l IS NULL OR date_month_r IS NULL OR "
                            "(date_month_l = date_month_r AND (date_day_l IS NULL OR date_day_r IS NULL)))",
                            "agree at the coarser precision"),
            cll.CustomLevel("abs(date_year_l - date_year_r) <= 1", "within a year"),
            cll.ElseLevel(),
        ]),
    ]
    link_type: Literal["link_only", "link_and_dedupe", "dedupe_only"] = "link_only" if options.duplicate_free and n_lists > 1 else (
        "link_and_dedupe" if n_lists > 1 else "dedupe_only")
    blocking: list[Any] = ([block_on("name_plain"), block_on("birth_year", "date_year")] if options.baseline
                else [block_on("block_keys", arrays_to_explode=["block_keys"])])
    return SettingsCreator(link_type=link_type, comparisons=comparisons,
                           blocking_rules_to_generate_predictions=blocking,
                           retain_intermediate_calculation_columns=False, retain_matching_columns=False)


def _baseline_name() -> Any:
    """Splink's default name comparison on the spelling as written (the benchmark's baseline)."""
    import splink.comparison_library as cl
    return cl.NameComparison("name_plain").configure(term_frequency_adjustments=True)


def link_lists(lists: Sequence[VictimList], options: LinkOptions = LinkOptions(), *,
               must_link: Sequence[tuple[str, str]] = (), cannot_link: Sequence[tuple[str, str]] = (),
               progress: Progress | None = None) -> LinkResult:
    """Link the lists: train the model, score the blocked pairs, cluster (judgements applied); see the module
    docstring. `must_link` and `cannot_link` are pairs of unique ids ("list:id") a reviewer confirmed or split."""
    import time

    from rightsdesk.linkage.clusters import constrained_components

    if options.engine not in ENGINES:
        raise UsageError(f"unknown engine {options.engine!r}: one of {', '.join(ENGINES)}")
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    say("reading names")
    rows = feature_rows(lists)
    timings["features_s"] = time.perf_counter() - t0
    linker, db = _linker(rows, lists, options)
    t1 = time.perf_counter()
    say("training the model (expectation maximisation)")
    untrained = _train(linker, options, len(rows))
    timings["train_s"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    say("scoring the blocked pairs")
    predict = linker.inference.predict(warning_mode="never")
    compared = _pairs_compared(linker, predict)
    pairs = _likely_pairs(linker, predict)
    timings["predict_s"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    say("clustering")
    ids = [r["unique_id"] for r in rows]
    list_of = {r["unique_id"]: r["source_dataset"] for r in rows}
    clusters = constrained_components(ids, pairs, options.threshold, must_link=must_link,
                                      cannot_link=cannot_link,
                                      one_per_list=list_of if options.duplicate_free else None)
    timings["cluster_s"] = time.perf_counter() - t3
    weights = _weights(linker)
    db.close()
    return LinkResult(pairs, clusters, compared, weights, timings, untrained)


def _linker(rows: list[dict[str, Any]], lists: Sequence[VictimList], options: LinkOptions) -> tuple[Any, Any]:
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.ERROR)  # Splink logs values; case data stays out
    db = _Engine(options.engine)
    by_list: dict[str, list[dict[str, Any]]] = {lst.name: [] for lst in lists}
    for r in rows:
        by_list[r["source_dataset"]].append(r)
    if options.duplicate_free and len(lists) > 1:
        tables = [db.register(by_list[name], name) for name in by_list]
    else:
        tables = [db.register(rows, "records")]
    linker = Linker(tables, settings(options, len(lists)), log_level=logging.ERROR)
    return linker, db


#: Blocking rules for the EM sessions, tried in turn for each half of the model: the first trains every
#: comparison but the name, the rest the name (a rule that finds no pairs in small lists gives way to the next).
_EM_RULES = ((("name_key",),), (("birth_year", "date_year", "place_roman"), ("birth_year", "date_year"),
                                 ("birth_year",), ("sex",)))


def _train(linker: Any, options: LinkOptions, n_records: int) -> list[str]:
    """Train the model; return what could not be trained (small lists), for the summary."""
    from splink import block_on
    from splink.internals.exceptions import SplinkException

    untrained = []
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("name_key", "birth_year")], recall=0.7)
    except (SplinkException, ValueError, ZeroDivisionError):
        untrained.append("prior probability of a match (too few records agree on name and birth year)")
    prior = linker._settings_obj._probability_two_random_records_match
    if not 0.0 < prior < 1.0:  # a handful of records that all agree: fall back to one match per record
        linker._settings_obj._probability_two_random_records_match = min(0.5, 1.0 / max(2, n_records - 1))
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=options.seed)
    for rules in _EM_RULES:
        for columns in rules:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    block_on(*columns), estimate_without_term_frequencies=True)
                break
            except (SplinkException, ValueError):  # no pairs, or too few for the weights to be finite
                continue
        else:
            untrained.append(f"m probabilities blocked on {' or '.join('+'.join(c) for c in rules)} (no pairs)")
    return untrained


def _pairs_compared(linker: Any, predict: Any) -> int:
    rows = linker.misc.query_sql(f"select count(*) as n from {predict.physical_name}", output_type="pandas")
    return int(rows["n"].iloc[0])


def _likely_pairs(linker: Any, predict: Any) -> list[dict[str, Any]]:
    found = linker.misc.query_sql(
        f"select unique_id_l, unique_id_r, match_probability, match_weight from {predict.physical_name} "
        f"where match_probability >= {REVIEW_FLOOR}", output_type="pandas")
    return [{"left": left, "right": right, "match_probability": float(p), "match_weight": float(w)}
            for left, right, p, w in found.itertuples(index=False)]


def _weights(linker: Any) -> list[dict[str, Any]]:
    """The trained weights: per comparison and level, m, u and the match weight (log2 m/u)."""
    import math

    out = []
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            m, u = level.m_probability, level.u_probability
            weight = math.log2(m / u) if m and u else None
            out.append({"comparison": comparison.output_column_name, "level": level.label_for_charts,
                        "m": m, "u": u, "match_weight": weight})
    return out


class _Engine:
    """The database Splink runs on: an in-memory DuckDB, or a local Spark session."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        if engine == "duckdb":
            import duckdb
            from splink import DuckDBAPI

            self.con = duckdb.connect()
            self.api: Any = DuckDBAPI(connection=self.con)
        else:
            self.spark = _spark_session()
            from splink import SparkAPI

            self.api = SparkAPI(spark_session=self.spark)

    def register(self, rows: list[dict[str, Any]], name: str) -> Any:
        table = _arrow(rows)
        if self.engine == "spark":
            return self.api.register(self.spark.createDataFrame(table.to_pandas()), dataset_display_name=name)
        return self.api.register(table, dataset_display_name=name)

    def close(self) -> None:
        if self.engine == "duckdb":
            self.con.close()


def _arrow(rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    text, keys, number = pa.string(), pa.list_(pa.string()), pa.int32()
    types = {"name_keys": keys, "name_exact": keys, "block_keys": keys, "place_keys": keys, "birth_year": number,
             "date_year": number, "date_month": number, "date_day": number}
    schema = pa.schema([(c, types.get(c, text)) for c in COLUMNS])
    return pa.Table.from_pylist(rows, schema=schema)


def _spark_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("the Spark engine needs the [spark] extra: pip install 'rightsdesk[spark]'") from None
    import tempfile

    from splink.backends.spark import similarity_jar_location

    spark = (SparkSession.builder.master("local[2]").appName("rightsdesk-link-lists")
             .config("spark.jars", similarity_jar_location()).config("spark.sql.shuffle.partitions", "8")
             .config("spark.ui.enabled", "false").config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="rightsdesk-spark-"))
    return spark
