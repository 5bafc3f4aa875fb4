"""The database schema (SQLAlchemy Core): one table per record type, each row pointing to its Source.

    source ─┬─< upr_recommendation ─< upr_recommendation_issue
            ├─< roll_call ─< country_vote                     (country_vote also points to its source)
            └─< designation ─┬─< designation_name
                             ├─< designation_birth_date
                             ├─< designation_document
                             ├─< designation_address
                             ├─< designation_regime
                             ├─< designation_nationality
                             └─< designation_relation       ("Linked To": the entry it names, where resolved)
    country (ISO 3166 alpha-3, M49, UN regional group)         designation_link (UN ↔ SDN, reviewed)

Ids are hashes of natural keys (`ids.py`), so loading the same record twice writes the same row. Lists that a
row holds (issue labels, regimes, nationalities) are kept as JSON beside a child table used for filtering.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

ID = 32  # hex digits of an id hash


def _source() -> Column[str]:
    return Column("source_id", String(ID), ForeignKey("source.id"), nullable=False, index=True)


source = Table(
    "source", metadata,
    Column("id", String(ID), primary_key=True),
    Column("dataset", String(40), nullable=False),  # the ingestor kind
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("ingestor", String(40), nullable=False),
    Column("ingestor_version", String(20), nullable=False),
    Column("symbol", String(80)),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("records", Integer, nullable=False, default=0),
    Column("issued", Date),  # the day a list snapshot was generated, where the file says
)

country = Table(
    "country", metadata,
    Column("iso3", String(3), primary_key=True),
    Column("iso2", String(2), nullable=False),
    Column("m49", String(3), nullable=False),
    Column("name", Text, nullable=False),
    Column("official_name", Text, nullable=False),
    Column("regional_group", String(20)),
    Column("un_status", String(10), nullable=False),
)

upr_recommendation = Table(
    "upr_recommendation", metadata,
    Column("id", String(ID), primary_key=True),
    Column("to_state", String(3), nullable=False),
    Column("from_state", String(3)),
    Column("text", Text, nullable=False),
    Column("response", String(10)),
    Column("response_original", String(40), nullable=False),
    Column("action_category", Integer),
    Column("issues", JSON, nullable=False),
    Column("session", Integer, nullable=False),
    Column("cycle", Integer, nullable=False),
    Column("paragraph", String(20)),
    Column("to_state_original", Text, nullable=False),
    Column("from_state_original", Text, nullable=False),
    _source(),
    Index("ix_upr_to_cycle", "to_state", "cycle"),
    Index("ix_upr_from", "from_state"),
    Index("ix_upr_session", "session"),
)

# A Working Group report's paragraph matched to a recommendation another source (UPR Info) holds: the report
# adds its paragraph number (and its response, where the row has none) instead of a second row (issue 11).
upr_report_paragraph = Table(
    "upr_report_paragraph", metadata,
    Column("recommendation_id", String(ID), primary_key=True),  # no foreign key: the row's source may reload
    Column("paragraph", String(20), nullable=False),
    Column("response", String(10)),
    Column("response_original", String(40), nullable=False),
    Column("score", Float, nullable=False),  # the text match, 0-100
    _source(),
)

# What derived data (the cross-list links) was last computed from: the content version of its inputs
# (`reader.content_version`), written in the transaction that computes it, so a load that crashed before the
# derived data was refreshed is seen as stale and recomputed by the next build or ingest.
derived_version = Table(
    "derived_version", metadata,
    Column("name", String(40), primary_key=True),  # "links"
    Column("version", String(64), nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)

# The screening index's blocking postings over every designation held (`store/screening_keys.py`), so that
# `rightsdesk screen` reads the few candidates of one query instead of building the whole index. Derived: written
# by the build and every list load, stamped in `derived_version` (row "screening"), and recomputed when stale.
# `entry` and `name` are the ordinals `ScreeningIndex.build` gives (designations in list, reference order);
# `name` is -1 on an identifier key ("i:<passport>"), which points to an entry.
screening_key = Table(
    "screening_key", metadata,
    Column("key", Text, primary_key=True),  # k:<hangul> t:<token> s:<skeleton> p:<plain> i:<identifier>
    Column("name", Integer, primary_key=True),
    Column("entry", Integer, primary_key=True),
)
screening_entry = Table(
    "screening_entry", metadata,
    Column("entry", Integer, primary_key=True),
    Column("designation_id", String(ID), nullable=False),
    Column("first_name", Integer, nullable=False),  # the entry's names are first_name, first_name + 1, ...
    Column("names", Integer, nullable=False),
)

# A reviewer's judgement on a pair of list records ("list:id", the smaller first), as the workbench records them:
# append-only; withdrawing appends the pair again with `deleted` (a soft delete); the latest row counts.
link_judgement = Table(
    "link_judgement", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("left_record", String(200), nullable=False, index=True),
    Column("right_record", String(200), nullable=False),
    Column("decision", String(10), nullable=False),  # "match" | "split"
    Column("who", String(80), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("why", Text, nullable=False),
    Column("deleted", Boolean, nullable=False),
)

upr_recommendation_issue = Table(
    "upr_recommendation_issue", metadata,
    Column("recommendation_id", String(ID), ForeignKey("upr_recommendation.id", ondelete="CASCADE"),
           primary_key=True),
    Column("issue", String(80), primary_key=True),
    Index("ix_upr_issue", "issue"),
)

roll_call = Table(
    "roll_call", metadata,
    Column("rcid", Integer, primary_key=True),
    Column("session", Integer, nullable=False),
    Column("date", Date),
    Column("symbol", String(80), index=True),
    Column("symbol_original", String(80), nullable=False),
    Column("important_vote", Boolean, nullable=False),
    Column("amendment", Boolean, nullable=False),
    Column("paragraph", Boolean, nullable=False),
    Column("short_title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("issues", JSON, nullable=False),
    _source(),
    # The list of roll calls (`/api/v1/votes`) filters by session and orders by date (issue 15): without these
    # every request read the whole table and sorted it. Revision 0014 adds them to existing stores.
    Index("ix_roll_call_session_date", "session", "date"),
    Index("ix_roll_call_date", "date"),
)

# No foreign keys here, on purpose: checking them for 870,109 rows tripled the load on PostgreSQL. The writer
# keeps the same promises (a vote is written only after its roll call, in the same transaction, and the
# ingestor refuses a vote whose roll call is not in the file), and the tests check for orphans.
country_vote = Table(
    "country_vote", metadata,
    Column("rcid", Integer, primary_key=True),
    Column("country", String(3), primary_key=True),
    Column("vote", String(7), nullable=False),
    Column("country_original", Text, nullable=False),
    Column("source_id", String(ID), nullable=False),
    Index("ix_vote_country", "country"),
    # The totals of a page of roll calls count (rcid, vote) from this index alone, not from the whole rows (0014).
    Index("ix_vote_rcid_vote", "rcid", "vote"),
    sqlite_with_rowid=False,  # the (rcid, country) key is the table: no second copy of it in an index
)

designation = Table(
    "designation", metadata,
    Column("id", String(ID), primary_key=True),
    Column("list_name", String(20), nullable=False),
    Column("reference_number", String(40), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("name", Text, nullable=False),
    Column("regimes", JSON, nullable=False),
    Column("name_original_script", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("function", Text, nullable=False),
    Column("gender", String(20), nullable=False),
    Column("nationalities", JSON, nullable=False),
    Column("nationalities_original", JSON, nullable=False),
    Column("listed_on", Date),
    Column("last_updated", JSON, nullable=False),
    Column("narrative", Text, nullable=False),
    Column("extra", JSON, nullable=False),
    _source(),
    Index("ix_designation_ref", "list_name", "reference_number", unique=True),
)


def _child(name: str, *columns: Column[Any] | Index) -> Table:
    return Table(
        name, metadata,
        Column("designation_id", String(ID), ForeignKey("designation.id", ondelete="CASCADE"), primary_key=True),
        Column("position", Integer, primary_key=True),
        *columns,
    )


designation_name = _child(
    "designation_name",
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("quality", String(80)),
    Column("parts", JSON, nullable=False),
)
designation_birth_date = _child(
    "designation_birth_date",
    Column("kind", String(20), nullable=False),
    Column("date", String(10)),  # ISO at its precision: 1957, 1957-10, 1957-10-24
    Column("from_year", Integer),
    Column("to_year", Integer),
    Column("note", Text, nullable=False),
)
designation_document = _child(
    "designation_document",
    Column("kind", Text, nullable=False),
    Column("number", Text, nullable=False),
    Column("country", String(3)),
    Column("country_original", Text, nullable=False),
    Column("issued", Text, nullable=False),
    Column("note", Text, nullable=False),
)
designation_address = _child(
    "designation_address",
    Column("kind", String(20), nullable=False),
    Column("street", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("region", Text, nullable=False),
    Column("postal_code", Text, nullable=False),
    Column("country", String(3)),
    Column("country_original", Text, nullable=False),
    Column("note", Text, nullable=False),
)
designation_relation = _child(
    "designation_relation",
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),  # the name as the list gives it
    Column("target_list", String(20), nullable=False),
    Column("target_ref", String(40)),  # None where the name identifies no single entry
    Column("note", Text, nullable=False),
    Index("ix_relation_target", "target_list", "target_ref"),
)
designation_regime = Table(
    "designation_regime", metadata,
    Column("designation_id", String(ID), ForeignKey("designation.id", ondelete="CASCADE"), primary_key=True),
    Column("regime", String(40), primary_key=True),
    Index("ix_designation_regime", "regime"),
)
designation_nationality = Table(
    "designation_nationality", metadata,
    Column("designation_id", String(ID), ForeignKey("designation.id", ondelete="CASCADE"), primary_key=True),
    Column("country", String(3), primary_key=True),
    Index("ix_designation_nationality", "country"),
)

designation_link = Table(
    "designation_link", metadata,
    Column("id", String(ID), primary_key=True),
    Column("left_list", String(20), nullable=False),
    Column("left_ref", String(40), nullable=False),
    Column("right_list", String(20), nullable=False),
    Column("right_ref", String(40), nullable=False),
    Column("score", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("status", String(10), nullable=False, default="proposed"),  # proposed | accepted | rejected
    Column("decided_by", Text),
    Column("decided_at", DateTime(timezone=True)),
    Index("ix_link_pair", "left_list", "left_ref", "right_list", "right_ref", unique=True),
)

DESIGNATION_CHILDREN = (designation_name, designation_birth_date, designation_document, designation_address,
                        designation_regime, designation_nationality, designation_relation)
from rightsdesk.store import schema_case_links as _case_links  # noqa: E402,F401
from rightsdesk.store import schema_cases as _cases  # noqa: E402,F401
from rightsdesk.store import schema_search as _search  # noqa: E402,F401
from rightsdesk.store import schema_tags as _tags  # noqa: E402,F401
