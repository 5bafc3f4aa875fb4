"""CLI commands over the machinery and the situation: mechanisms, council, hrc, council-vote, treaty-bodies,
timeline, calendar, resolutions, coi, situation. Thin glue: each calls one library function and prints.

`register(group)` adds them to the root group. Errors are raised as RightsdeskError and turned into exit
code 2 by the root group, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rightsdesk.cli.common import CONTEXT, emit, get_store, output_options
from rightsdesk.errors import InputError, StoreError
from rightsdesk.export import json_text

if TYPE_CHECKING:
    from rightsdesk.mechanisms.rules import CouncilVoteKind


def _emit(data: Any, as_json: bool, lines: Callable[[Any], list[str]], *, as_csv: bool = False,
          rows: Callable[[Any], list[dict[str, Any]]] | None = None) -> None:
    if as_json:
        click.echo(json_text(data))
    elif as_csv:
        emit(rows(data) if rows else data, as_csv=True)
    else:
        for line in lines(data):
            click.echo(line)


def _iso3(code: str) -> str:
    from rightsdesk.model.countries import country

    return country(code).iso3


def _state(code: str) -> str:
    """An existing state's code: a former state (SUN, YUG) is refused with its successor named."""
    from rightsdesk.model.countries import existing_state

    return existing_state(code).iso3


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.command("mechanisms", context_settings=CONTEXT)
@output_options
def mechanisms_cmd(as_json: bool, as_csv: bool) -> None:
    """List the UN mechanisms rightsdesk models, with parent, founding instrument and periodicity.

    \b
    Example:
        rightsdesk mechanisms
        rightsdesk mechanisms --json
    """
    from rightsdesk.mechanisms.registry import describe, mechanisms

    data = [describe(code) for code in mechanisms()]
    _emit(data, as_json, lambda d: [f"{m['code']:<12} {m['name']} ({m['founding_instrument'] or 'n/a'})"
                                    for m in d], as_csv=as_csv)


@click.command("council", context_settings=CONTEXT)
@click.option("--year", type=int, required=True, help="Calendar year (1946-2027): 2006 on from the hand-entered "
              "terms with their elections, earlier years from the UN DPPA's membership data.")
@output_options
def council_cmd(year: int, as_json: bool, as_csv: bool) -> None:
    """The fifteen members of the Security Council in a year, permanent and elected.

    \b
    Example:
        rightsdesk council --year 2024 --json
    """
    from rightsdesk.situation.council import council_view

    _emit(council_view(year), as_json, _council_lines, as_csv=as_csv, rows=lambda d: d["members"])


def _council_lines(d: dict[str, Any]) -> list[str]:
    lines = [f"{s['country']}  {'permanent' if s['permanent'] else 'elected ' + s['from'][:4] + '-' + s['until'][:4]}"
             f"{'' if s['checked'] else ' *'}{'  (' + s['note'] + ')' if s['note'] else ''}" for s in d["members"]]
    if any(not s["checked"] for s in d["members"]):
        lines.append("* entered from the published election results; not yet checked against the GA record")
    sources = sorted({s["source"] for s in d["members"] if s["checked"] and s["source"]})
    lines += [f"checked against: {src}" for src in sources]
    for v in d["recorded_votes"]:
        lines.append(f"{v['date']} {v['meeting'] or '(meeting record not entered)'}: {v['question']}: "
                     f"{v['yes']}-{v['no']}-{v['abstain']}, {'adopted' if v['adopted'] else 'not adopted'}"
                     + (f", vetoed by {', '.join(v['vetoed_by'])}" if v["vetoed_by"] else ""))
    return lines


@click.command("hrc", context_settings=CONTEXT)
@click.option("--year", type=int, help="Calendar year (2006 on): every state that sat at any time in it.")
@click.option("--on", "on", metavar="DATE", help="One day, YYYY-MM-DD: the members sitting that day (47 unless a "
              "seat was vacant).")
