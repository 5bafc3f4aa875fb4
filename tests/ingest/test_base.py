"""Each format declares itself once, as an `Ingestor`; the pipeline and the writer read the declarations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rightsdesk.errors import InputError
from rightsdesk.ingest import INGESTORS, bundled, data_dir, ingestor
from rightsdesk.model.vocab import SanctionsList

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_each_ingestor_is_filed_under_its_name() -> None:
    assert all(kind == found.name and found.version for kind, found in INGESTORS.items())


def test_the_snapshots_are_the_sanctions_lists() -> None:
    assert {kind for kind, found in INGESTORS.items() if found.snapshot} == set(SanctionsList.ingestors())


def test_only_the_report_pairs_with_rows_held_elsewhere() -> None:
    assert [kind for kind, found in INGESTORS.items() if found.pairs_with_held is not None] == ["upr-report"]


def test_votes_come_from_the_third_file() -> None:
    votes = ingestor("unvotes")
    files = votes.files(FIXTURES / "unvotes")
    (kind, index), = votes.record_file.items()
    assert kind.__name__ == "CountryVote" and "votes" in files[index].name


def test_a_list_says_when_it_was_issued_and_a_csv_does_not() -> None:
    assert isinstance(ingestor("un-sc-list").issued(FIXTURES / "un_list_sample.xml"), dt.date)
    assert ingestor("upr-info").issued(FIXTURES / "upr_sample.csv") is None


def test_an_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(InputError, match="unknown ingestor 'nope'; known: upr-info, unvotes"):
        ingestor("nope")


def test_build_loads_every_bundled_dataset_the_docs_list() -> None:
    """docs/data.md says `rightsdesk build` loads all of src/rightsdesk/data/, the DPRK's UPR Working Group reports
    included (their paragraph numbers make the DPRK's recommendations citable); each report after UPR Info, whose
    rows it reconciles with."""
    kinds = [kind for kind, _ in bundled()]
    assert set(kinds) == set(INGESTORS)
    reports = [path for kind, path in bundled() if kind == "upr-report"]
    assert sorted(p.name for p in reports) == sorted(p.name for p in (data_dir() / "upr_reports").glob("*.txt"))
    assert len(reports) == 2 and all(p.is_file() for p in reports)
    assert kinds.index("upr-info") < kinds.index("upr-report")
