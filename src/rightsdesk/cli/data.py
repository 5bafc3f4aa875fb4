"""Commands over the spine: build and ingest the data, then ask what the UN system has said and done."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rightsdesk.cli.common import CONTEXT, emit, get_store, output_options, print_table, public_reading
from rightsdesk.model.vocab import SanctionsList, UprResponse

if TYPE_CHECKING:
    from rightsdesk.pipeline import DatasetStep


F = TypeVar("F", bound=Callable[..., Any])
RECOMMENDATION_COLUMNS = ["to", "from", "text", "response", "cycle", "session", "issues", "action_category", "id",
                          "paragraph", "report_symbol", "citation"]
DESIGNATION_COLUMNS = ["list", "reference_number", "kind", "name", "name_original_script", "regimes", "nationalities",
                       "listed_on", "aliases", "birth_dates", "documents"]


def one_designation(func: F) -> F:
    """The REFERENCE argument, --list and --json of the commands that show one designation."""
    func = click.pass_context(func)  # type: ignore[assignment]
    func = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)
    func = click.option("--list", "list_name", type=click.Choice(SanctionsList.names()),
                        help="The list, if the number is ambiguous.")(func)
    return click.argument("reference")(func)


ALLOW_SHRINK = click.option(
    "--allow-shrink", is_flag=True,
    help="Load even when the load would remove more than a small share of what the dataset holds (refused "
         "otherwise: a file cut short or damaged looks like that).")


@click.command(context_settings=CONTEXT)
@ALLOW_SHRINK
@click.pass_context
def build(ctx: click.Context, allow_shrink: bool) -> None:
    """Create or migrate the database and load all bundled data, with a progress bar.

    Loading is all-or-nothing per file and idempotent: files loaded before are recognised by their sha256
    and left alone, so running build twice changes nothing.

    \b
    Example:
        rightsdesk build
        rightsdesk --db postgresql://localhost/rightsdesk build
    """
    from tqdm import tqdm

    from rightsdesk.pipeline import build as build_store

    store = get_store(ctx, write=True)
    click.echo(f"database: {store.display_url}")
    bars: dict[str, tqdm[Any]] = {}

    def progress(kind: str, n: int) -> None:
        if kind not in bars:
            bars[kind] = tqdm(desc=f"{kind:<11}", unit=" records", unit_scale=True, leave=False, file=sys.stderr,
                              disable=None)
        bars[kind].update(n)

    def on_step(step: DatasetStep) -> None:
        if (bar := bars.pop(step.kind, None)) is not None:
            bar.close()
        click.echo(_dataset_line(step))

    try:
        report = build_store(store, allow_shrink=allow_shrink, progress=progress, on_step=on_step)
    finally:
        for bar in bars.values():
            bar.close()
    if (links := report.links) is not None:
        click.echo(f"{'links':<11} proposed {links.new} new UN-SDN links for review ({links.refreshed} kept) "
                   f"in {links.seconds:.1f} s")
    if indexed := report.reindex.index:
        what = "built" if indexed.rebuilt else (f"updated: {len(indexed.indexed)} sources reindexed, "
                                                f"{len(indexed.removed)} removed")
        click.echo(f"{'search':<11} full-text index {what} in {report.reindex.index_seconds:.1f} s")
    if embedded := report.reindex.vectors:
        click.echo(f"{'search':<11} vectors: {embedded.embedded:,} recommendations embedded, {embedded.removed:,} "
                   f"removed in {embedded.seconds:.1f} s ({embedded.model})")
    click.echo(f"build finished in {report.seconds:.1f} s")


def _dataset_line(step: DatasetStep) -> str:
    """The line `build` prints for one dataset (and, under it, what changed by kind)."""
    from rightsdesk.pipeline.build import Outcome

    kind = step.kind
    if step.outcome is Outcome.KEPT_INGESTED:
        return (f"{kind:<11} kept the list loaded from {step.kept_from} (`ingest` it again to re-read it "
                "with this version)")
    if step.outcome is Outcome.KEPT_NEWER:
        return f"{kind:<11} kept the newer list already loaded; the bundled {step.path.name} is older"
    report = step.load
    assert report is not None  # LOADED
    counts = ", ".join(f"{n:,} {label.replace('_', ' ')}" for label, n in report.counts.items())
    state = f"loaded {counts or 'no new rows'}" if report.changed else "unchanged (already loaded)"
    return "\n".join([f"{kind:<11} {state} in {report.seconds:.1f} s",
                      *(f"{'':<11} {c}" for c in (*report.changes, *report.notes))])


class IngestorChoice(click.Choice[str]):
    """The ingestor kinds, read from `ingest.INGESTORS` when first asked for: importing the ingestors (their
    parsers, rapidfuzz) at start-up cost every command, `rightsdesk --help` included."""

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        from rightsdesk.ingest import INGESTORS

        return list(INGESTORS)

    @choices.setter
    def choices(self, value: object) -> None:
        pass  # click.Choice.__init__ sets them; they come from the ingestors


@click.command(context_settings=CONTEXT)
@click.argument("kind", type=IngestorChoice())
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--allow-older", is_flag=True, help="Load a sanctions list dated before the one loaded (it replaces it).")
@ALLOW_SHRINK
@click.pass_context
def ingest(ctx: click.Context, kind: str, path: Path, allow_older: bool, allow_shrink: bool) -> None:
    """Load one source file (or folder) with the ingestor KIND, all or nothing.

    \b
    KIND        PATH
    upr-info    a UPR Info CSV export (.csv or .csv.gz)
    unvotes     a folder with un_roll_calls, un_roll_call_issues and un_votes CSVs
    un-sc-list  the Security Council consolidated list XML (.xml or .xml.gz)
    ofac-sdn    a folder with the SDN legacy files sdn.csv, add.csv, alt.csv (and sdn_comments.csv)
    upr-report  the text of a UPR Working Group report (A/HRC/27/10), extracted from its PDF

    \b
    Example:
        rightsdesk ingest un-sc-list consolidated.xml
    """
    from rightsdesk.pipeline import load_file
    from rightsdesk.store.writer import WRITE_WAIT_S

    done = load_file(get_store(ctx, write=True), kind, path, allow_older=allow_older, allow_shrink=allow_shrink,
                     waiting=lambda: click.echo(f"{kind}: another load is writing to the database; waiting for it "
                                                f"(up to {WRITE_WAIT_S} s)", err=True))
    report, links = done.load, done.links
    if report.changed:
        counts = ", ".join(f"{n:,} {label.replace('_', ' ')}" for label, n in report.counts.items())
        click.echo(f"{kind}: loaded {counts or 'no new rows'} from {path} in {report.seconds:.1f} s")
        for change in report.changes:
            click.echo(f"  {change}")
        for note in report.notes:
            click.echo(f"  {note}")
    else:
        click.echo(f"{kind}: {path} was loaded before; nothing changed")
    if links is not None and done.repaired:
        click.echo(f"links: computed from an earlier list (a load stopped before refreshing them); refreshed: "
                   f"{links.new} new proposals, {links.dropped} dropped; decisions kept")
    elif links is not None:
        click.echo(f"links: {links.new} new proposals, {links.dropped} dropped; decisions kept")


@click.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of what the database holds.

    \b
    Example:
        rightsdesk stats --json
    """
    from rightsdesk.store.readers.sources import stats as counts

    with public_reading(ctx) as session:
        data = counts(session).to_dict()

    def table(d: dict[str, int | dict[str, int]]) -> None:
        for key, value in d.items():
            if isinstance(value, dict):
                for sub, n in value.items():
                    click.echo(f"{key}.{sub:<22} {n:>10,}")
            else:
                click.echo(f"{key:<33} {value:>10,}")

    emit(data, as_json=as_json, table=table)