@output_options
def hrc_cmd(year: int | None, on: str | None, as_json: bool, as_csv: bool) -> None:
    """The members of the Human Rights Council in a year or on a day, with their terms and mid-term changes.

    Until 2012 the membership year ran from 19 June, so a year then lists the outgoing and the incoming
    third; give --on for the 47 members of one day.

    \b
    Example:
        rightsdesk hrc --year 2024
        rightsdesk hrc --on 2011-06-01 --json
    """
    from rightsdesk.situation.council import hrc_view

    if (year is None) == (on is None):
        raise InputError("give one of --year YYYY or --on YYYY-MM-DD")
    _emit(hrc_view(year, on), as_json, _hrc_lines, as_csv=as_csv, rows=lambda d: d["members"])


def _hrc_lines(d: dict[str, Any]) -> list[str]:
    lines = [f"{s['country']}  {s['from']} to {s['until']}{'' if s['checked'] else ' *'}"
             f"{'  (' + s['note'] + ')' if s['note'] else ''}" for s in d["members"]]
    if d["unknown_seats"]:
        lines.append(f"{d['unknown_seats']} seats unknown (not entered)")
    if d.get("vacant_seats"):
        lines.append(f"{d['vacant_seats']} seat vacant that day")
    if any(not s["checked"] for s in d["members"]):
        lines.append("* entered from the published election results; not yet checked against the GA record")
    sources = sorted({s["source"] for s in d["members"] if s["checked"] and s["source"]})
    lines += [f"checked against: {src}" for src in sources]
    return lines


@click.command("council-vote", context_settings=CONTEXT)
@click.option("--year", type=int, required=True, help="The Council of this year votes.")
@click.option("--kind", type=click.Choice(["procedural", "substantive"]), required=True)
@click.option("--yes", "yes", multiple=True, metavar="ISO3", help="A member voting yes (repeatable).")
@click.option("--no", "no", multiple=True, metavar="ISO3", help="A member voting no (repeatable).")
@click.option("--abstain", multiple=True, metavar="ISO3", help="A member abstaining (repeatable).")
@click.option("--predict", is_flag=True, help="Predict unnamed members from their past GA votes on the DPRK.")
@json_option
def council_vote_cmd(year: int, kind: str, yes: Sequence[str], no: Sequence[str], abstain: Sequence[str],
                     predict: bool, as_json: bool) -> None:
    """What-if: would a Security Council draft pass? Members not named are absent unless --predict.

    \b
    Example:
        rightsdesk council-vote --year 2024 --kind substantive --no CHN --predict
        rightsdesk council-vote --year 2014 --kind procedural --yes USA --yes FRA --no CHN --json
    """
    from rightsdesk.situation.council import what_if

    vote_kind: CouncilVoteKind = "procedural" if kind == "procedural" else "substantive"
    outcome = what_if(year, vote_kind, [_state(c) for c in yes], [_state(c) for c in no],
                      [_state(c) for c in abstain], predict=predict)
    _emit(outcome.as_dict(), as_json, lambda d: [d["reasoning"]])


@click.command("treaty-bodies", context_settings=CONTEXT)
@click.argument("iso3")
@output_options
def treaty_bodies_cmd(iso3: str, as_json: bool, as_csv: bool) -> None:
    """The treaty bodies that review a state, from its ratifications (with dates and citations).

    \b
    Example:
        rightsdesk treaty-bodies PRK --json
    """
    from rightsdesk.situation.treaty_reviews import treaty_reviews

    data = treaty_reviews(iso3)
    _emit(data, as_json, lambda d: [f"{b['code']:<6} {b['treaty']:<7} {b['ratified'] or 'date unknown'}"
                                    for b in d], as_csv=as_csv)


