"""The error tree: every kind has its own exit code and HTTP status, and the docstring draws every class."""

from __future__ import annotations

import inspect

import pytest

from rightsdesk import errors
from rightsdesk.errors import (
    AuthenticationError,
    ConflictError,
    IngestError,
    InputError,
    NotFoundError,
    OlderListError,
    PermissionDeniedError,
    SchemaError,
    StoreUnavailableError,
    UsageError,
    exit_code,
    http_status,
)


@pytest.mark.parametrize(("exc", "code", "status"), [
    (UsageError("x"), 64, 400),
    (InputError("x"), 2, 400),
    (OlderListError("x"), 2, 400),
    (IngestError("f.csv", 3, "bad"), 2, 400),
    (NotFoundError("x"), 3, 404),
    (AuthenticationError("x"), 4, 401),
    (PermissionDeniedError("case.read", "no role grants it"), 4, 403),
    (ConflictError("x"), 5, 409),
    (StoreUnavailableError("x"), 6, 503),
    (SchemaError("x"), 6, 503),
])
def test_each_kind_has_its_exit_code_and_status(exc: errors.RightsdeskError, code: int, status: int) -> None:
    assert (exit_code(exc), http_status(exc)) == (code, status)


def test_a_permission_error_carries_its_reason() -> None:
    exc = PermissionDeniedError("case.identity.read", "the role 'analyst' does not grant it")
    assert exc.reason in str(exc) and exc.action == "case.identity.read"


def test_the_docstring_draws_every_error_class() -> None:
    classes = [name for name, obj in vars(errors).items()
               if inspect.isclass(obj) and issubclass(obj, errors.RightsdeskError)]
    assert len(classes) >= 12
    for name in classes:
        assert name in (errors.__doc__ or ""), name
