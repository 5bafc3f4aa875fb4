"""The redacted CSV export read from the plain columns (`store.case_export`) gives exactly the rows that
`cases.views.export_rows` gives over each case read in full, on SQLite and PostgreSQL, over fictional cases."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from rightsdesk.access import Principal
from rightsdesk.cases.crypto import keyring_from_env, new_key
from rightsdesk.cases.csv_format import write_rows
from rightsdesk.cases.synth import synth_rows
from rightsdesk.cases.views import EXPORT_COLUMNS, analysis_allowed, export_rows
from rightsdesk.cases.vocab import ConsentScope
from rightsdesk.export import inert_cell
from rightsdesk.pipeline.cases import export_text, import_csv, withdraw
from rightsdesk.store import audit
from rightsdesk.store import case_records as records

ADMIN = Principal(user="admin", grants=frozenset({("admin", "*")}))
NORTH_ANALYST = Principal(user="na", grants=frozenset({("analyst", "north")}))


def _fill(store: Any, ring: Any, tmp: Path, collection: str, n: int, seed: int) -> None:
    rows = list(synth_rows(n, seed=seed))
    rows[0] |= {"perpetrator": "=HYPERLINK(1)", "perpetrator_kind": "individual", "perpetrator_designation": "KPi.1"}
    rows[1] |= {"perpetrator": "", "perpetrator_designation": "KPe.052"}
    rows[2] |= {"perpetrator": "", "perpetrator_designation": "", "event_start": "", "place_country": "",
                "place_romanized": "", "place_hangul": "", "place_province": ""}
    rows[3] |= {"consent_analysis": "no"}
    path = tmp / f"{collection}.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        write_rows(fp, rows)
    import_csv(store, ring, ADMIN, path, collection)


def _by_case_model(store: Any, ring: Any, collections: list[str] | None) -> str:
    """The export as the case model writes it: every case read and built, then `export_rows`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    with store.engine.connect() as conn:
        for stored in records.iter_cases(conn, ring, collections, identities=False, batch=7):
            if analysis_allowed(stored.case, on=dt.date.today()):
                writer.writerows({k: inert_cell(v) for k, v in row.items()}
                                 for row in export_rows(stored, full=False))
    return out.getvalue()


def test_the_redacted_csv_is_the_rows_of_the_case_model(store: Any, tmp_path: Path) -> None:
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    _fill(store, ring, tmp_path, "north", 40, 5)
    _fill(store, ring, tmp_path, "south", 15, 6)
    with store.engine.connect() as conn:
        some = records.case_ids(conn, ["north"])[7]
    withdraw(store, ring, ADMIN, some, ConsentScope.ANALYSIS, None)

    text, kept, left_out = export_text(store, ring, ADMIN, fmt="csv")
    assert text == _by_case_model(store, ring, None)
    assert kept + left_out == 55 and left_out >= 3  # two rows said no, and one withdrew
    assert some not in text
    assert "'=HYPERLINK(1) (KPi.1)" not in text  # an individual perpetrator is a pseudonym in a redacted export
    assert "(KPe.052)" in text
    with store.engine.connect() as conn:
        last = audit.entries(conn)[-1]
    assert (last["action"], last["detail"]["cases"], last["detail"]["left_out_without_consent"]) == \
        ("export", kept, left_out)

    north, kept_north, _ = export_text(store, ring, NORTH_ANALYST, fmt="csv")
    assert north == _by_case_model(store, ring, ["north"])
    assert ",south," not in north and kept_north < kept
