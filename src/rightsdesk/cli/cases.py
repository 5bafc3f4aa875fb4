"""`rightsdesk cases`, `rightsdesk audit`, `rightsdesk backup` and `rightsdesk restore`: documented cases, acting
as a named account (`--user NAME`). Thin glue: each command calls one function of `pipeline/cases.py`,
`store/readers/cases.py`, `store/audit.py` or `store/backup.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from rightsdesk.cli.accounts import keyring, sign_in, user_option
from rightsdesk.cli.common import CONTEXT, emit, get_store, print_table
from rightsdesk.export import json_text

CONSENT_SCOPES = ("storage", "analysis", "sharing", "publication")
MECHANISMS = ("WGEID", "OHCHR-Seoul", "SR-DPRK", "WGAD")


@click.group("cases", context_settings=CONTEXT)
def cases_group() -> None:
    """Documented cases (events, acts, victims, perpetrators, sources, consent): identities encrypted, every read
    of an identity and every export audited.

    \b
    Example:
        rightsdesk cases synth 50 --out demo.csv
        rightsdesk cases import demo.csv --collection demo --user minji
        rightsdesk cases list --user minji
        rightsdesk cases show 3f2a91c0d4e5b6a7 --reveal --reason "family visit" --user minji
    """


def _write(text: str, out: str | None) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    path = Path(out)
    try:
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600)
    except OSError as exc:
        from rightsdesk.errors import InputError

        raise InputError(f"{out}: cannot write ({exc.strerror or exc})") from None


@cases_group.command("import", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--collection", required=True, help="The collection the cases go into.")
@user_option
@click.pass_context
def cases_import(ctx: click.Context, file: str, collection: str, user: str | None) -> None:
    """Import cases from a CSV (the columns `cases synth` writes): the whole file is checked first; a bad row is
    reported with its line and field, and nothing is loaded. Cases already stored (same reference) are skipped.

    \b
    Example:
        rightsdesk cases import interviews.csv --collection seoul-2025 --user minji
    """
    from rightsdesk.pipeline.cases import import_csv

    store, ring, principal = sign_in(ctx, user)
    result = import_csv(store, ring, principal, Path(file), collection)
    click.echo(f"{file}: {len(result.created)} cases imported into {collection}, {len(result.skipped)} already "
               "stored", err=True)


@cases_group.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many cases.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many cases first.")
@user_option
@click.pass_context
def cases_list(ctx: click.Context, as_json: bool, limit: int | None, offset: int, user: str | None) -> None:
    """The cases of your collections, pseudonymised: acts, first date, places, number of victims.

    \b
    Example:
        rightsdesk cases list --json --user jisoo
    """
    from rightsdesk.store.readers.cases import guarded, list_cases

    store, ring, principal = sign_in(ctx, user)
    with guarded(store, ring, principal, "cases list") as session:
        rows = list_cases(session, ring, limit=limit, offset=offset)
    emit(rows, as_json=as_json, table=lambda d: print_table(
        d, ["id", "collection", "first_date", "acts", "places", "victims"], [17, 16, 11, 50, 28, 7]))


@cases_group.command("show", context_settings=CONTEXT)
@click.argument("case_id")
@click.option("--reveal", is_flag=True, help="Show identities (view-identity; needs --reason, audited).")
@click.option("--reason", default="", help="Why identities are revealed (written to the audit log).")
@user_option
@click.pass_context
def cases_show(ctx: click.Context, case_id: str, reveal: bool, reason: str, user: str | None) -> None:
    """One case as JSON: pseudonymised, or with --reveal --reason in full.

    \b
    Example:
        rightsdesk cases show 3f2a91c0d4e5b6a7 --user jisoo
        rightsdesk cases show 3f2a91c0d4e5b6a7 --reveal --reason "preparing the WGEID file" --user minji
    """
    from rightsdesk.store.readers.cases import guarded, show_case

    store, ring, principal = sign_in(ctx, user)
    with guarded(store, ring, principal, "cases show", case_id[:40]) as session:
        data = show_case(session, ring, case_id, reveal_identity=reveal, reason=reason)
    emit(data, as_json=True)


@cases_group.command("search", context_settings=CONTEXT)
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_option
@click.pass_context
def cases_search(ctx: click.Context, name: str, as_json: bool, user: str | None) -> None:
    """Find the cases naming a person, in Hangul or any romanization (김영철, Kim Yong Chol, Gim Yeong-cheol), in the
    collections where you may see identities. The name searched for is not logged; the search is.

    \b
    Example:
        rightsdesk cases search "Kim Yong-chol" --user minji
    """
    from rightsdesk.store.readers.cases import guarded, search_names

    store, ring, principal = sign_in(ctx, user)
    with guarded(store, ring, principal, "cases search") as session:
        rows = search_names(session, ring, name)
    emit(rows, as_json=as_json, table=lambda d: print_table(
        d, ["id", "collection", "first_date", "acts", "places", "victims"], [17, 16, 11, 50, 28, 7]))


@cases_group.command("export", context_settings=CONTEXT)
@click.option("--full", is_flag=True, help="Include identities and free text (view-identity; needs --reason).")
@click.option("--reason", default="", help="Why a full export is made (written to the audit log).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "huridocs-json", "uwazi-csv"]), default="csv",
              show_default=True, help="csv: a row per victim; json: an object per case; huridocs-json: the HURIDOCS "
              "events formats; uwazi-csv: a row per case for Uwazi's CSV import.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file (mode 600) instead of stdout.")
@user_option
@click.pass_context
def cases_export(ctx: click.Context, full: bool, reason: str, fmt: str, out: str | None, user: str | None) -> None:
    """Export the cases you may export: redacted by default (stable pseudonyms, birth years, no free text); in
    full only with view-identity and a reason. Cases whose victims' consent to analysis is missing or withdrawn
    are left out. Audited.

    \b
    Example:
        rightsdesk cases export --format json --out cases.json --user jisoo
        rightsdesk cases export --full --reason "transfer to OHCHR Seoul" --out full.csv --user minji
        rightsdesk cases export --format uwazi-csv --out uwazi.csv --user jisoo
    """
    from rightsdesk.pipeline.cases import export_text

    store, ring, principal = sign_in(ctx, user)
    text, n, left_out = export_text(store, ring, principal, full=full, reason=reason, fmt=fmt)
    _write(text, out)
    click.echo(f"{n} cases exported{' in full' if full else ', redacted'}; {left_out} left out for want of consent "
               "to analysis", err=True)


@cases_group.command("submission", context_settings=CONTEXT)
@click.argument("case_id")
@click.option("--to", "mechanism", type=click.Choice(["WGEID"]), required=True, help="The mechanism.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the printable HTML here and the JSON beside it "
              "(FILE.json); without it, print the JSON.")
@user_option
@click.pass_context
def cases_submission(ctx: click.Context, case_id: str, mechanism: str, out: str | None, user: str | None) -> None:
    """Generate the WGEID individual-case submission of an enforced disappearance (identity, date and place,
    forces believed responsible, steps taken by the family, consent). Refused, with the reason, when consent to
    share with the WGEID is missing or withdrawn. Recorded as an intervention and in the audit log.

    \b
    Example:
        rightsdesk cases submission 3f2a91c0d4e5b6a7 --to WGEID --out wgeid.html --user minji
    """
    from rightsdesk.cases.vocab import Mechanism
    from rightsdesk.pipeline.cases import submit

    store, ring, principal = sign_in(ctx, user)
    done = submit(store, ring, principal, case_id, Mechanism(mechanism))
    text = json_text(done.documents)
    if out:
        _write(done.html, out)
        _write(text + "\n", str(Path(out).with_suffix(".json")))
    else:
        click.echo(text)
    if done.missing:
        click.echo(f"warning: the WGEID also asks for: {'; '.join(done.missing)}", err=True)
    click.echo(f"submission recorded as intervention {done.intervention_id}", err=True)


@cases_group.command("consent", context_settings=CONTEXT)
@click.argument("case_id")
@click.option("--withdraw", "scope", type=click.Choice(CONSENT_SCOPES), required=True,
              help="The consent withdrawn (today).")
@click.option("--mechanism", type=click.Choice(MECHANISMS), default=None, help="For sharing: with which mechanism.")
@click.option("--person", default=None, metavar="PSEUDONYM", help="The person (default: the case's victims).")
@user_option
@click.pass_context
def cases_consent(ctx: click.Context, case_id: str, scope: str, mechanism: str | None, person: str | None,
                  user: str | None) -> None:
    """Record the withdrawal of a consent (edit-case); every later export, share and submission respects it.

    \b
    Example:
        rightsdesk cases consent 3f2a91c0d4e5b6a7 --withdraw sharing --mechanism WGEID --user minji
    """
    from rightsdesk.cases.vocab import ConsentScope, Mechanism
    from rightsdesk.pipeline.cases import withdraw

    store, ring, principal = sign_in(ctx, user)
    done = withdraw(store, ring, principal, case_id, ConsentScope(scope), Mechanism(mechanism) if mechanism else None,
                    pseudonym=person)
    click.echo(f"{done} consent(s) withdrawn", err=True)


@cases_group.command("note", context_settings=CONTEXT)
@click.argument("case_id")
@click.option("--on", "target", required=True, help="The field the note clarifies, e.g. event.start.")
@click.option("--text", required=True, help="The clarification (stored encrypted).")
@user_option
@click.pass_context
def cases_note(ctx: click.Context, case_id: str, target: str, text: str, user: str | None) -> None:
    """Add a clarification note on one field of a case (edit-case).

    \b
    Example:
        rightsdesk cases note 3f2a91c0d4e5b6a7 --on event.start --text "the sister recalls spring 2014" --user minji
    """
    from rightsdesk.pipeline.cases import add_note

    store, ring, principal = sign_in(ctx, user)
    click.echo(f"note {add_note(store, ring, principal, case_id, target, text)} added", err=True)


@cases_group.command("attach", context_settings=CONTEXT)
@click.argument("case_id")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--source", type=click.IntRange(1), default=None, metavar="N",
              help="Attach to the case's N-th information source (from 1); without it, to the case.")
@user_option
@click.pass_context
def cases_attach(ctx: click.Context, case_id: str, file: str, source: int | None, user: str | None) -> None:
    """Attach an evidence file to a case (edit-case): its sha256 is taken on intake and printed, the file is
    stored encrypted (at most 25 MiB), and the intake goes into the audit log with the sha256.

    \b
    Example:
        rightsdesk cases attach 3f2a91c0d4e5b6a7 interview-2025-03.m4a --source 1 --user minji
    """
    from rightsdesk.pipeline.case_evidence import attach

    store, ring, principal = sign_in(ctx, user)
    item, added = attach(store, ring, principal, case_id, Path(file), source=source)
    click.echo(f"{item.id} sha256 {item.sha256} {item.size} bytes")
    click.echo(f"{file}: {'attached' if added else 'already attached (unchanged)'} to case {case_id}", err=True)


@cases_group.group("evidence", context_settings=CONTEXT)
def evidence_group() -> None:
    """Evidence files of cases: list them, open one (logged, with a reason), check that none was tampered with.

    \b
    Example:
        rightsdesk cases evidence list 3f2a91c0d4e5b6a7 --user minji
        rightsdesk cases evidence get 9c1d2e3f4a5b6c7d8e9f0a1b --out copy.m4a --reason "for the WGEID file" --user minji
        rightsdesk cases evidence verify --user admin
    """


@evidence_group.command("list", context_settings=CONTEXT)
@click.argument("case_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_option
@click.pass_context
def evidence_list(ctx: click.Context, case_id: str, as_json: bool, user: str | None) -> None:
    """The files attached to a case with their sha256 (view-case; file names only with view-identity). Audited.

    \b
    Example:
        rightsdesk cases evidence list 3f2a91c0d4e5b6a7 --user minji
    """
    from rightsdesk.cases.views import WITHHELD
    from rightsdesk.pipeline.case_evidence import list_evidence

    store, ring, principal = sign_in(ctx, user)
    rows = [{"id": e.id, "sha256": e.sha256, "size": e.size, "media_type": e.media_type,
             "source": e.source_id, "filename": e.filename or WITHHELD,
             "added_at": e.added_at.isoformat(timespec="seconds"), "added_by": e.added_by}
            for e in list_evidence(store, ring, principal, case_id)]
    emit(rows, as_json=as_json, table=lambda d: print_table(
        d, ["id", "sha256", "size", "media_type", "filename", "added_by"], [25, 64, 10, 20, 24, 14]))


@evidence_group.command("get", context_settings=CONTEXT)
@click.argument("evidence_id")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="Write the file here (mode 600).")
@click.option("--reason", default="", help="Why the file is opened (written to the audit log).")
@user_option
@click.pass_context
def evidence_get(ctx: click.Context, evidence_id: str, out: str, reason: str, user: str | None) -> None:
    """Write one evidence file out (view-identity and a reason; audited), after checking that it still hashes
    to the sha256 taken on intake (exit 6, nothing written, when it does not).

    \b
    Example:
        rightsdesk cases evidence get 9c1d2e3f4a5b6c7d8e9f0a1b --out copy.m4a --reason "for the WGEID file" --user minji
    """
    from rightsdesk.errors import InputError
    from rightsdesk.pipeline.case_evidence import open_evidence

    store, ring, principal = sign_in(ctx, user)
    item, content = open_evidence(store, ring, principal, evidence_id, reason)
    path = Path(out)
    try:
        path.touch(mode=0o600)
        path.chmod(0o600)
        path.write_bytes(content)
    except OSError as exc:
        raise InputError(f"{out}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"{out}: {item.size} bytes, sha256 {item.sha256} (as taken on intake)", err=True)


@evidence_group.command("verify", context_settings=CONTEXT)
@click.argument("case_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_option
@click.pass_context
def evidence_verify(ctx: click.Context, case_id: str | None, as_json: bool, user: str | None) -> None:
    """Re-hash every evidence file (of one case, or of every case you may view) and compare with the sha256
    taken on intake and recorded in the audit log: exit 0 when all are intact, 6 naming each altered file.

    \b
    Example:
        rightsdesk cases evidence verify --user admin
    """
    from rightsdesk.errors import StoreError
    from rightsdesk.pipeline.case_evidence import verify_evidence

    store, ring, principal = sign_in(ctx, user)
    checks = verify_evidence(store, ring, principal, case_id)
    broken = [c for c in checks if not c.intact]
    if as_json:
        emit([{"id": c.id, "case_id": c.case_id, "sha256": c.sha256, "intact": c.intact, "problem": c.problem}
              for c in checks], as_json=True)
    if broken:
        raise StoreError(f"{len(broken)} of {len(checks)} evidence file(s) fail the integrity check: "
                         + "; ".join(f"{c.id} (case {c.case_id}): {c.problem}" for c in broken[:20]))
    click.echo(f"evidence intact: {len(checks)} file(s) hash to the sha256 taken on intake", err=True)


@cases_group.command("synth", context_settings=CONTEXT)
@click.argument("n", type=click.IntRange(1, 10_000_000))
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="The CSV to write.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same file.")
def cases_synth(n: int, out: str, seed: int) -> None:
    """Write N entirely fictional cases (Korean names in Hangul with several romanizations, partial dates, places
    in the DPRK and China) as a CSV that `cases import` takes as it is. No store, no account needed.

    \b
    Example:
        rightsdesk cases synth 1000 --out synthetic.csv
    """
    from rightsdesk.cases.csv_format import write_rows
    from rightsdesk.cases.synth import synth_rows

    with Path(out).open("w", encoding="utf-8", newline="") as fp:
        written = write_rows(fp, synth_rows(n, seed=seed))
    click.echo(f"{out}: {written} fictional cases", err=True)


@click.group("audit", context_settings=CONTEXT)
def audit_group() -> None:
    """The hash-chained audit log of case data: verify it, list it.

    \b
    Example:
        rightsdesk audit verify
        rightsdesk audit list --case 3f2a91c0d4e5b6a7 --user minji
    """


@audit_group.command("verify", context_settings=CONTEXT)
@click.pass_context
def audit_verify(ctx: click.Context) -> None:
    """Walk the chain: exit 0 when intact; otherwise exit 6 naming the first entry edited, deleted or moved (needs
    the key, for the head's MAC; no account).

    \b
    Example:
        rightsdesk audit verify
    """
    from rightsdesk.errors import StoreError
    from rightsdesk.store import audit

    ring = keyring()
    store = get_store(ctx)
    store.require_current()
    with store.reading(_system()) as session:
        found = audit.verify(session.conn, ring)
    if not found.intact:
        raise StoreError(f"the audit log is broken at entry {found.broken_at}: {found.problem} "
                         f"({found.entries} entries intact before it)")
    click.echo(f"audit log intact: {found.entries} entries, head {found.head_hash[:16]}")


def _system() -> Any:
    from rightsdesk.access import SYSTEM

    return SYSTEM


@audit_group.command("list", context_settings=CONTEXT)
@click.option("--case", "case_id", default=None, help="Only the entries of this case (view-case in its collection);"
              " without it every entry (manage-users).")
@click.option("--limit", type=click.IntRange(1), default=1000, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_option
@click.pass_context
def audit_list(ctx: click.Context, case_id: str | None, limit: int, as_json: bool, user: str | None) -> None:
    """The latest audit entries, oldest first: who, when, what, why.

    \b
    Example:
        rightsdesk audit list --case 3f2a91c0d4e5b6a7 --user minji
    """
    from rightsdesk.store.readers.cases import all_history, case_history, guarded

    store, ring, principal = sign_in(ctx, user)
    with guarded(store, ring, principal, "audit list", case_id[:40] if case_id else None) as session:
        rows = case_history(session, case_id) if case_id else all_history(session, limit=limit)
    emit(rows, as_json=as_json, table=lambda d: print_table(
        d, ["seq", "at", "actor", "action", "case_id", "target", "reason"], [7, 27, 14, 16, 17, 24, 30]))


@click.command("backup", context_settings=CONTEXT)
@click.argument("path", type=click.Path(dir_okay=False))
@user_option
@click.pass_context
def backup(ctx: click.Context, path: str, user: str | None) -> None:
    """Write an encrypted backup of the case data (accounts, audit log, every case) to PATH (an admin of every
    collection). It opens only with the same key.

    \b
    Example:
        rightsdesk backup /media/usb/rightsdesk-2026-12-05.rdbk --user admin
    """
    from rightsdesk.access import Action, require
    from rightsdesk.store import audit
    from rightsdesk.store.backup import write_backup
    from rightsdesk.store.readers.cases import guarded

    store, ring, principal = sign_in(ctx, user)
    with guarded(store, ring, principal, "backup") as session:
        require(principal, Action.MANAGE_USERS)
        audit.append(session.conn, ring, actor=principal.label, action="backup", target="backup")
        counts = write_backup(session.conn, ring, Path(path))
    Path(path).chmod(0o600)
    click.echo(f"{path}: {counts['case_record']} cases, {counts['app_user']} accounts, {counts['audit_log']} audit "
               "entries (encrypted)", err=True)


@click.command("restore", context_settings=CONTEXT)
@click.argument("path", type=click.Path(dir_okay=False, exists=True))
@click.pass_context
def restore(ctx: click.Context, path: str) -> None:
    """Restore a backup into a database holding no case data (the same key is needed; the audit chain brought in is
    verified, and the restore is appended to it).

    \b
    Example:
        rightsdesk --db sqlite:///restored.db restore rightsdesk-2026-12-05.rdbk
    """
    from rightsdesk.store import audit
    from rightsdesk.store.backup import restore as restore_backup

    ring = keyring()
    store = get_store(ctx, write=True)
    with store.writing() as conn:
        counts = restore_backup(conn, ring, Path(path))
        audit.append(conn, ring, actor="system", action="restore", target="backup", detail=counts)
    click.echo(f"{path}: restored {counts['case_record']} cases, {counts['app_user']} accounts, "
               f"{counts['audit_log']} audit entries", err=True)


def register(group: click.Group) -> None:
    """Add `cases`, `audit`, `backup` and `restore` to `group`."""
    group.add_command(cases_group)
    group.add_command(audit_group)
    group.add_command(backup)
    group.add_command(restore)
