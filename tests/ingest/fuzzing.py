"""A seeded mutation fuzzer for the ingestors, shared by the test suite (a few cases per ingestor and engine) and
`bench/fuzz.py` (400 per ingestor on both engines).

Each case copies an ingestor's trimmed real files, damages one of them with one to four mutations drawn from a
`random.Random(seed)` (bytes flipped, inserted or removed; a line dropped, repeated or swapped; the file cut at
a byte or at a line boundary; tokens that broke ingestors before: NUL, a lone UTF-8 lead byte, a superscript
digit, a 31-digit number, a closing tag, a comment), loads it into a store that already holds the samples, and
checks the outcome:

- the load succeeds, or
- it raises one of rightsdesk's errors; an IngestError names the file read (and a line, but for the problems of
  a whole file: empty, unreadable, no data rows, too large); and the store is exactly as it was (a fingerprint
  of every row of every table, before and after).

Anything else (another exception, an IngestError naming no line for a line's problem, a store changed by a
rejected load) is returned as a failure with the seed that reproduces it.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from rightsdesk.errors import IngestError, RightsdeskError
from rightsdesk.pipeline import load_path as load
from rightsdesk.store import Store, schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPORT = Path(__file__).resolve().parents[2] / "src/rightsdesk/data/upr_reports/A-HRC-27-10_DPRK_UPR_WG_report_cycle2_2014.txt"
SAMPLES = [("upr-info", FIXTURES / "upr_sample.csv"), ("unvotes", FIXTURES / "unvotes"),
           ("un-sc-list", FIXTURES / "un_list_sample.xml"), ("ofac-sdn", FIXTURES / "ofac-sdn")]
# ingestor -> (what is loaded, the files in it that may be mutated)
TARGETS: dict[str, tuple[Path, tuple[str, ...]]] = {
    "upr-info": (FIXTURES / "upr_sample.csv", ("upr_sample.csv",)),
    "unvotes": (FIXTURES / "unvotes", ("un_votes.csv", "un_roll_calls.csv", "un_roll_call_issues.csv")),
    "un-sc-list": (FIXTURES / "un_list_sample.xml", ("un_list_sample.xml",)),
    "ofac-sdn": (FIXTURES / "ofac-sdn", ("sdn.csv", "add.csv", "alt.csv")),
    "upr-report": (REPORT, (REPORT.name,)),
}
TOKENS = [b"", b"\x00", b"\xff", b"\xc3", b"\n", b"\r\n", b'"', b",", b"<", b">", b"&", b";", b"(", b")", b"-0-",
          b"1" * 31, "\u00b2".encode(), "\u0663".encode(), b"<!-- x -->", b"</INDIVIDUAL>", b"<INDIVIDUALS>",
          b"</CONSOLIDATED_LIST>", b"\x1a", b"abc", b"-1", b"9" * 12, b"X" * 200]
# An IngestError about the whole file rather than one place in it may name no line.
WHOLE_FILE = ("the file is empty", "has no data rows", "cannot read", "holds more than", "holds no INDIVIDUAL",
              "the file ends before", "not UTF-8 text", "the folder has no",
              # a UPR report whose introduction or recommendations section cannot be found
              "cannot find the session", "state under review", "no 'II. Conclusions", "section does not end")


def _lines(data: bytes, rng: random.Random) -> tuple[list[bytes], int]:
    lines = data.splitlines(keepends=True) or [b""]
    return lines, rng.randrange(len(lines))


def _flip(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(max(1, len(data)))
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(TOKENS) + data[at:]


def _replace(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(TOKENS) + data[at + rng.randint(1, 40):]


def _delete(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[at + rng.randint(1, 200):]


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _cut_at_line(data: bytes, rng: random.Random) -> bytes:
    lines, at = _lines(data, rng)
    return b"".join(lines[:at])


def _drop_line(data: bytes, rng: random.Random) -> bytes:
    lines, at = _lines(data, rng)
    return b"".join(lines[:at] + lines[at + 1:])


def _repeat_line(data: bytes, rng: random.Random) -> bytes:
    lines, at = _lines(data, rng)
    return b"".join(lines[:at] + [lines[at]] + lines[at:] if rng.random() < 0.5 else lines + [lines[at]])


def _swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines, a = _lines(data, rng)
    b = rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"".join(lines)


def _digits(data: bytes, rng: random.Random) -> bytes:
    """A run of digits replaced by a huge, negative or non-ASCII number."""
    starts = [i for i in range(len(data)) if data[i:i + 1].isdigit() and not data[i - 1:i].isdigit()]
    if not starts:
        return _insert(data, rng)
    at = rng.choice(starts)
    end = at
    while data[end:end + 1].isdigit():
        end += 1
    return data[:at] + rng.choice([b"1" + b"0" * 30, b"-7", "\u00b2".encode(), b"", b"99999999999"]) + data[end:]


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _flip, _insert, _replace, _delete, _cut, _cut_at_line, _drop_line, _repeat_line, _swap_lines, _digits)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """`data` with one to four mutations drawn from `rng`."""
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(MUTATIONS)(data, rng)
    return data


def fingerprint(store: Store) -> str:
    """A digest of every row of every table (rows sorted as text, so that no engine's order matters)."""
    h = hashlib.sha256()
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            rows = sorted(repr(tuple(r)) for r in conn.execute(select(table)))
            h.update(f"{table.name}:{len(rows)}\n".encode())
            for row in rows:
                h.update(row.encode())
    return h.hexdigest()


@dataclass
class Outcome:
    """What the cases of one ingestor came to: loads, errors by kind, and failures (with their seeds)."""

    loaded: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _prepared(kind: str, rng: random.Random, tmp: Path) -> tuple[Path, Path]:
    """The files of `kind` copied under `tmp`, one of them mutated: (what to load, the mutated file)."""
    source, names = TARGETS[kind]
    if source.is_dir():
        target = tmp / source.name
        shutil.copytree(source, target)
        file = target / rng.choice(names)
    else:
        target = file = tmp / source.name
        shutil.copy(source, file)
    file.write_bytes(mutate(file.read_bytes(), rng))
    return target, file


def _problem(exc: RightsdeskError, root: Path, before: str, after: str) -> str | None:
    """What is wrong with how a load refused a file, or None."""
    if after != before:
        return f"the store changed although the load was refused ({type(exc).__name__}: {exc})"
    if isinstance(exc, IngestError):
        if not exc.path.startswith(str(root)):
            return f"the error names no file of the load: {exc}"
        if exc.where is None and not any(w in exc.problem for w in WHOLE_FILE):
            return f"the error names no line: {exc}"
    return None


def run_case(store: Store, kind: str, seed: int, outcome: Outcome) -> None:
    """One mutated load of `kind` into `store`, drawn from `seed`; its result counted in `outcome`."""
    rng = random.Random(f"{kind}:{seed}")
    with tempfile.TemporaryDirectory() as tmp:
        target, file = _prepared(kind, rng, Path(tmp))
        before = fingerprint(store)
        try:
            load(store, kind, target)
        except RightsdeskError as exc:
            outcome.errors[type(exc).__name__] += 1
            problem = _problem(exc, Path(tmp), before, fingerprint(store))
            if problem:
                outcome.failures.append(f"{kind} seed {seed} ({file.name}): {problem}")
            return
        except Exception as exc:  # the very thing the fuzzer looks for: any other exception is a finding
            outcome.failures.append(f"{kind} seed {seed} ({file.name}): {type(exc).__name__}: {exc}")
            return
        outcome.loaded += 1


def fuzz(store: Store, kind: str, seeds: range) -> Outcome:
    """Every case of `seeds` for `kind` against `store` (which should hold the samples: see `load_samples`)."""
    outcome = Outcome()
    for seed in seeds:
        run_case(store, kind, seed, outcome)
    return outcome


def load_samples(store: Store) -> None:
    """The trimmed real files of every dataset, so that a rejected load has something to leave unchanged."""
    for kind, path in SAMPLES:
        load(store, kind, path)
