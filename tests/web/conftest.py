"""A workbench over the trimmed fixture files, on each engine: fast enough for most web tests."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ENGINES, _drop_pg_database, _engine_url
from tests.store.test_load import FIXTURES, load_samples

__all__ = ["FIXTURES", "load_samples"]

@pytest.fixture
def loaded(store: Any) -> Any:
    """A store (each engine) holding the fixture files."""
    load_samples(store)
    return store


def make_client(store: Any, *, raise_errors: bool = False) -> Any:
    """A TestClient over the workbench; server errors come back as responses, as a user would see them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from rightsdesk.web import create_app

    return TestClient(create_app(store), raise_server_exceptions=raise_errors)


@pytest.fixture(scope="session", params=ENGINES)
def shared_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One store per engine holding the fixture files, shared by the tests that only read."""
    from rightsdesk.store import Store

    url, pg_name = _engine_url(request.param, tmp_path_factory.mktemp("web"))
    store = Store.open(url)
    load_samples(store)
    yield store
    store.close()
    if pg_name:
        _drop_pg_database(pg_name)


@pytest.fixture(scope="session")
def client(shared_store: Any) -> Iterator[Any]:
    """A read-only workbench over the fixture files, on each engine; an unhandled exception fails the test."""
    with make_client(shared_store, raise_errors=True) as c:
        yield c
