"""Loading records into the store: transactional, all-or-nothing, idempotent.

`load(store, ingestor, path, records)` writes the records an ingestor read from `path` (an iterator, consumed in
batches inside one transaction): a malformed file raises IngestError while it is read and leaves the store
exactly as it was. The writer never parses and never looks an ingestor up; `pipeline/load.py` composes `parse`
and `load`. What it needs of a format it reads from the `Ingestor`'s declaration (model/ingestor.py).
Each file becomes a `source` row whose id is a hash of (ingestor, its version, file name, sha256), so a file
loaded before by the same ingestor is recognised and nothing is written, while a newer ingestor reads it again.
Records are replaced by natural key (the same recommendation, roll call or designation overwrites itself);
a sanctions list is a snapshot, so loading a new version of a list also removes the entries it no longer holds.
What each kind of record is to the writer (its table, children, the column its rows are known by, whether a load
is a snapshot of it or replaces by key) is declared once in `model/record_kinds.py`; `WRITERS` holds only how
each record type becomes rows.

A snapshot that removes much is more often a damaged file than a real change: a load that would remove more
than MAX_SHRINK of what its dataset holds (and more than MIN_SHRINK rows) of any kind is refused with the
counts (ShrinkError, nothing written) unless `allow_shrink`. Every load reports, per kind, what it added,
replaced and removed (`LoadReport.changes`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, String, Table, delete, func, select, update

from rightsdesk.errors import IngestError, OlderListError, ShrinkError
from rightsdesk.model.ids import natural_id
from rightsdesk.model.ingestor import HeldRow, Ingestor, Pairing, Record
from rightsdesk.model.record_kinds import RECORD_KINDS, RecordKind, Replacement, loaded_kinds, record_kind
from rightsdesk.model.records import CountryVote, Designation, RollCall, UprRecommendation
from rightsdesk.store import Store, schema
from rightsdesk.store.dialects import claim_writes, insert_rows

BATCH = 5000
WRITE_WAIT_S = 120  # how long a load waits for another to finish writing before it refuses
MAX_SHRINK = 0.05  # the share of a dataset's rows of one kind that a load may remove without --allow-shrink
MIN_SHRINK = 10  # ... and the number of rows it may always remove (a short list delisting a few entries)


@dataclass(frozen=True)
class Change:
    """What a load did to one kind of row of its dataset: how many it held before and after, how many rows were
    new, written again over themselves, or removed."""

    kind: str
    before: int
    after: int
    added: int
    replaced: int
    removed: int

    def __str__(self) -> str:
        return (f"{self.kind.replace('_', ' ')}: {self.added:,} added, {self.replaced:,} replaced, "
                f"{self.removed:,} removed ({self.before:,} -> {self.after:,})")


@dataclass
class LoadReport:
    """What one load did: the dataset, the files, whether anything changed, counts by record type, what changed
    by kind, seconds."""

    kind: str
    path: str
    changed: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    sources: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def load(store: Store, ingestor: Ingestor, path: Path, records: Iterable[Record],
         progress: Callable[[int], object] | None = None, *, allow_older: bool = False, allow_shrink: bool = False,
         waiting: Callable[[], object] | None = None) -> LoadReport:
    """Write `records`, read from `path` by `ingestor`, in one transaction; see the module docstring. `records`
    is consumed only when the files are new to the store, and `progress` is told of each batch written.

    A list snapshot dated before the one loaded is refused (InputError) unless `allow_older`: it would undo the
    listings and delistings made since. A load removing a large share of its dataset is refused (ShrinkError)
    unless `allow_shrink`. While another load writes (the same dataset on PostgreSQL, any on SQLite), this one
    waits up to WRITE_WAIT_S seconds, telling `waiting`, then refuses (StoreUnavailableError).
    """
    started = time.perf_counter()
    store.upgrade()  # a load writes anyway: the schema first
    files = ingestor.files(path)
    sources = [_source_row(ingestor, f) for f in files]
    report = LoadReport(ingestor.name, str(path), changed=False, sources=[s["id"] for s in sources])
    with store.writing(claimed=True) as conn:  # claim_writes takes the lock, waiting WRITE_WAIT_S and saying so
        claim_writes(conn, ingestor.name, wait_s=WRITE_WAIT_S, waiting=waiting)
        known = set(conn.scalars(select(schema.source.c.id).where(schema.source.c.id.in_(report.sources))))
        if known == set(report.sources):
            report.seconds = time.perf_counter() - started
            return report
        new = [s for s in sources if s["id"] not in known]
        if not allow_older:
            _refuse_older_snapshot(conn, ingestor, new)
        before = _holdings(conn, ingestor.name)
        conn.execute(schema.source.insert(), new)
        if ingestor.pairs_with_held is not None:
            records, report.notes = _reconcile_report(conn, ingestor.pairs_with_held, ingestor.name,
                                                      list(records), sources[0]["id"])
        counts, per_source = _write(conn, records, [s["id"] for s in sources], ingestor.record_file, progress,
                                    files)
        for s in sources:
            conn.execute(update(schema.source).where(schema.source.c.id == s["id"])
                         .values(records=per_source.get(s["id"], 0)))
        if ingestor.snapshot:
            for kind in _kinds(Replacement.SNAPSHOT):
                _drop_superseded_entries(conn, kind, sources[0]["id"])
        else:
            _drop_earlier_versions(conn, ingestor.name, sources)
        _drop_orphan_sources(conn, ingestor.name, {s["id"] for s in sources})
        report.changes = _changes(before, _holdings(conn, ingestor.name), counts)
        if not allow_shrink:
            _refuse_shrinking(path, report.changes)
    report.changed = True
    report.counts = counts
    report.seconds = time.perf_counter() - started
    return report


def _table(name: str) -> Table:
    return schema.metadata.tables[name]


def _kinds(replacement: Replacement) -> tuple[RecordKind, ...]:
    return tuple(k for k in RECORD_KINDS if k.replacement is replacement)


def _holdings(conn: Connection, dataset: str) -> dict[str, set[Any] | int]:
    """The keys (or the number) of the rows of each kind that the sources of `dataset` hold now."""
    src = schema.source
    of_dataset = select(src.c.id).where(src.c.dataset == dataset)
    held: dict[str, set[Any] | int] = {}
    for kind in loaded_kinds():  # a kind without a row id (votes) is counted, not told apart
        table = _table(kind.table)
        if kind.row_id is None:
            held[kind.name] = int(conn.scalar(select(func.count()).select_from(table)
                                              .where(table.c.source_id.in_(of_dataset))) or 0)
        else:
            held[kind.name] = set(conn.scalars(select(table.c[kind.row_id])
                                               .where(table.c.source_id.in_(of_dataset))))
    return held


def _changes(before: dict[str, set[Any] | int], after: dict[str, set[Any] | int],
             written: dict[str, int]) -> list[Change]:
    out = []
    for label in (k.name for k in loaded_kinds()):
        old, new = before[label], after[label]
        if isinstance(old, set) and isinstance(new, set):
            added, removed, n_old, n_new = len(new - old), len(old - new), len(old), len(new)
        else:
            n_old, n_new = int(old), int(new)  # type: ignore[arg-type]
            added, removed = max(0, n_new - n_old), max(0, n_old - n_new)
        if n_old or n_new:
            out.append(Change(label, n_old, n_new, added, max(0, written.get(label, 0) - added), removed))
    return out


def _refuse_shrinking(path: Path, changes: list[Change]) -> None:
    """ShrinkError when a kind of row loses more than MAX_SHRINK of what it held (and more than MIN_SHRINK)."""
    for c in changes:
        if c.removed > max(MIN_SHRINK, MAX_SHRINK * c.before):
            raise ShrinkError(
                f"{path}: this load would remove {c.removed:,} of the {c.before:,} "
                f"{c.kind.replace('_', ' ')} held ({c.removed / c.before:.0%}), leaving {c.after:,}. A file cut "
                "short or damaged looks like this; nothing was loaded. If the removal is intended, give "
                "--allow-shrink")


def _refuse_older_snapshot(conn: Connection, ingestor: Ingestor, new: list[dict[str, Any]]) -> None:
    """OlderListError when `new` is dated before the newest list of its dataset already loaded. A source loaded
    before its date was recorded (a database older than migration 0003) is dated now from its file, where the
    file is still there."""
    dated = [s for s in new if s["issued"] is not None]
    if not dated:  # an undated format (or a list that does not say): nothing to compare
        return
    s = schema.source
    for row in conn.execute(select(s.c.id, s.c.path).where(s.c.dataset == ingestor.name, s.c.issued.is_(None))):
        if Path(row.path).is_file() and (day := ingestor.issued(Path(row.path))) is not None:
            conn.execute(update(s).where(s.c.id == row.id).values(issued=day))
    loaded = conn.execute(select(s.c.issued, s.c.path).where(s.c.dataset == ingestor.name, s.c.issued.is_not(None))
                          .order_by(s.c.issued.desc()).limit(1)).first()
    if loaded is not None and dated[0]["issued"] < loaded.issued:
        raise OlderListError(f"{dated[0]['path']}: the list is dated {dated[0]['issued']}, older than the one loaded "
                             f"({loaded.issued}, {loaded.path}); loading it would undo the listings and delistings "
                             "made since. Give --allow-older to load it anyway")


def sha256(path: Path) -> str:
    """The sha256 of the file's bytes as stored (compressed files are hashed compressed): with the ingestor's name
    and version, what identifies a source. IngestError when the file is missing or cannot be read."""
    if path.is_dir():
        raise IngestError(str(path), None, "is a folder; this ingestor reads a file")
    if not path.is_file():
        raise IngestError(str(path), None, "no such file")
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise IngestError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    return h.hexdigest()


def _source_row(ingestor: Ingestor, path: Path) -> dict[str, Any]:
    digest = sha256(path)
    return {
        "id": natural_id(ingestor.name, ingestor.version, path.name, digest),
        "dataset": ingestor.name,
        "path": str(path),
        "sha256": digest,
        "ingestor": ingestor.name,
        "ingestor_version": ingestor.version,
        "symbol": None,
        "loaded_at": dt.datetime.now(dt.UTC),
        "records": 0,
        "issued": ingestor.issued(path),
    }


def _batches(records: Iterable[Any]) -> Iterator[list[Any]]:
    it = iter(records)
    while batch := list(islice(it, BATCH)):
        yield batch


class _DoesNotFit(Exception):
    """A value longer than its column holds (PostgreSQL refuses it; SQLite would keep it): the line of its record
    and what is wrong. `_write` names the file."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line, self.problem = line, problem


