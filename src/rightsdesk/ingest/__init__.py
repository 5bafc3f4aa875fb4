"""Ingestors: one module per source format, each declaring an `Ingestor` (`INGESTOR`, see model/ingestor.py) whose
`parse(path)` yields records; none touches the store.

    upr-info     UPR Info's export of UPR recommendations (CSV)
    unvotes      General Assembly roll calls, their issues and each state's vote (three CSVs in a folder)
    un-sc-list   the Security Council consolidated sanctions list (XML)
    ofac-sdn     the US SDN list in its legacy CSV files (sdn, add, alt, sdn_comments in a folder)
    upr-report   the recommendations section of a UPR Working Group report (text extracted from the PDF)

`INGESTORS` maps each kind to its ingestor; `bundled()` lists the datasets that ship with rightsdesk.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rightsdesk.errors import InputError
from rightsdesk.ingest import ofac_sdn, un_sc_list, unvotes, upr_info, upr_report
from rightsdesk.model.ingestor import Ingestor

INGESTORS: dict[str, Ingestor] = {i.name: i for i in (upr_info.INGESTOR, unvotes.INGESTOR, un_sc_list.INGESTOR,
                                                        ofac_sdn.INGESTOR, upr_report.INGESTOR)}


def ingestor(kind: str) -> Ingestor:
    """The ingestor of `kind`; InputError naming the known kinds if there is none."""
    try:
        return INGESTORS[kind]
    except KeyError:
        raise InputError(f"unknown ingestor {kind!r}; known: {', '.join(INGESTORS)}") from None


def data_dir() -> Path:
    """The folder of bundled datasets inside the installed package."""
    return Path(str(resources.files("rightsdesk").joinpath("data")))


def bundled() -> list[tuple[str, Path]]:
    """The bundled datasets as (ingestor kind, path), in loading order. The DPRK's UPR Working Group reports come
    after UPR Info, whose rows they reconcile with (paragraph numbers added, no row added)."""
    d = data_dir()
    return [
        ("upr-info", d / "upr-info" / "upr_recommendations_sessions01-20.csv.gz"),
        *(("upr-report", report) for report in sorted((d / "upr_reports").glob("*.txt"))),
        ("unvotes", d / "unvotes"),
        ("un-sc-list", d / "un-sc-list" / "un_sc_consolidated_list_2026-02-27.xml.gz"),
        ("ofac-sdn", d / "ofac-sdn"),
    ]
