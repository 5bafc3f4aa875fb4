"""Checking a situation pack: a folder of the hand-entered files that describe one state's situation.

A pack holds `pack.yaml` (which state it describes, its listing resolutions, its yearly dates, how its designations
are found on the sanctions lists, what synthetic cases are drawn from, the /sql page's examples) and any of
`timeline.yaml`, `resolutions.yaml`, `council_votes.yaml` and `coi_recommendations.yaml`, in the shape of the DPRK
pack that ships in `situation/data/`. `validate_pack` reads each file that is there and
reports every problem it finds, each with its file and line, so that a user writing a pack for another state can
fix them all in one pass: every event dated and cited, every state code known, every UN document symbol well
formed, every mechanism code in the registry, totals that agree with the positions, no id used twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rightsdesk.datafiles import bundled_situation, use_situation
from rightsdesk.errors import InputError
from rightsdesk.mechanisms.registry import mechanisms
from rightsdesk.model.countries import is_known_iso3
from rightsdesk.model.dates import PartialDate
from rightsdesk.model.vocab import Vote
from rightsdesk.situation.records import COI_STATUSES, GA_ROLL_CALLS, bundled_roll_calls_text, parse_ga_roll_calls

# A UN document symbol: an issuing series (A, S, E, CCPR, ...; E/CN.4 style numbered parts allowed), then
# slash-separated parts, the last of which may carry a year or a session in brackets: S/PV.7830,
# S/RES/1718 (2006), A/RES/217(III), E/CN.4/RES/2004/13, A/HRC/RES/22/13, A/HRC/25/63.
SYMBOL = re.compile(r"^[A-Z]+(?:/[A-Za-z0-9.\-]+)+(?: ?\((?:\d{4}|[IVXLC]+)\))?$")
ISO3 = re.compile(r"^[A-Z]{3}$")
UN_REFERENCE = re.compile(r"^[A-Z]{2}[ie]\.\d{3}$")  # a consolidated list reference number: KPi.041, KPe.052
RESOLUTION_BODIES = ("CHR", "HRC", "GA")
COUNCIL_VOTE_KINDS = ("procedural", "substantive")
# Mechanism codes a pack may use beside the registry's: a development outside the UN machinery.
OUTSIDE_THE_MACHINERY = ("context",)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a pack: the file, the line (1-based; None for the file as a whole) and what."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}{f': line {self.line}' if self.line else ''}: {self.message}"


@dataclass(frozen=True)
class PackReport:
    """What a check found: the files read, the entries in each, and the problems."""

    directory: str
    entries: dict[str, int]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when the pack has no problem."""
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        """JSON shape: directory, ok, entries (per file), problems (file, line, message)."""
        return {"directory": self.directory, "ok": self.ok, "entries": self.entries,
                "problems": [{"file": p.file, "line": p.line, "message": p.message} for p in self.problems]}


class _Entry:
    """One mapping of a pack file, with the line each of its keys starts on, collecting problems as it is read."""

    def __init__(self, file: str, node: yaml.Node, value: Any, problems: list[Problem]) -> None:
        self.file, self.value, self.problems = file, value, problems
        self.line = node.start_mark.line + 1
        self.key_lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            self.key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}

    def problem(self, message: str, key: str | None = None) -> None:
        self.problems.append(Problem(self.file, self.key_lines.get(key or "", self.line), message))

    def get(self, key: str) -> Any:
        return self.value.get(key) if isinstance(self.value, dict) else None

    def required(self, *keys: str) -> bool:
        missing = [k for k in keys if self.get(k) in (None, "")]
        for k in missing:
            self.problem(f"{k} is missing")
        return not missing

    def date(self, key: str = "date") -> None:
        if self.get(key) in (None, ""):
            self.problem(f"{key} is missing: every entry is dated (YYYY, YYYY-MM or YYYY-MM-DD)", key)
            return
        try:
            PartialDate.parse(str(self.get(key)))
        except InputError as exc:
            self.problem(str(exc), key)

    def symbol(self, key: str) -> None:
        value = self.get(key)
        if value is not None and not (isinstance(value, str) and SYMBOL.match(value)):
            self.problem(f"{key} {value!r} is not a well-formed UN document symbol (such as A/HRC/RES/22/13, "
                         "S/RES/1718 (2006) or S/PV.7830)", key)

    def states(self, key: str, codes: Any, *, names_allowed: bool = False) -> None:
        if codes is None:
            return
        if not isinstance(codes, list):
            self.problem(f"{key} must be a list", key)
            return
        for code in codes:
            if not isinstance(code, str):
                self.problem(f"{key}: {code!r} is not a state code", key)
            elif ISO3.match(code) and not is_known_iso3(code):
                self.problem(f"{key}: {code!r} is not a known ISO 3166 alpha-3 code", key)
            elif not names_allowed and not ISO3.match(code):
                self.problem(f"{key}: {code!r} is not an ISO 3166 alpha-3 code", key)

    def whole_number(self, key: str, value: Any) -> bool:
        if value is None:
            return False
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(f"{key}: {value!r} is not a whole number", key)
            return False
        return True