@cache
def _limits(table: Table) -> tuple[tuple[str, int], ...]:
    """The text columns of `table` that have a length, with it."""
    return tuple((c.name, int(c.type.length)) for c in table.columns
                 if isinstance(c.type, String) and c.type.length is not None)


def _fits(table: Table, rows: Iterable[dict[str, Any]], line: int) -> None:
    """_DoesNotFit for the first value of `rows` longer than its column of `table` holds, on either engine."""
    limits = _limits(table)
    for row in rows:
        for column, length in limits:
            value = row.get(column)
            if isinstance(value, str) and len(value) > length:
                shown = value if len(value) <= 40 else value[:40] + "…"
                raise _DoesNotFit(line, f"{column.replace('_', ' ')} {shown!r} is {len(value):,} characters; the "
                                        f"store holds at most {length} ({table.name}.{column})")


def _write(conn: Connection, records: Iterable[Any], source_ids: list[str], file_of: Mapping[type, int],
           progress: Callable[[int], object] | None, files: list[Path]) -> tuple[dict[str, int], dict[str, int]]:
    """Write records in batches; return counts by record type and by source. A value too long for its column is an
    IngestError naming the file and the line of its record."""
    counts: dict[str, int] = defaultdict(int)
    per_source: dict[str, int] = defaultdict(int)
    for batch in _batches(records):
        by_type: dict[type, list[Any]] = defaultdict(list)
        for record in batch:
            by_type[type(record)].append(record)
        for kind, items in by_type.items():
            writer, label = WRITERS[kind], record_kind(kind).name
            source_id = source_ids[file_of.get(kind, 0)]
            try:
                writer(conn, items, source_id)
            except _DoesNotFit as exc:
                raise IngestError(str(files[file_of.get(kind, 0)]), exc.line or None, exc.problem) from None
            counts[label] += len(items)
            per_source[source_id] += len(items)
        if progress:
            progress(len(batch))
    return dict(counts), dict(per_source)


