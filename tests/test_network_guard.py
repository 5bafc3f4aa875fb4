"""The suite's network guard: a test that reaches beyond the loopback range fails."""

from __future__ import annotations

import socket
from urllib.parse import urlparse

import pytest

from tests.conftest import PG_URL


def test_connecting_outside_loopback_fails() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(AssertionError, match="nothing may leave"):
        s.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname())


def test_the_test_database_is_on_loopback() -> None:
    # libpq opens its own sockets, out of the guard's reach: the URL itself must name a loopback host.
    assert urlparse(PG_URL).hostname in ("127.0.0.1", "localhost", "::1", None)
