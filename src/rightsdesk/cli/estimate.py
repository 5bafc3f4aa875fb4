"""`rightsdesk estimate`: how many people there were, on no list included, from a capture table or from the
clusters `link-lists` writes (multiple-systems estimation, `rightsdesk.stats.mse`).

A table is a CSV with one 0/1 column per list and either a `count` column or one row per person; a bundled
table is named instead of a path (`kosovo-1999`). Nothing is stored: the command reads files and prints.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import click

from rightsdesk.cli.common import emit

BUNDLED = {"kosovo-1999": "kosovo_1999.csv"}  # rightsdesk/data/mse/, with its SOURCE.md


def _table_path(value: str) -> Path:
    if value in BUNDLED:
        return Path(str(files("rightsdesk.data").joinpath("mse", BUNDLED[value])))
    path = Path(value)
    if not path.is_file():
        from rightsdesk.errors import InputError
        raise InputError(f"{value}: no such file (bundled tables: {', '.join(BUNDLED)})")
    return path


def _print(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        d = r["diagnostics"]
        fit = (f"R-hat {d['rhat']}, ESS {d['ess']:,.0f}" if "rhat" in d and "ess" in d
               else d.get("model", ""))
        click.echo(f"{r['stratum']}\t{r['method']}\tobserved {r['n_observed']:,}\tN {r['median']:,.0f} "
                   f"(95% {r['lower']:,.0f}–{r['upper']:,.0f})\t{fit}")


def register(cli: click.Group) -> None:
    @cli.command()
    @click.option("--table", "table", metavar="T.csv", help="A capture table (or a bundled one: kosovo-1999).")
    @click.option("--clusters", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="Clusters from `link-lists` (cluster_id,list,id): each cluster one person.")
    @click.option("--method", type=click.Choice(["lcmcr", "loglinear"]), default="lcmcr", show_default=True,
                  help="Latent-class model (Bayesian) or log-linear models chosen by --criterion.")
    @click.option("--strata", metavar="COLUMN", help="Estimate each value of this column apart, and the total.")
    @click.option("--seed", type=int, default=1, show_default=True, help="Seed of the sampler (chain c: seed + c).")
    @click.option("--chains", type=int, default=2, show_default=True, help="Chains, run side by side.")
    @click.option("--samples", type=int, default=100_000, show_default=True, help="Draws kept per chain.")
    @click.option("--burnin", type=int, default=10_000, show_default=True, help="Iterations dropped per chain.")
    @click.option("--thinning", type=int, default=1, show_default=True, help="Keep one iteration in this many.")
    @click.option("--classes", "-K", type=int, default=10, show_default=True, help="Latent classes at most.")
    @click.option("--criterion", type=click.Choice(["aic", "bic"]), default="aic", show_default=True,
                  help="How the log-linear model is chosen.")
    @click.option("--plot", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the posterior and the chains' traces as SVG (lcmcr).")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON: the total (or only stratum) and strata.")
    def estimate(table: str | None, clusters: Path | None, method: str, strata: str | None, seed: int,
                 chains: int, samples: int, burnin: int, thinning: int, classes: int, criterion: str,
                 plot: Path | None, as_json: bool) -> None:
        """Estimate how many people there were, counted or not, from the overlap of lists.

        \b
        Example:
            rightsdesk estimate --table kosovo-1999 --json
            rightsdesk estimate --clusters clusters.csv --method loglinear
        """
        from tqdm import tqdm

        from rightsdesk.errors import UsageError
        from rightsdesk.stats import capture, mse
        from rightsdesk.stats.lcmcr import LcmcrOptions

        if (table is None) == (clusters is None):
            raise UsageError("give --table or --clusters, not both" if table is not None else
                             "give --table T.csv (or kosovo-1999) or --clusters FILE")
        tables = (capture.read_table(_table_path(table), strata=strata) if table is not None
                  else capture.read_clusters(clusters, strata=strata))  # type: ignore[arg-type]
        options = LcmcrOptions(classes=classes, burnin=burnin, samples=samples, thinning=thinning, chains=chains,
                               seed=seed)
        units = len(tables) * chains if method == "lcmcr" else None
        with tqdm(total=units, desc="sampling chains", unit="chain", disable=None, leave=False) as bar:
            found = mse.estimate(tables, method, options=options, criterion=criterion, done=bar.update)
        if plot is not None:
            if method != "lcmcr":
                raise UsageError("--plot draws the posterior of the latent-class model (--method lcmcr)")
            from rightsdesk.stats.plot import posterior_svg
            plot.write_text(posterior_svg(found[0], title=found[0].stratum), encoding="utf-8")
        head, *parts = [e.as_json() for e in found]
        if as_json:
            emit({**head, "strata": parts} if parts else head, as_json=True)
        else:
            _print([head, *parts])