def _replace(conn: Connection, table: Table, key: Any, ids: list[Any], rows: list[dict[str, Any]]) -> None:
    for chunk in range(0, len(ids), 500):
        conn.execute(delete(table).where(key.in_(ids[chunk:chunk + 500])))
    insert_rows(conn, table, rows)


def _write_recommendations(conn: Connection, items: list[UprRecommendation], source_id: str) -> None:
    rows: list[dict[str, Any]] = []
    issues: list[dict[str, Any]] = []
    for r in items:
        rid = natural_id(*r.key(), r.occurrence)
        rows.append({
            "id": rid, "to_state": r.to_state, "from_state": r.from_state, "text": r.text,
            "response": r.response.value if r.response else None, "response_original": r.response_original,
            "action_category": r.action_category, "issues": list(r.issues), "session": r.session,
            "cycle": r.cycle, "paragraph": r.paragraph, "to_state_original": r.to_state_original,
            "from_state_original": r.from_state_original, "source_id": source_id,
        })
        _fits(schema.upr_recommendation, rows[-1:], r.line)
        issues.extend({"recommendation_id": rid, "issue": i} for i in r.issues)
        _fits(schema.upr_recommendation_issue, issues[len(issues) - len(r.issues):], r.line)
    ids = [row["id"] for row in rows]
    conn.execute(delete(schema.upr_recommendation_issue).where(schema.upr_recommendation_issue.c.recommendation_id.in_(ids)))
    _replace(conn, schema.upr_recommendation, schema.upr_recommendation.c.id, ids, rows)
    unique_issues = list({(i["recommendation_id"], i["issue"]): i for i in issues}.values())
    insert_rows(conn, schema.upr_recommendation_issue, unique_issues)