@click.command(context_settings=CONTEXT)
@click.option("--to", "to", metavar="ISO3", help="State under review.")
@click.option("--from", "from_", metavar="ISO3", help="Recommending state.")
@click.option("--cycle", type=int, help="UPR cycle (1, 2, ...).")
@click.option("--session", type=int, help="UPR Working Group session.")
@click.option("--response", type=click.Choice([r.value for r in UprResponse]), help="The state's response.")
@click.option("--issue", metavar="TEXT", help="An issue label, e.g. 'Torture and other CID treatment'.")
@output_options
@click.pass_context
def recommendations(ctx: click.Context, to: str | None, from_: str | None, cycle: int | None, session: int | None,
                    response: str | None, issue: str | None, as_json: bool, as_csv: bool) -> None:
    """UPR recommendations, filtered by state under review, recommending state, cycle, session, response, issue.

    --json and --csv give each its id, the Working Group report's symbol, the paragraph where known and a
    citation line to paste, as the workbench does.

    \b
    Example:
        rightsdesk recommendations --to PRK --cycle 2 --response supported
        rightsdesk recommendations --from KOR --issue "Death penalty" --csv
    """
    from rightsdesk.mechanisms.upr_reviews import citation, working_group_report
    from rightsdesk.model.countries import country
    from rightsdesk.store.readers.recommendations import recommendations as read

    to = country(to).iso3 if to else None
    from_ = country(from_).iso3 if from_ else None
    with public_reading(ctx) as reading:
        rows = read(reading, to=to, from_=from_, cycle=cycle, session_no=session, response=response, issue=issue)
    public = []
    for r in rows:  # citable as on the workbench: the Working Group report loaded, else the one entered for the review
        report = r.report_symbol or working_group_report(r.to_state, r.session)
        row: dict[str, Any] = {k: r.to_dict()[k] for k in RECOMMENDATION_COLUMNS[:-2]}
        row["report_symbol"] = report
        row["citation"] = citation(to=r.to_state, from_=r.from_state, from_original=r.from_original, cycle=r.cycle,
                                   session=r.session, paragraph=r.paragraph, report=report, response=r.response)
        public.append(row)
    emit(public, as_json=as_json, as_csv=as_csv, columns=RECOMMENDATION_COLUMNS,
         table=lambda d: print_table(d, ["to", "from", "session", "response", "text"], [4, 5, 8, 10, 80]))


