"""The writer loads the records it is given: it never parses, reads them as a stream, and writes all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from rightsdesk.errors import IngestError
from rightsdesk.ingest import upr_info
from rightsdesk.model.ingestor import Record
from rightsdesk.store import schema, writer

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "upr_sample.csv"


def _count(store: Any, table: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def test_the_writer_writes_the_records_it_is_given_not_the_file(store: Any) -> None:
    three = list(upr_info.parse(SAMPLE))[:3]  # the file holds 30: the writer must not read it itself
    report = writer.load(store, upr_info.INGESTOR, SAMPLE, iter(three))
    assert report.changed and report.counts == {"upr_recommendations": 3}
    assert _count(store, schema.upr_recommendation) == 3


def test_records_of_a_file_loaded_before_are_not_read(store: Any) -> None:
    writer.load(store, upr_info.INGESTOR, SAMPLE, upr_info.parse(SAMPLE))

    def untouched() -> Iterator[Record]:
        raise AssertionError("the records of a file loaded before were read")
        yield  # a generator

    assert writer.load(store, upr_info.INGESTOR, SAMPLE, untouched()).changed is False


def test_records_stream_batch_by_batch(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "BATCH", 4)
    read: list[int] = []

    def counted() -> Iterator[Record]:
        for record in upr_info.parse(SAMPLE):
            read.append(1)
            yield record

    seen_at_first_batch: list[int] = []
    writer.load(store, upr_info.INGESTOR, SAMPLE, counted(),
                lambda n: seen_at_first_batch.append(len(read)) if not seen_at_first_batch else None)
    assert seen_at_first_batch == [4]  # not all 30 read before the first batch was written
    assert len(read) == 30


def test_a_bad_record_late_in_the_stream_leaves_the_store_as_it_was(store: Any) -> None:
    def broken() -> Iterator[Record]:
        yield from list(upr_info.parse(SAMPLE))[:20]
        raise IngestError(str(SAMPLE), 22, "a malformed row")

    with pytest.raises(IngestError, match="line 22: a malformed row"):
        writer.load(store, upr_info.INGESTOR, SAMPLE, broken())
    assert _count(store, schema.upr_recommendation) == 0
    assert _count(store, schema.source) == 0