def _write_roll_calls(conn: Connection, items: list[RollCall], source_id: str) -> None:
    rows = [{
        "rcid": c.rcid, "session": c.session, "date": c.date, "symbol": str(c.symbol) if c.symbol else None,
        "symbol_original": c.symbol_original, "important_vote": c.important_vote, "amendment": c.amendment,
        "paragraph": c.paragraph, "short_title": c.short_title, "description": c.description,
        "issues": list(c.issues), "source_id": source_id,
    } for c in items]
    for c, row in zip(items, rows, strict=True):
        _fits(schema.roll_call, [row], c.line)
    ids = [c.rcid for c in items]
    conn.execute(delete(schema.country_vote).where(schema.country_vote.c.rcid.in_(ids)))
    _replace(conn, schema.roll_call, schema.roll_call.c.rcid, ids, rows)


def _write_votes(conn: Connection, items: list[CountryVote], source_id: str) -> None:
    rows = [(v.rcid, v.country, v.vote.value, v.country_original, source_id) for v in items]
    # Votes of a roll call were deleted when the roll call was (re)written, earlier in the same transaction.
    insert_rows(conn, schema.country_vote, rows)


def _write_designations(conn: Connection, items: list[Designation], source_id: str) -> None:
    rows = []
    children: dict[Table, list[dict[str, Any]]] = defaultdict(list)
    for d in items:
        did = natural_id(*d.key())
        rows.append(_designation_row(d, did, source_id))
        _fits(schema.designation, rows[-1:], d.line)
        for table, child_rows in _designation_children(d, did):
            _fits(table, child_rows, d.line)
            children[table].extend(child_rows)
    ids = [r["id"] for r in rows]
    for child in record_kind(Designation).children:
        conn.execute(delete(_table(child.table)).where(_table(child.table).c[child.column].in_(ids)))
    _replace(conn, schema.designation, schema.designation.c.id, ids, rows)
    for table, child_rows in children.items():
        insert_rows(conn, table, child_rows)