@click.command(context_settings=CONTEXT)
@click.argument("symbol")
@output_options
@click.pass_context
def votes(ctx: click.Context, symbol: str, as_json: bool, as_csv: bool) -> None:
    """The General Assembly's recorded vote on the resolution SYMBOL: totals, each state's vote, and the members
    absent (a member that day, by its votes before and after, that cast none), as the workbench shows them.

    \b
    Example:
        rightsdesk votes A/RES/69/188
        rightsdesk votes R/69/188 --json
    """
    from rightsdesk.datafiles import situation_state
    from rightsdesk.errors import NotFoundError
    from rightsdesk.situation.resolution_list import find_resolution
    from rightsdesk.store.readers.votes import absent_from, roll_call

    with public_reading(ctx) as session:
        try:
            call = roll_call(session, symbol)
        except NotFoundError as e:
            adopted = find_resolution(symbol)
            if adopted is not None and adopted.without_vote:
                raise NotFoundError(f"{adopted.symbol} was adopted without a vote ({adopted.date.iso()}): no state's "
                                    f"vote is recorded; `rightsdesk resolutions {situation_state()}` lists how each "
                                    "was adopted") from e
            raise
        absent = absent_from(session, call.rcid, call.date)
    data: dict[str, Any] = {k: call.to_dict()[k] for k in ("symbol", "date", "title", "yes", "no", "abstain")}
    data["votes"] = [{"country": v.country, "vote": v.vote} for v in call.votes]
    data["absent"] = absent

    def table(d: dict[str, Any]) -> None:
        click.echo(f"{d['symbol']} ({d['date']}): {d['title']}")
        click.echo(f"yes {d['yes']}, no {d['no']}, abstain {d['abstain']}, absent {len(d['absent'])}")
        for vote in ("yes", "no", "abstain"):
            click.echo(f"{vote:>7}: " + " ".join(v["country"] for v in d["votes"] if v["vote"] == vote))
        click.echo(f"{'absent':>7}: " + " ".join(d["absent"]))

    if as_csv:
        emit([*data["votes"], *({"country": c, "vote": "absent"} for c in data["absent"])], as_csv=True,
             columns=["country", "vote"])
    else:
        emit(data, as_json=as_json, table=table)


