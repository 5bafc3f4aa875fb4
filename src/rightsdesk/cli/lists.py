"""`rightsdesk link-lists`: link victim lists into clusters (one per person) with Splink and the Korean name
model; `rightsdesk link-judge`: confirm or split a proposed match; `rightsdesk synth-lists`: fictional lists
with ground truth. The work is in `rightsdesk.linkage`; these commands read options and print.
"""

from __future__ import annotations

from pathlib import Path

import click

from rightsdesk.cli.accounts import sign_in, user_option
from rightsdesk.cli.common import emit

_FILE = click.Path(dir_okay=False, path_type=Path)


def register(cli: click.Group) -> None:
    @cli.command("link-lists")
    @click.argument("lists", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--out", type=_FILE, required=True, help="Write the clusters here (cluster_id,list,id).")
    @click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=0.8, show_default=True,
                  help="Match probability at which two records are linked.")
    @click.option("--duplicate-free", is_flag=True,
                  help="No list holds anyone twice: link only across lists, at most one record per list in a "
                       "cluster (what capture histories need).")
    @click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
                  help="Where Splink runs: DuckDB here, or Spark (the [spark] extra).")
    @click.option("--judgements", type=_FILE, help="A reviewer's judgements (link-judge) to respect.")
    @click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="An earlier clusters.csv whose cluster ids to keep.")
    @click.option("--review", type=_FILE, help="Write the pairs the model is unsure of here, for review.")
    @click.option("--keep", multiple=True, metavar="COLUMN",
                  help="Copy this column of the lists into the clusters file (e.g. a stratum for estimate).")
    @click.option("--seed", type=int, default=1, show_default=True, help="Seed of the u sampling.")
    @click.option("--suggest", is_flag=True,
                  help="Bring the clusters back to the case store as 'possibly the same person' suggestions on the "
                       "victims of a full case export among the lists (needs --user; audited).")
    @user_option
    @click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
    @click.pass_context
    def link_lists(ctx: click.Context, lists: tuple[Path, ...], out: Path, threshold: float, duplicate_free: bool,
                   engine: str, judgements: Path | None, previous: Path | None, review: Path | None,
                   keep: tuple[str, ...], seed: int, suggest: bool, user: str | None, as_json: bool) -> None:
        """Link victim lists (CSV: id,name[,sex,birth_year,place,date]; each file one list) into clusters.

        \b
        Example:
            rightsdesk link-lists ohchr.csv families.csv tjwg.csv --out clusters.csv --json
            rightsdesk estimate --clusters clusters.csv
            rightsdesk link-lists desk.csv families.csv --out clusters.csv --suggest --user minji
        """
        from tqdm import tqdm

        from rightsdesk.linkage import workflow
        from rightsdesk.linkage.model import LinkOptions

        steps = tqdm(total=4, desc="link-lists", unit="step", disable=None, leave=False)

        def progress(message: str) -> None:
            steps.set_postfix_str(message)
            steps.update(1)

        signed = sign_in(ctx, user) if suggest else None  # before the linking: a wrong password fails fast
        options = LinkOptions(engine=engine, threshold=threshold, duplicate_free=duplicate_free, seed=seed)
        linked = workflow.run(lists, options, judgements_file=judgements, previous=previous, progress=progress)
        steps.close()
        written = workflow.write_clusters(linked, out, keep=keep)
        summary = linked.summary()
        if review is not None:
            summary["review_pairs"] = workflow.write_review(linked, review)
        if signed is not None:
            from rightsdesk.pipeline.case_suggestions import bring_back

            done = bring_back(*signed, linked.cluster_of)
            summary["brought_back"] = {"run": done.run, "persons": done.persons, "suggestions": done.suggestions}
        if as_json:
            emit(summary, as_json=True)
            return
        click.echo(f"{written:,} records from {len(summary['lists'])} lists: {summary['clusters']:,} people "
                   f"({summary['clusters_linked']:,} on more than one record); {summary['pairs_compared']:,} pairs "
                   f"compared; written to {out}")
        if review is not None:
            click.echo(f"{summary['review_pairs']:,} pairs to review in {review}")
        if signed is not None:
            back = summary["brought_back"]
            click.echo(f"{back['persons']:,} stored victims got {back['suggestions']:,} 'possibly the same person' "
                       "suggestions (shown on their case pages)")

    @cli.command("link-judge")
    @click.argument("left")
    @click.argument("right")
    @click.option("--match", "decision", flag_value="match", help="The two records are one person.")
    @click.option("--split", "decision", flag_value="split", help="The two records are two people.")
    @click.option("--why", default="", help="Why (kept with the judgement).")
    @click.option("--who", envvar="USER", default="unknown", show_default=True, help="Who judges.")
    @click.option("--withdraw", is_flag=True, help="Withdraw this pair's judgement (kept, marked deleted).")
    @click.option("--judgements", type=_FILE, required=True, help="The judgements file to append to.")
    def link_judge(left: str, right: str, decision: str | None, why: str, who: str, withdraw: bool,
                   judgements: Path) -> None:
        """Confirm (--match) or split (--split) two records, named list:id; later link-lists runs respect it.

        \b
        Example:
            rightsdesk link-judge ohchr:17 families:203 --split --why "different fathers' names" \\
                --judgements judgements.csv
        """
        from rightsdesk.errors import UsageError
        from rightsdesk.linkage import judgements as judged

        if decision is None:
            raise UsageError("give --match or --split")
        j = judged.record(judgements, left, right, decision, who=who, why=why, withdraw=withdraw)
        click.echo(f"{'withdrawn' if j.deleted else j.decision}: {j.left} {j.right} by {j.who} at {j.at}")

    @cli.command("synth-lists")
    @click.argument("people", type=click.IntRange(1, 1_000_000))
    @click.option("--lists", "n_lists", type=click.IntRange(2, 5), default=4, show_default=True,
                  help="How many lists to write (list1.csv ...), each in its own spelling habit.")
    @click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
                  help="The folder to write the lists and truth.csv in.")
    @click.option("--seed", type=int, default=1, show_default=True, help="The same seed writes the same lists.")
    def synth_lists(people: int, n_lists: int, out_dir: Path, seed: int) -> None:
        """Write fictional victim lists with ground truth (truth.csv), for trying and benchmarking linkage.

        PEOPLE is the whole fictional population: each list catches some of it, and those no list catches are the
        number `estimate` should find (PEOPLE minus the people on a list).

        \b
        Example:
            rightsdesk synth-lists 10000 --lists 4 --out-dir synth/
        """
        from rightsdesk.linkage.synth import write_lists

        paths, truth = write_lists(out_dir, n_people=people, n_lists=n_lists, seed=seed)
        listed = len(set(truth.values()))
        click.echo(f"{len(truth):,} records of {listed:,} people on {len(paths)} lists in {out_dir}, out of a "
                   f"population of {people:,} ({people - listed:,} on no list: what `estimate` should find); "
                   "truth.csv says who is who")