def _events(e: _Entry) -> None:
    e.date()
    e.required("mechanism", "kind", "summary")
    mechanism = e.get("mechanism")
    if mechanism and mechanism not in mechanisms() and mechanism not in OUTSIDE_THE_MACHINERY:
        e.problem(f"mechanism {mechanism!r} is not in the registry (see `rightsdesk mechanisms`) nor 'context'",
                  "mechanism")
    if e.get("footnote") is None and not e.get("symbol") and not e.get("source"):
        e.problem("uncited: give a footnote, a UN document symbol or a source")
    if e.get("footnote") is not None:
        e.whole_number("footnote", e.get("footnote"))
    e.symbol("symbol")
    e.states("actors", e.get("actors"), names_allowed=True)


def _resolutions(e: _Entry, roll_calls: dict[str, Any]) -> None:
    e.required("body", "session", "citation")
    if isinstance(e.value, dict) and any(isinstance(k, bool) for k in e.value):
        e.problem('a key reads as true or false: write "yes" and "no" in quotes (YAML takes yes and no for booleans)')
    if e.get("body") and e.get("body") not in RESOLUTION_BODIES:
        e.problem(f"body {e.get('body')!r} is not one of {', '.join(RESOLUTION_BODIES)}", "body")
    e.symbol("symbol")
    e.whole_number("session", e.get("session"))
    if e.get("symbol") in roll_calls:  # date, totals and how it was adopted come from the pack's roll calls
        return
    e.date()
    without_vote = e.get("without_vote")
    if not isinstance(without_vote, bool):
        e.problem("without_vote must be true or false (or the resolution one of the bundled GA roll calls)",
                  "without_vote")
    totals = [k for k in ("yes", "no", "abstain") if e.whole_number(k, e.get(k))]
    if without_vote is True and totals:
        e.problem("adopted without a vote, yet totals are entered", "without_vote")
    if without_vote is False and len(totals) != 3:
        e.problem("adopted by a recorded vote: enter yes, no and abstain", "without_vote")


def _council_votes(e: _Entry) -> None:
    e.date()
    e.required("kind", "question", "citation", "totals")
    e.symbol("meeting")
    if e.get("kind") and e.get("kind") not in COUNCIL_VOTE_KINDS:
        e.problem(f"kind {e.get('kind')!r} is not one of {', '.join(COUNCIL_VOTE_KINDS)}", "kind")
    totals = e.get("totals")
    if totals is not None and not isinstance(totals, dict):
        e.problem("totals must be a mapping of yes, no and abstain", "totals")
        totals = None
    positions = e.get("positions")
    if positions in (None, "unknown"):
        return
    if not isinstance(positions, dict):
        e.problem("positions must be 'unknown' or a mapping of yes, no and abstain to state codes", "positions")
        return
    seen: dict[str, str] = {}
    for vote in Vote:
        codes = positions.get(vote.value) or []
        e.states("positions", codes)
        for code in codes if isinstance(codes, list) else []:
            if code in seen:
                e.problem(f"positions: {code} votes both {seen[code]} and {vote.value}", "positions")
            seen[code] = vote.value
        if totals is not None and isinstance(codes, list) and totals.get(vote.value) != len(codes):
            e.problem(f"totals say {totals.get(vote.value)} {vote.value}, positions list {len(codes)}", "totals")