@click.command(context_settings=CONTEXT)
@click.option("--regime", metavar="NAME", help="UN regime (DPRK, Al-Qaida, ...) or SDN program (DPRK2, ...).")
@click.option("--country", metavar="ISO3", help="Nationality or address country.")
@click.option("--list", "list_name", type=click.Choice(SanctionsList.names()), help="Only this list.")
@output_options
@click.pass_context
def designations(ctx: click.Context, regime: str | None, country: str | None, list_name: str | None, as_json: bool,
                 as_csv: bool) -> None:
    """Sanctions designations on the loaded lists, by regime, country and list.

    --json and --csv add each one's aliases, dates of birth and documents (each joined by " | "), as the
    workbench's export does.

    \b
    Example:
        rightsdesk designations --regime DPRK --list un
        rightsdesk designations --country PRK --json
    """
    from rightsdesk.model.countries import country as lookup
    from rightsdesk.store.readers.designations import designations as read
    from rightsdesk.store.readers.designations import export_details

    iso3 = lookup(country).iso3 if country else None
    with public_reading(ctx) as session:
        found = read(session, regime=regime, country=iso3, list_name=list_name)
        details = export_details(session, found) if as_json or as_csv else [{} for _ in found]
    rows: list[dict[str, Any]] = [{**d.to_dict(), **extra} for d, extra in zip(found, details, strict=True)]
    emit(rows, as_json=as_json, as_csv=as_csv, columns=DESIGNATION_COLUMNS,
         table=lambda d: print_table(d, ["list", "reference_number", "kind", "listed_on", "name"],
                                     [8, 16, 10, 10, 60]))


@click.command(context_settings=CONTEXT)
@one_designation
def designation(ctx: click.Context, reference: str, list_name: str | None, as_json: bool) -> None:
    """Everything a list holds on one designation: names, aliases, dates, documents, addresses, narrative.

    \b
    Example:
        rightsdesk designation KPi.043
    """
    from rightsdesk.store.readers.designations import designation as read

    with public_reading(ctx) as session:
        data = read(session, reference, list_name).to_dict()

    def table(d: dict[str, Any]) -> None:
        click.echo(f"{d['reference_number']} ({d['list_name']}, {d['kind']}): {d['name']}")
        click.echo(f"regimes: {', '.join(d['regimes'])}; listed on {d['listed_on'] or 'a date the list does not give'}")
        for n in d["names"]:
            click.echo(f"  name [{n['kind']}{', ' + n['quality'] if n['quality'] else ''}]: {n['name']}")
        for b in d["birth_dates"]:
            click.echo(f"  born: {b['date'] or ''} {b['kind']} {b['note']}".rstrip())
        for x in d["documents"]:
            click.echo(f"  document: {x['kind']} {x['number']} {x['country'] or ''} {x['note']}".rstrip())
        for r in d["relations"]:
            click.echo(f"  linked to: {r['target_ref'] or '?'} {r['name']}" + (f" ({r['note']})" if r["note"] else ""))
        click.echo(f"narrative: {d['narrative']}")

    emit(data, as_json=as_json, table=table)


