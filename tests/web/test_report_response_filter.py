"""A recommendation whose response comes only from a loaded Working Group report (UPR Info's row has none) is
shown with the report's response, and the `response` filter and the response facet read that same response: the
CLI's `--response`, the API's `?response=` and the facet counts found and counted it under none before."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from rightsdesk.access import ANONYMOUS
from rightsdesk.cli import cli
from rightsdesk.pipeline import load_path as load
from rightsdesk.store.readers.holdings import country_overview
from tests.store.test_upr_report_reconcile import CYCLE2, _dprk_cycle2_of_upr_info
from tests.web.conftest import make_client


def _without_responses_from(tmp_path: Path, state: str) -> Path:
    """UPR Info's rows of the DPRK's second review with the response of every recommendation by `state` blanked."""
    path = _dprk_cycle2_of_upr_info(tmp_path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    blanked = 0
    for r in rows:
        if r["from_state"] == state:
            r["response"], blanked = "", blanked + 1
    assert blanked >= 3
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _cli_ids(store: Any, *args: str) -> set[str]:
    result = CliRunner().invoke(cli, ["--db", store.url, "recommendations", "--to", "PRK", "--cycle", "2", *args,
                                      "--json"])
    assert result.exit_code == 0, result.output
    return {r["id"] for r in json.loads(result.stdout)}


def test_the_response_filter_and_facet_read_the_response_a_report_gave(store: Any, tmp_path: Path) -> None:
    load(store, "upr-info", _without_responses_from(tmp_path, "France"))
    load(store, "upr-report", CYCLE2)
    with make_client(store, raise_errors=True) as client:
        shown = client.get("/api/v1/recommendations?to=PRK&cycle=2&limit=500").json()["items"]
        french = [r for r in shown if r["from"] == "FRA"]
        assert sum(1 for r in french if r["response"] in ("supported", "noted")) >= 3  # the report's response
        by_response = Counter(r["response"] for r in shown)
        facets = client.get("/api/v1/recommendations/facets?to=PRK&cycle=2").json()
        assert {f["value"]: f["count"] for f in facets["response"]} == {k: n for k, n in by_response.items() if k}
        word = max(next(r for r in french if r["response"])["text"].split(), key=len).strip(",.;")
        searched = client.get(f"/api/v1/recommendations?to=PRK&cycle=2&q={word}&limit=500").json()["items"]
        assert any(r["from"] == "FRA" and r["response"] for r in searched), word  # a search counts its matches
        facets = client.get(f"/api/v1/recommendations/facets?to=PRK&cycle=2&q={word}").json()
        assert {f["value"]: f["count"] for f in facets["response"]} == Counter(r["response"] for r in searched
                                                                              if r["response"])
        for response in ("supported", "noted"):
            expected = {r["id"] for r in shown if r["response"] == response}
            page = client.get(f"/api/v1/recommendations?to=PRK&cycle=2&response={response}&limit=500").json()
            assert {r["id"] for r in page["items"]} == expected and page["total"] == len(expected)
            assert _cli_ids(store, "--response", response) == expected
            html = client.get(f"/recommendations?to=PRK&cycle=2&response={response}&from=FRA").text
            assert all(r["id"] in html for r in french if r["response"] == response)
    with store.reading(ANONYMOUS) as session:
        overview = country_overview(session, "PRK").received_by_cycle["2"]
    assert overview == {(k or "none"): n for k, n in by_response.items()}