def _designation_row(d: Designation, did: str, source_id: str) -> dict[str, Any]:
    return {
        "id": did, "list_name": d.list_name, "reference_number": d.reference_number, "kind": d.kind.value,
        "name": d.name, "regimes": list(d.regimes), "name_original_script": d.name_original_script,
        "title": d.title, "function": d.function, "gender": d.gender, "nationalities": list(d.nationalities),
        "nationalities_original": list(d.nationalities_original), "listed_on": d.listed_on,
        "last_updated": [x.isoformat() for x in d.last_updated], "narrative": d.narrative, "extra": d.extra,
        "source_id": source_id,
    }


def _designation_children(d: Designation, did: str) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
    yield schema.designation_name, [
        {"designation_id": did, "position": i, "name": n.name, "kind": n.kind, "quality": n.quality,
         "parts": list(n.parts)} for i, n in enumerate(d.names)]
    yield schema.designation_birth_date, [
        {"designation_id": did, "position": i, "kind": b.kind, "date": b.date.iso() if b.date else None,
         "from_year": b.from_year, "to_year": b.to_year, "note": b.note} for i, b in enumerate(d.birth_dates)]
    yield schema.designation_document, [
        {"designation_id": did, "position": i, "kind": x.kind, "number": x.number, "country": x.country,
         "country_original": x.country_original, "issued": x.issued, "note": x.note}
        for i, x in enumerate(d.documents)]
    yield schema.designation_address, [
        {"designation_id": did, "position": i, "kind": a.kind, "street": a.street, "city": a.city,
         "region": a.region, "postal_code": a.postal_code, "country": a.country,
         "country_original": a.country_original, "note": a.note} for i, a in enumerate(d.addresses)]
    yield schema.designation_relation, [
        {"designation_id": did, "position": i, "kind": r.kind, "name": r.name, "target_list": d.list_name,
         "target_ref": r.reference_number, "note": r.note} for i, r in enumerate(d.relations)]
    yield schema.designation_regime, [{"designation_id": did, "regime": r} for r in dict.fromkeys(d.regimes)]
    yield schema.designation_nationality, [
        {"designation_id": did, "country": c} for c in dict.fromkeys(d.nationalities)]


def _drop_superseded_entries(conn: Connection, kind: RecordKind, source_id: str) -> None:
    """After a new snapshot (of a list) is loaded, remove the rows of `kind` in its scope (that list) that it no
    longer holds, with their children."""
    table = _table(kind.table)
    assert kind.scope is not None and kind.row_id is not None, f"snapshot kind {kind.name} declares no scope or id"
    scopes = conn.scalars(select(table.c[kind.scope]).where(table.c.source_id == source_id).distinct()).all()
    stale = select(table.c[kind.row_id]).where(table.c[kind.scope].in_(scopes), table.c.source_id != source_id)
    for child in kind.children:
        conn.execute(delete(_table(child.table)).where(_table(child.table).c[child.column].in_(stale)))
    conn.execute(delete(table).where(table.c[kind.row_id].in_(stale)))