@click.command(context_settings=CONTEXT)
@one_designation
def profile(ctx: click.Context, reference: str, list_name: str | None, as_json: bool) -> None:
    """A designated person's or entity's profile: the listing, the resolution that listed it, its institutions
    (or, for an institution, its designated members), the entries it is linked to and from on its own list,
    its entries on the other list, and timeline events.

    \b
    Example:
        rightsdesk profile KPi.043
        rightsdesk profile KPe.052 --json
    """
    from rightsdesk.situation.profiles import profile as build_profile

    with public_reading(ctx) as session:
        data = build_profile(session, reference, list_name).to_dict()

    def table(p: dict[str, Any]) -> None:
        d = p["designation"]
        click.echo(f"{d['reference_number']} ({d['list_name']}, {d['kind']}): {d['name']}")
        click.echo(f"office: {d['function'] or d['title'] or 'not given'}")
        if d["list_name"] == "un":
            click.echo(f"listed on {d['listed_on'] or 'a date the list does not give'} by "
                       f"{p['listing_resolution'] or 'a decision rightsdesk cannot name from the listing date'}")
        else:
            click.echo(f"listed under {', '.join(d['regimes'])}" + (f" on {d['listed_on']}" if d["listed_on"] else
                                                                    " (the SDN list gives no listing date)"))
        for i in p["institutions"]:
            click.echo(f"institution: {i['reference_number']} {i['name']}")
        for m in p["members"]:
            click.echo(f"member: {m['reference_number']} {m['name']}")
        for r in p["network"]["linked_to"]:
            click.echo(f"linked to: {r['reference_number'] or '?'} {r['name']}" + (f" ({r['note']})" if r["note"] else ""))
        for r in p["network"]["linked_from"]:
            click.echo(f"linked from: {r['reference_number']} {r['name']}")
        for link in p["cross_list_links"]:
            other = link["right_ref"] if link["left_ref"] == d["reference_number"] else link["left_ref"]
            click.echo(f"same as: {other} ({link['status']}, score {link['score']})")
        for e in p["timeline"]:
            click.echo(f"{e['date']}  {e['summary']} [{e['citation']}]")

    emit(data, as_json=as_json, table=table)


@click.command(context_settings=CONTEXT)
@click.argument("iso3", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def overview(ctx: click.Context, iso3: str | None, as_json: bool) -> None:
    """What the database holds about a state (by default the situation pack's: PRK): UPR recommendations,
    recorded votes, resolutions, designations.

    \b
    Example:
        rightsdesk overview PRK
    """
    from rightsdesk.model.countries import country
    from rightsdesk.situation.overview import holdings
    from rightsdesk.situation.records import situation_state

    with public_reading(ctx) as session:
        data = holdings(session, country(iso3 or situation_state()).iso3).to_dict()

    def table(d: dict[str, Any]) -> None:
        received = d["upr_recommendations_received"]
        click.echo(f"{d['name']} ({d['country']})")
        click.echo(f"UPR recommendations received: {received['total']:,}")
        for cyc, by in sorted(received["by_cycle"].items()):
            click.echo(f"  cycle {cyc}: " + ", ".join(f"{n} {r}" for r, n in sorted(by.items())))
        click.echo(f"UPR recommendations made to other states: {d['upr_recommendations_made']:,}")
        v = d["votes_cast"]
        click.echo(f"General Assembly recorded votes cast: {v['yes']:,} yes, {v['no']:,} no, {v['abstain']:,} abstain")
        click.echo(f"General Assembly roll calls naming it: {d['roll_calls_naming_state']:,}")
        click.echo(f"General Assembly recorded votes on resolutions on the situation in {d['name']} (every "
                   f"resolution, CHR and HRC too, with or without a vote: `rightsdesk resolutions {d['country']}`):")
        for r in d["resolutions_on_the_state"]:
            click.echo(f"  {r['symbol']:<14} {r['date']}  {r['yes']}-{r['no']}-{r['abstain']}")
        click.echo("Sanctions designations tied to it: "
                   + (", ".join(f"{n} on {lst}" for lst, n in d["designations"].items()) or "none")
                   + f" (counted as: {d['designations_tied_by']['rule']})")

    emit(data, as_json=as_json, table=table)


def register(group: click.Group) -> None:
    """Add the spine's commands to `group`."""
    for command in (build, ingest, stats, recommendations, votes, designations, designation, profile, overview):
        group.add_command(command)