@click.command("timeline", context_settings=CONTEXT)
@click.argument("iso3")
@click.option("--since", metavar="DATE", help="Only events on or after YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--mechanism", metavar="NAME", help="Only one mechanism (a code from `rightsdesk mechanisms`).")
@click.option("--actor", "actor", multiple=True, metavar="NAME", help="Only events naming this actor: a state or a "
              "person or body (repeatable: any of them).")
@output_options
def timeline_cmd(iso3: str, since: str | None, mechanism: str | None, actor: tuple[str, ...], as_json: bool,
                 as_csv: bool) -> None:
    """The cited timeline of the situation (for PRK) or of a state's part in it.

    \b
    Example:
        rightsdesk timeline PRK --since 2014 --mechanism SC
        rightsdesk timeline PRK --actor CHN --actor RUS
        rightsdesk timeline PRK --json
    """
    from rightsdesk.model.dates import PartialDate
    from rightsdesk.situation.timeline import timeline

    events = timeline(iso3, since=PartialDate.parse(since) if since else None, mechanism=mechanism,
                      actor=actor or None)
    _emit([e.as_dict() for e in events], as_json,
          lambda d: [f"{e['date']:<10} {e['mechanism']:<12} {e['summary']} [{e['citation']}]" for e in d], as_csv=as_csv)


@click.command("calendar", context_settings=CONTEXT)
@click.argument("iso3")
@output_options
def calendar_cmd(iso3: str, as_json: bool, as_csv: bool) -> None:
    """A state's next expected dates (UPR, Special Rapporteur reports, renewal, treaty bodies). Expected, not
    announced.

    \b
    Example:
        rightsdesk calendar PRK --json
    """
    from rightsdesk.situation.calendar import calendar

    entries = [e.as_dict() for e in calendar(iso3)]
    _emit(entries, as_json, lambda d: [f"{e['expected'] or 'unknown':<17} {_entry_kind(e):<36} {e['status']}"
                                       for e in d], as_csv=as_csv)


def _entry_kind(e: dict[str, Any]) -> str:
    return f"{e['kind']} ({e['mechanism']})" if e["kind"] == "treaty-body-report" else e["kind"]


@click.command("resolutions", context_settings=CONTEXT)
@click.argument("iso3")
@output_options
def resolutions_cmd(iso3: str, as_json: bool, as_csv: bool) -> None:
    """The CHR, HRC and GA resolutions on the situation in a state (held for PRK).

    \b
    Example:
        rightsdesk resolutions PRK --json
    """
    from rightsdesk.situation.records import resolutions, situation_called, situation_state

    if _iso3(iso3) != situation_state():
        raise InputError(f"resolutions are entered for {situation_called()} ({situation_state()}) only, not "
                         f"{_iso3(iso3)}")
    data = [r.as_dict() for r in resolutions()]
    _emit(data, as_json, lambda d: [_resolution_line(r) for r in d], as_csv=as_csv)


def _resolution_line(r: dict[str, Any]) -> str:
    totals = "" if r["yes"] is None else f" {r['yes']}-{r['no']}-{r['abstain']}"
    note = f"  ({r['note']})" if r["note"] else ""
    return (f"{r['date']:<10} {r['body']:<4} {r['symbol'] or '(symbol unknown)':<20} {r['adopted'] or 'unknown'}"
            f"{totals}{note}")


@click.command("coi", context_settings=CONTEXT)
@output_options
def coi_cmd(as_json: bool, as_csv: bool) -> None:
    """The Commission of Inquiry's main recommendations, their status and the evidence.

    \b
    Example:
        rightsdesk coi --json
    """
    from rightsdesk.situation.records import coi_recommendations

    data = [r.as_dict() for r in coi_recommendations()]
    _emit(data, as_json, lambda d: [f"{r['addressee']:<6} {r['status']:<16} {r['summary']}" for r in d], as_csv=as_csv)