def _reconcile_report(conn: Connection, pair: Pairing, dataset: str, records: list[Record],
                      source_id: str) -> tuple[list[Record], list[str]]:
    """A Working Group report against what other sources hold of its review (issue 11, defect 1).

    A review no other source holds is written as rows. For a review UPR Info holds, each report record paired
    with a held row adds its paragraph (and its response, where the row has none) in `upr_report_paragraph`,
    never a second row; the records left unpaired are reported, not written, since a near-duplicate row is
    worse than a missing paragraph. `pair` is the report's ingestor's pairing, `dataset` its name. Returns the
    records to write and the notes for the user.
    """
    rec, para = schema.upr_recommendation, schema.upr_report_paragraph
    write: list[Record] = [r for r in records if not isinstance(r, UprRecommendation)]  # none today; kept as is
    recommendations = [r for r in records if isinstance(r, UprRecommendation)]
    reviews = sorted({(r.to_state, r.session) for r in recommendations})
    notes: list[str] = []
    for to_state, session in reviews:
        mine = [r for r in recommendations if (r.to_state, r.session) == (to_state, session)]
        held = [HeldRow(r.id, r.from_state, r.text) for r in conn.execute(
            select(rec.c.id, rec.c.from_state, rec.c.text).join(schema.source, schema.source.c.id == rec.c.source_id)
            .where(rec.c.to_state == to_state, rec.c.session == session,
                   schema.source.c.dataset != dataset).order_by(rec.c.id))]
        if not held:
            write += mine
            continue
        pairs, unpaired = pair(mine, held)
        ids = [row.id for row, _, _ in pairs]
        for k in range(0, len(ids), 500):
            conn.execute(delete(para).where(para.c.recommendation_id.in_(ids[k:k + 500])))
        insert_rows(conn, para, [{"recommendation_id": row.id, "paragraph": r.paragraph or "",
                                  "response": r.response.value if r.response else None,
                                  "response_original": r.response_original, "score": score,
                                  "source_id": source_id} for row, r, score in pairs])
        notes.append(f"{to_state} session {session}: {len(held):,} recommendations held from other sources; "
                     f"{len(pairs):,} matched a report paragraph (paragraph numbers added, no rows added)")
        notes += [f"  not matched, not added: {r.paragraph} ({r.from_state_original}) {r.text[:90]}"
                  for r in unpaired]
    return write, notes


def _drop_earlier_versions(conn: Connection, dataset: str, sources: list[dict[str, Any]]) -> None:
    """Remove the rows that an earlier version of a file (same dataset, same file name) held and this one does not.

    Rows the new version holds were already replaced by natural key; what is left under the earlier source is
    what the new version no longer holds (a corrected text, a roll call taken out).
    """
    names = {Path(s["path"]).name for s in sources}
    current = {s["id"] for s in sources}
    earlier = [r.id for r in conn.execute(select(schema.source.c.id, schema.source.c.path)
                                          .where(schema.source.c.dataset == dataset))
               if r.id not in current and Path(r.path).name in names]
    if not earlier:
        return
    for kind in _kinds(Replacement.UPSERT):  # each kind's children first, then its rows
        table = _table(kind.table)
        if kind.row_id is not None:
            ids = select(table.c[kind.row_id]).where(table.c.source_id.in_(earlier))
            for child in kind.children:
                conn.execute(delete(_table(child.table)).where(_table(child.table).c[child.column].in_(ids)))
        conn.execute(delete(table).where(table.c.source_id.in_(earlier)))


def _drop_orphan_sources(conn: Connection, dataset: str, keep: set[str]) -> None:
    """Forget the earlier sources of a dataset that no row points to any more, so that loading such a file
    again loads it again (instead of finding it 'already loaded')."""
    used: set[str] = set()
    for kind in RECORD_KINDS:
        used |= set(conn.scalars(select(_table(kind.table).c.source_id).distinct()))
    src = schema.source
    stale = [i for i in conn.scalars(select(src.c.id).where(src.c.dataset == dataset)) if i not in keep | used]
    if stale:
        conn.execute(delete(src).where(src.c.id.in_(stale)))


# How each record type becomes rows; its kind (model/record_kinds.py) names it in reports and says how it is
# replaced. tests/model/test_record_kinds.py checks that every loaded kind has a writer here.
WRITERS: dict[type, Callable[[Connection, Any, str], None]] = {
    UprRecommendation: _write_recommendations,
    RollCall: _write_roll_calls,
    CountryVote: _write_votes,
    Designation: _write_designations,
}