def _listings(e: _Entry) -> None:
    e.required("resolution", "listed_on", "designations")
    e.symbol("resolution")
    e.date("listed_on")
    refs = e.get("designations")
    if refs is not None and not (isinstance(refs, list) and refs):
        e.problem("designations must be a list of reference numbers", "designations")
        return
    for ref in refs or ():
        if not (isinstance(ref, str) and UN_REFERENCE.match(ref)):
            e.problem(f"designations: {ref!r} is not a consolidated list reference number (such as KPi.041)",
                      "designations")
    if refs and len(set(refs)) != len(refs):
        e.problem("designations: a reference number is listed twice", "designations")


def _recurring(e: _Entry) -> None:
    e.required("kind", "mechanism", "months", "rule")
    mechanism = e.get("mechanism")
    if mechanism and mechanism not in mechanisms():
        e.problem(f"mechanism {mechanism!r} is not in the registry (see `rightsdesk mechanisms`)", "mechanism")
    months = e.get("months")
    if months is not None and not (isinstance(months, list) and len(months) == 2
                                   and all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12
                                           for m in months) and months[0] <= months[1]):
        e.problem(f"months must be [first, last] with 1 <= first <= last <= 12, not {months!r}", "months")


def _text(e: _Entry, key: str, *, required: bool = True) -> bool:
    value = e.get(key)
    if value is None and not required:
        return True
    if not (isinstance(value, str) and value.strip()):
        e.problem(f"{key} must be text, not {value!r}" if value is not None else f"{key} is missing", key)
        return False
    return True


def _texts(e: _Entry, key: str) -> None:
    value = e.get(key)
    if not (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)):
        e.problem(f"{key} must be a list of text, not {value!r}" if value is not None else f"{key} is missing", key)


def _unknown_keys(e: _Entry, known: tuple[str, ...]) -> None:
    for key in e.value if isinstance(e.value, dict) else ():
        if key not in known:
            e.problem(f"unknown key {key!r} (expected {', '.join(known)})", str(key))


def _sanctions(e: _Entry) -> None:
    """`sanctions`: the UN regime, the SDN programs and the SDN remark that tie designations to the state."""
    _unknown_keys(e, ("un_regime", "sdn_programs", "sdn_remark"))
    _text(e, "un_regime")
    _texts(e, "sdn_programs")
    _text(e, "sdn_remark", required=False)


ACTS = re.compile(r"^[a-z][a-z-]*(;[a-z][a-z-]*)*$")  # act kinds as the case CSV writes them, ';'-separated


def _place(e: _Entry) -> None:
    e.required("country", "romanized", "hangul", "province")
    e.states("country", [e.get("country")] if e.get("country") is not None else None)


def _share(e: _Entry) -> None:
    _text(e, "mechanism")
    chance = e.get("chance")
    if isinstance(chance, bool) or not isinstance(chance, int | float) or not 0 <= chance <= 1:
        e.problem(f"chance must be a number from 0 to 1, not {chance!r}", "chance")


