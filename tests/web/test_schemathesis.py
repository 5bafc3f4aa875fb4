"""Schemathesis against /openapi.json: generated requests to every endpoint find no server error (5xx).

Runs on SQLite over the fixture files; the PostgreSQL half of the API is covered by test_api.py.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from tests.web.conftest import load_samples  # noqa: E402


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from rightsdesk.store import Store
    from rightsdesk.web import create_app

    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('st')}/st.db")
    load_samples(store)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return schemathesis.openapi.from_asgi("/openapi.json", create_app(store))


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_is_generated(api_schema: Any) -> None:
    assert len(_operations(api_schema)) == len(api_schema.raw_schema["paths"]) >= 15


def test_no_server_error(api_schema: Any) -> None:
    """Each operation, with generated valid and invalid parameters: no answer is a 5xx.

    (schemathesis's own pytest plugin does not run under pytest 9, so the strategies are driven here.)
    """
    for operation in _operations(api_schema):
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            assert response.status_code < 500, (case.formatted_path, response.text[:200])

        check()
