"""A case desk for the CLI tests: a key, five accounts, fictional cases in two collections, and one planted victim
whose identity must never leak. It is made once per engine per run and copied: once per module (`desk`), and
for each test that changes the key or tampers with the store (`fresh_desk`)."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from rightsdesk.cases.crypto import new_key
from rightsdesk.cases.csv_format import COLUMNS, write_rows
from rightsdesk.cases.synth import synth_rows
from rightsdesk.cli import cli
from tests.conftest import ENGINES, _drop_pg_database, _engine_url, _pg_database

PASSWORD = "correct horse battery"
ROLES = {"admin": ("admin", "*"), "documenter": ("documenter", "north"), "analyst": ("analyst", "north"),
         "viewer": ("viewer", "north"), "south": ("documenter", "south")}
#: The planted victim: fictional, and unusual enough that a hit in raw bytes can only be a leak.
PLANTED = {"hangul": "탁혜련", "mr": "Thak Hye-ryon", "rr": "Tak Hyeryeon", "contact": "+82-10-5555-0199",
           "testimony": "Thak Hye-ryon was seen at Onsong detention centre by a cellmate"}
LEAK_MARKERS = ("탁혜련", "Thak Hye-ryon", "Tak Hyeryeon", "Hyeryeon", "5555-0199", "cellmate")


def planted_row(ref: str = "PLANT-1") -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update({"ref": ref, "title": f"Disappearance of {PLANTED['mr']}", "victim_name_hangul": PLANTED["hangul"],
                "victim_name_mr": PLANTED["mr"], "victim_name_rr": PLANTED["rr"], "victim_sex": "female",
                "victim_birth": "1979-04-02", "victim_contact": PLANTED["contact"],
                "acts": "enforced-disappearance;arbitrary-detention", "event_start": "2014-03",
                "place_country": "PRK", "place_romanized": "Onsong", "place_hangul": "온성",
                "place_province": "North Hamgyong", "perpetrator": "Ministry of State Security",
                "source_kind": "testimony", "testimony": PLANTED["testimony"],
                "family_steps": "Her brother asked at the county office twice.", "consent_storage": "yes",
                "consent_analysis": "yes", "consent_share": "WGEID;OHCHR-Seoul", "consent_date": "2024-05-01"})
    return row


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fp:
        write_rows(fp, rows)
    return path


@dataclass
class Desk:
    """A store with accounts and cases, and a runner that signs in."""

    url: str
    key: str
    tmp: Path
    ids: dict[str, str] = field(default_factory=dict)

    def env(self, **extra: str) -> dict[str, str]:
        return {"RIGHTSDESK_SECRET_KEY": self.key, "RIGHTSDESK_PASSWORD": PASSWORD,
                "RIGHTSDESK_NEW_PASSWORD": PASSWORD, "RIGHTSDESK_SECRET_KEY_FILE": "", **extra}

    def run(self, *args: str, user: str | None = None, env: dict[str, str] | None = None) -> Result:
        argv = ["--db", self.url, *args, *(["--user", user] if user else [])]
        return CliRunner().invoke(cli, argv, env=env or self.env(), catch_exceptions=False)

    def ok(self, *args: str, user: str | None = None) -> Result:
        result = self.run(*args, user=user)
        assert result.exit_code == 0, result.output
        return result

    def json(self, *args: str, user: str | None = None) -> Any:
        return json.loads(self.ok(*args, user=user).stdout)


def make_desk(url: str, tmp: Path) -> Desk:
    desk = Desk(url=url, key=new_key(), tmp=tmp)
    desk.ok("users", "add", "admin", "--role", "admin")
    for name, (role, collection) in ROLES.items():
        if name != "admin":
            desk.ok("users", "add", name, "--role", role, "--collection", collection, user="admin")
    rows = [planted_row(), *synth_rows(12, seed=7)]
    desk.ok("cases", "import", str(write_csv(tmp / "north.csv", rows)), "--collection", "north", user="documenter")
    south = planted_row("SOUTH-1")
    south.update({"victim_name_hangul": "남궁민", "victim_name_mr": "Namgung Min", "victim_name_rr": "",
                  "testimony": "", "victim_contact": ""})
    desk.ok("cases", "import", str(write_csv(tmp / "south.csv", [south])), "--collection", "south", user="south")
    listed = desk.json("cases", "list", "--json", user="admin")
    by_collection = {c: [r["id"] for r in listed if r["collection"] == c] for c in ("north", "south")}
    from rightsdesk.cases.csv_format import case_id_for

    desk.ids = {"planted": case_id_for("north", "PLANT-1"), "south": by_collection["south"][0],
                "other": next(i for i in by_collection["north"] if i != case_id_for("north", "PLANT-1"))}
    return desk


@pytest.fixture(scope="session")
def _desk_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Desk]]:
    """Per engine, a case desk made once per run (accounts, an argon2 hash each; two imports) for `desk` and
    `fresh_desk` to copy: a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL."""
    templates: dict[str, Desk] = {}
    yield templates
    if "postgresql" in templates:
        _drop_pg_database(templates["postgresql"].url.rsplit("/", 1)[1])


def _copied_desk(engine: str, templates: dict[str, Desk], tmp_path_factory: pytest.TempPathFactory,
                 tmp: Path) -> tuple[Desk, str | None]:
    """A desk of its own on `engine` in `tmp`, copied from the run's template (made on first use); and the
    PostgreSQL database's name to drop after."""
    if engine not in templates:
        made = tmp_path_factory.mktemp("desk-template")
        url, _ = _engine_url(engine, made)
        templates[engine] = make_desk(url, made)
        if engine == "postgresql":  # the commands' pooled connections would stop the copies
            _end_connections(url)
        else:  # the file alone must hold everything: fold in the write-ahead log
            with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
                busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                assert not busy, "the template desk is still being written"
    template = templates[engine]
    for made_file in template.tmp.iterdir():  # what it imported (north.csv, south.csv): tests read them
        if made_file.is_file() and not made_file.name.startswith("rightsdesk.db"):
            shutil.copyfile(made_file, tmp / made_file.name)
    if engine == "sqlite":
        path = tmp / "rightsdesk.db"
        shutil.copyfile(template.url.removeprefix("sqlite:///"), path)
        return replace(template, url=f"sqlite:///{path}", tmp=tmp, ids=dict(template.ids)), None
    name = f"rightsdesk_test_{uuid.uuid4().hex[:12]}"
    url = _pg_database(name, template=template.url.rsplit("/", 1)[1])
    return replace(template, url=url, tmp=tmp, ids=dict(template.ids)), name


def _end_connections(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                     "AND pid <> pg_backend_pid()", (name,))


@pytest.fixture(scope="module", params=ENGINES)
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         _desk_templates: dict[str, Desk]) -> Iterator[Desk]:
    """A case desk on each engine in turn, for the module (a copy of the run's template desk)."""
    made, pg_name = _copied_desk(request.param, _desk_templates, tmp_path_factory, tmp_path_factory.mktemp("desk"))
    yield made
    if pg_name:
        _drop_pg_database(pg_name)


@pytest.fixture(params=ENGINES)
def fresh_desk(request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
               _desk_templates: dict[str, Desk]) -> Iterator[Desk]:
    """A case desk of its own, for tests that change the key or tamper with the store (a copy of the run's
    template desk: a second, not the ten that making one costs)."""
    made, pg_name = _copied_desk(request.param, _desk_templates, tmp_path_factory, tmp_path)
    yield made
    if pg_name:
        _drop_pg_database(pg_name)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines()))