class _SituationGroup(click.Group):
    """`situation ISO3` shows a state's overview (the `show` subcommand); `situation validate DIR` checks a pack."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("situation", cls=_SituationGroup, context_settings=CONTEXT)
def situation_group() -> None:
    """A state's situation: its overview (`situation ISO3`), or a check of a situation pack (`situation validate`).

    \b
    Example:
        rightsdesk situation PRK
        rightsdesk situation validate my-pack/
    """


@situation_group.command("show", context_settings=CONTEXT)
@click.argument("iso3")
@json_option
@click.pass_context
def situation_cmd(ctx: click.Context, iso3: str, as_json: bool) -> None:
    """An overview of a state: mechanisms engaged, seats, latest outputs, counts from the store, next dates.

    \b
    Example:
        rightsdesk situation PRK
        rightsdesk situation KOR --json
    """
    from rightsdesk.access import ANONYMOUS
    from rightsdesk.situation.overview import situation

    try:
        store = get_store(ctx, loaded=True)
    except StoreError as exc:  # the machinery answers without the store; the counts need it
        found = replace(situation(iso3), counts_note=f"no counts from the store: {exc}")
    else:
        with store.reading(ANONYMOUS) as session:
            found = situation(iso3, session)
    _emit(found.to_dict(), as_json, _situation_lines)


def _seat(value: bool | None, note: str | None = None) -> str:
    if value is None:
        return f"unknown ({note or 'no membership data'})"
    return "member" if value else "not a member"


def _situation_lines(d: dict[str, Any]) -> list[str]:
    lines = [f"{d['name']} ({d['country']})", "Mechanisms engaged: " + ", ".join(m["code"] for m in
                                                                             d["mechanisms_engaged"])]
    seats = d["seats"]
    lines += [f"Seats in {seats['year']}: Security Council: {_seat(seats['security_council'])}; "
              f"Human Rights Council: {_seat(seats['human_rights_council'], seats.get('human_rights_council_note'))}"]
    lines += ["Latest (newest first):"] + [f"  {e['date']} {e['summary']}" for e in d["latest_outputs"]]
    if "counts_note" in d:
        lines.append(d["counts_note"])
    if "counts" in d:
        counts = d["counts"]
        for cycle, by in sorted(counts["upr_recommendations_by_cycle"].items()):
            lines.append(f"UPR cycle {cycle}: " + ", ".join(f"{n} {r}" for r, n in sorted(by.items())))
        lines.append(f"General Assembly roll calls naming it: {counts['roll_calls_naming_state']}")
        lines.append("Designations tied to it: " + (", ".join(f"{n} on {lst}" for lst, n in
                                                              counts["designations"].items()) or "none"))
    lines += ["Next (expected):"] + [f"  {e['expected'] or 'unknown'} {_entry_kind(e)}" for e in d["next_dates"]]
    return lines


@situation_group.command("validate", context_settings=CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@json_option
def validate_cmd(directory: Path, as_json: bool) -> None:
    """Check a situation pack (timeline.yaml, resolutions.yaml, council_votes.yaml, coi_recommendations.yaml):
    every event dated and cited, every state code known, every symbol well formed. Exits 2 on any problem.

    \b
    Example:
        rightsdesk situation validate my-pack/
        rightsdesk situation validate src/rightsdesk/situation/data --json
    """
    from rightsdesk.situation.pack import validate_pack

    report = validate_pack(directory)
    if as_json:
        click.echo(json_text(report.as_dict()))
    else:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        counts = ", ".join(f"{n} in {name}" for name, n in report.entries.items())
        click.echo(f"{directory}: {'no problem' if report.ok else f'{len(report.problems)} problem(s)'} "
                   f"({counts})", err=not report.ok)
    if not report.ok:
        raise SystemExit(2)


COMMANDS = (mechanisms_cmd, council_cmd, hrc_cmd, council_vote_cmd, treaty_bodies_cmd, timeline_cmd, calendar_cmd,
            resolutions_cmd, coi_cmd, situation_group)


def register(group: click.Group) -> None:
    """Add the machinery commands to `group`."""
    for command in COMMANDS:
        group.add_command(command)
