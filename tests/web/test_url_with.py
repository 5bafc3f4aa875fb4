"""The links a page builds from its own URL (`web.app.url_with`, `url_without`): parameters changed, kept,
repeated and encoded as `urllib.parse.urlencode` does, the cursor reset; the same answers on every call of one
request (the kept parameters are worked out once a request)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pytest
from starlette.requests import Request

from rightsdesk.web.app import url_with, url_without


def _request(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/recommendations", "query_string": query.encode(),
                    "headers": [], "server": ("t", 80), "scheme": "http", "root_path": ""})


@pytest.mark.parametrize("query", ["", "q=torture&cursor=abc", "to=PRK&to=CHN&q=forced+labour%26more",
                                   "issue=Women%27s+rights&from=FRA&cursor=x&mode=keyword"])
def test_url_with_changes_keeps_and_encodes(query: str) -> None:
    request = _request(query)
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "cursor"]
    for _ in range(2):  # the second call answers from what the first worked out
        assert url_with(request) == "/recommendations" + ("?" + urlencode(kept) if kept else "")
        to = [(k, v) for k, v in kept if k != "to"] + [("to", "KOR")]
        assert url_with(request, to="KOR") == "/recommendations?" + urlencode(to)
        several = [(k, v) for k, v in kept if k != "from"] + [("from", "A&B"), ("from", "C D")]
        assert url_with(request, from_=["A&B", "C D"]) == "/recommendations?" + urlencode(several)
        gone = [(k, v) for k, v in kept if k != "q"]
        assert url_with(request, q=None) == "/recommendations" + ("?" + urlencode(gone) if gone else "")
    if "to=CHN" in query:
        assert url_without(request, "to", "chn") == "/recommendations?" + urlencode(
            [(k, v) for k, v in kept if (k, v) != ("to", "CHN")])