def _synthetic(file: str, node: yaml.Node, e: _Entry, problems: list[Problem]) -> int:
    """`synthetic_cases`: places, patterns (acts and the country, which must have a place), perpetrators,
    share_with. Returns the number of places."""
    _unknown_keys(e, ("places", "patterns", "perpetrators", "share_with"))
    e.required("places", "patterns", "perpetrators")
    _texts(e, "perpetrators")
    assert isinstance(node, yaml.MappingNode)
    places: list[str] = []
    if e.get("places") is not None:
        for place in _list_entries(file, _child(node, "places"), e.get("places"), "places", problems):
            _place(place)
            places.append(str(place.get("country")))
    if e.get("patterns") is not None:
        for pattern in _list_entries(file, _child(node, "patterns"), e.get("patterns"), "patterns", problems):
            if _text(pattern, "acts") and not ACTS.match(str(pattern.get("acts"))):
                pattern.problem(f"acts {pattern.get('acts')!r} must be act kinds separated by ';' (such as "
                                "arbitrary-detention;torture)", "acts")
            if _text(pattern, "country") and pattern.get("country") not in places:
                pattern.problem(f"country {pattern.get('country')!r} has no place in places", "country")
    if e.get("share_with") is not None:
        for share in _list_entries(file, _child(node, "share_with"), e.get("share_with"), "share_with", problems):
            _share(share)
    return len(places)


def _sql_example(e: _Entry) -> None:
    _text(e, "title")
    if _text(e, "sql") and not str(e.get("sql")).lstrip().upper().startswith(("SELECT", "WITH")):
        e.problem("sql must be a query (SELECT or WITH ...)", "sql")


def _mappings(path: Path, root: yaml.MappingNode, data: dict[str, Any], problems: list[Problem]) -> dict[str, int]:
    """Check the mappings of `pack.yaml` (sanctions, synthetic_cases); their counts of entries."""
    counts = {}
    if data.get("sanctions") is not None:
        node = _child(root, "sanctions")
        entry = _Entry(str(path), node, data["sanctions"], problems)
        if isinstance(data["sanctions"], dict):
            _sanctions(entry)
            counts["sanctions"] = 1
        else:
            entry.problem("sanctions must be a mapping with un_regime, sdn_programs and sdn_remark")
    if data.get("synthetic_cases") is not None:
        node = _child(root, "synthetic_cases")
        entry = _Entry(str(path), node, data["synthetic_cases"], problems)
        if isinstance(data["synthetic_cases"], dict):
            counts["synthetic_cases places"] = _synthetic(str(path), node, entry, problems)
        else:
            entry.problem("synthetic_cases must be a mapping with places, patterns and perpetrators")
    return counts


def _pack(folder: Path, problems: list[Problem]) -> dict[str, int]:
    """Check `pack.yaml`: the state it describes, its listings and its yearly dates."""
    path = folder / "pack.yaml"
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(str(path), mark.line + 1 if mark else None,
                                f"not valid YAML: {getattr(exc, 'problem', None) or exc}"))
        return {}
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        problems.append(Problem(str(path), 1, "must be a mapping with the key 'state'"))
        return {}
    pack = _Entry(str(path), root, data, problems)
    state = data.get("state")
    if not (isinstance(state, str) and ISO3.match(state) and is_known_iso3(state)):
        pack.problem(f"state {state!r} is not a known ISO 3166 alpha-3 code", "state")
    counts = _mappings(path, root, data, problems)
    for key, check in (("listings", _listings), ("recurring", _recurring), ("sql_examples", _sql_example)):
        if data.get(key) is None:
            continue
        count = 0
        for entry in _entries(str(path), text, key, problems):
            count += 1
            check(entry)
        counts[key] = count
    return counts


def _coi_recommendations(e: _Entry) -> None:
    e.required("id", "addressee", "summary", "status", "evidence", "citation")
    if e.get("status") and e.get("status") not in COI_STATUSES:
        e.problem(f"status {e.get('status')!r} is not one of {', '.join(COI_STATUSES)}", "status")


# Each pack file: its top-level key and the check of one entry.
FILES: dict[str, tuple[str, Callable[[_Entry, dict[str, Any]], None]]] = {
    "timeline.yaml": ("events", lambda e, _: _events(e)),
    "resolutions.yaml": ("resolutions", _resolutions),
    "council_votes.yaml": ("votes", lambda e, _: _council_votes(e)),
    "coi_recommendations.yaml": ("recommendations", lambda e, _: _coi_recommendations(e)),
}
# Within a file, the key that must not repeat, where there is one.
UNIQUE = {"resolutions.yaml": "symbol", "coi_recommendations.yaml": "id", "council_votes.yaml": "meeting"}


