"""The declared actions on case data and the roles that grant them (the defaults of issue 12).

    admin       every action, in the collections granted ("*" for all)
    documenter  view-case, view-identity, edit-case, export-case, submit-case, label-records
    analyst     view-case (pseudonymised) and export-case (redacted only: no view-identity), label-records
    viewer      view-case (pseudonymised)

label-records is the right to confirm, reject or add a label of a public record (a recommendation's theme):
held in any collection, it applies to the public records, which belong to none.

No I/O here: which principal holds which role in which collection is the store's business.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """What a principal may be allowed to do with case data."""

    VIEW_CASE = "view-case"
    VIEW_IDENTITY = "view-identity"
    EDIT_CASE = "edit-case"
    EXPORT_CASE = "export-case"
    SUBMIT_CASE = "submit-case"
    MANAGE_USERS = "manage-users"
    LABEL_RECORDS = "label-records"


class Role(StrEnum):
    """The roles an account may be granted, per collection."""

    ADMIN = "admin"
    DOCUMENTER = "documenter"
    ANALYST = "analyst"
    VIEWER = "viewer"


ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.DOCUMENTER: frozenset({Action.VIEW_CASE, Action.VIEW_IDENTITY, Action.EDIT_CASE, Action.EXPORT_CASE,
                                Action.SUBMIT_CASE, Action.LABEL_RECORDS}),
    Role.ANALYST: frozenset({Action.VIEW_CASE, Action.EXPORT_CASE, Action.LABEL_RECORDS}),
    Role.VIEWER: frozenset({Action.VIEW_CASE}),
}

ALL_COLLECTIONS = "*"
