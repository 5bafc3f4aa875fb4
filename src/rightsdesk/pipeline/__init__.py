"""The workflows that the CLI, the web and a scheduler share, as library functions returning typed reports.

    build(store)                   load every bundled dataset, refresh the cross-list links, reindex
    load_path(store, kind, path)   parse one file with one ingestor and load its records (the two verbs composed)
    load_file(store, kind, path)   load_path, then refresh the links it makes stale
    refresh_links(store)           propose UN ↔ SDN links again from the lists held, keeping every decision
    reindex(store)                 bring the full-text index (and the recommendation vectors) up to date
    screening.refresh_screening_keys(store)   save the screening index's postings that `screen` reads

Each takes a `Store` (and, where a caller shows progress, a callback) and returns a frozen report; none prints.
The case workflows live here too, each checking the permission and auditing in the change's transaction:
`cases` (import, export, submission, withdrawal, notes, key rotation), `case_intake` (the workbench's intake
form), `case_evidence` (attach, list, open, verify evidence files) and `case_suggestions` (linked clusters
brought back to the cases); import them from their modules.
What lives here composes store/, ingest/, linkage/, search/, access/ and cases/; it holds no SQL and no click.
"""

from rightsdesk.pipeline.build import BuildReport, DatasetStep, build
from rightsdesk.pipeline.links import LinkRefresh, refresh_links
from rightsdesk.pipeline.load import FileLoad, load_file, load_path
from rightsdesk.pipeline.reindex import ReindexReport, reindex

__all__ = ["BuildReport", "DatasetStep", "FileLoad", "LinkRefresh", "ReindexReport", "build", "load_file",
           "load_path", "refresh_links", "reindex"]