def _entries(file: str, text: str, key: str, problems: list[Problem]) -> Iterator[_Entry]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(file, mark.line + 1 if mark else None,
                                f"not valid YAML: {getattr(exc, 'problem', None) or exc}"))
        return
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict) or key not in data:
        problems.append(Problem(file, 1, f"must be a mapping with the key {key!r} holding a list"))
        return
    yield from _list_entries(file, _child(root, key), data[key], key, problems)


def _child(node: yaml.MappingNode, key: str) -> yaml.Node:
    child: yaml.Node = next(v for k, v in node.value if k.value == key)
    return child


def _list_entries(file: str, node: yaml.Node, value: Any, key: str, problems: list[Problem]) -> Iterator[_Entry]:
    """Each mapping of the list `value` (parsed from `node`) as an entry; a problem where it is not a list."""
    if not isinstance(node, yaml.SequenceNode) or not isinstance(value, list):
        problems.append(Problem(file, node.start_mark.line + 1, f"{key} must be a list"))
        return
    for item_node, item in zip(node.value, value, strict=True):
        entry = _Entry(file, item_node, item, problems)
        if not isinstance(item, dict):
            entry.problem("each entry must be a mapping")
            continue
        yield entry


def _roll_calls(folder: Path, problems: list[Problem]) -> dict[str, Any]:
    """The pack's GA roll calls (its resolutions take their totals from them): its own file, else the bundled
    pack's, as `records.ga_roll_calls` reads them."""
    path = folder / GA_ROLL_CALLS
    try:
        return parse_ga_roll_calls(path.read_text(encoding="utf-8") if path.is_file() else bundled_roll_calls_text())
    except (UnicodeDecodeError, KeyError, ValueError) as exc:
        problems.append(Problem(str(path), None, f"not a roll-call CSV (unres, date, yes, no, abstain): {exc}"))
        return {}


def validate_pack(directory: str | Path) -> PackReport:
    """Check every pack file in `directory`; InputError when it is not a folder or holds no pack file."""
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    present = [name for name in FILES if (folder / name).is_file()]
    if not present and not (folder / "pack.yaml").is_file():
        raise InputError(f"{folder}: no pack file found (expected pack.yaml and any of {', '.join(FILES)})")
    problems: list[Problem] = []
    entries: dict[str, int] = {}
    if (folder / "pack.yaml").is_file():
        entries |= {f"pack.yaml {key}": n for key, n in _pack(folder, problems).items()}
    else:
        problems.append(Problem(str(folder / "pack.yaml"), None, "missing: a pack names its state in pack.yaml "
                                                                "(state: ISO3)"))
    roll_calls = _roll_calls(folder, problems)
    for name in present:
        path = folder / name
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            continue
        key, check = FILES[name]
        seen: dict[Any, int] = {}
        count = 0
        for entry in _entries(str(path), text, key, problems):
            count += 1
            check(entry, roll_calls)
            unique = UNIQUE.get(name)
            value = entry.get(unique) if unique else None
            if value is not None:
                if value in seen:
                    entry.problem(f"{unique} {value!r} appears twice (first on line {seen[value]})", unique)
                seen.setdefault(value, entry.line)
        entries[name] = count
    return PackReport(str(folder), entries, tuple(problems))


def bundled_pack() -> Path:
    """The folder of the pack that ships with rightsdesk (the DPRK)."""
    return bundled_situation()


def use_pack(directory: str | Path) -> Path:
    """Check the pack in `directory` and read the situation from it from now on in this process; InputError
    naming every problem (file and line) when it has any, and nothing changed."""
    report = validate_pack(directory)
    if not report.ok:
        raise InputError(f"the situation pack {directory} was refused: {len(report.problems)} problem(s)\n"
                         + "\n".join(f"  {p}" for p in report.problems)
                         + "\n(`rightsdesk situation validate DIR` checks a pack; docs/machinery.md)")
    folder = Path(directory)
    use_situation(folder)
    return folder
