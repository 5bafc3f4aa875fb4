"""Predicted labels on the workbench, on both engines: shown as predicted with score and evidence, judged by a
signed-in person with `label-records` (CSRF-protected, stored with who and when, audited), and the theme, SDG
and affected-person facets of the recommendations page."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest

from rightsdesk.access import ANONYMOUS, SYSTEM
from rightsdesk.cases.crypto import keyring_from_env, new_key
from rightsdesk.search import browse
from rightsdesk.search.query import SearchQuery
from rightsdesk.store import ReadSession, audit
from rightsdesk.store.accounts import add_user
from rightsdesk.store.labels import labels_of, write_model_labels
from tests.web.conftest import load_samples

PASSWORD = "correct horse battery"
THEME = "Right to life"


@pytest.fixture
def labelled(store: Any) -> tuple[Any, Any, list[dict[str, Any]]]:
    """The fixture files, two users, and model labels on two recommendations."""
    load_samples(store)
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    with store.writing() as conn:
        add_user(conn, "ana", PASSWORD, [("analyst", "north")])
        add_user(conn, "view", PASSWORD, [("viewer", "north")])
        recs = browse.recommendation_page(ReadSession(conn, ANONYMOUS), {}, SearchQuery.parse(None), None, 2).items
        write_model_labels(conn, "rightsdesk-upr-linear", "0.0+test", [
            (recs[0]["id"], "upr-issue", "Death penalty", 0.91), (recs[0]["id"], "action-category", "5", 0.7)])
        write_model_labels(conn, "rightsdesk-uhri-zero-shot", "0.0+test", [
            (r["id"], "uhri-theme", THEME, 0.8) for r in recs] + [(recs[0]["id"], "sdg", "16 - PEACE, JUSTICE "
                                                                     "AND STRONG INSTITUTIONS", 0.72)])
    return store, ring, recs


def _client(store: Any, ring: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from rightsdesk.web import create_app

    return TestClient(create_app(store, index=False, keyring=ring), raise_server_exceptions=False)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _sign_in(client: Any, user: str) -> None:
    page = client.get("/login")
    signed = client.post("/login", data={"csrf": _csrf(page.text), "user": user, "password": PASSWORD},
                         follow_redirects=False)
    assert signed.status_code == 303


def test_predicted_labels_are_marked_with_score_and_evidence(labelled: tuple[Any, Any, list[Any]]) -> None:
    store, ring, recs = labelled
    page = _client(store, ring).get(f"/recommendations/{recs[0]['id']}")
    assert page.status_code == 200
    rows = re.findall(r'<tr class="predicted-label">(.*?)</tr>', page.text, re.S)
    assert len(rows) == 4 and all('class="predicted"' in r for r in rows)
    issue = next(r for r in rows if "Death penalty" in r)
    assert "0.91" in issue
    theme = next(r for r in rows if THEME in r)
    assert "via issues: Death penalty (0.91)" in theme  # the UHRI label's evidence: the issue it came through
    assert 'action="/recommendations/' not in page.text  # nobody signed in: no forms
    assert "Sign in</a> to confirm or correct" in page.text


def test_a_person_with_the_right_confirms_rejects_and_adds(labelled: tuple[Any, Any, list[Any]]) -> None:
    store, ring, recs = labelled
    rid = recs[0]["id"]
    client = _client(store, ring)
    assert client.post(f"/recommendations/{rid}/labels", data={}, follow_redirects=False).status_code == 303
    _sign_in(client, "ana")
    csrf = _csrf(client.get(f"/recommendations/{rid}").text)
    form = {"csrf": csrf, "scheme": "uhri-theme", "label": THEME, "verdict": "reject"}
    assert client.post(f"/recommendations/{rid}/labels", data={**form, "csrf": "forged"}).status_code == 403
    done = client.post(f"/recommendations/{rid}/labels", data=form, follow_redirects=False)
    assert done.status_code == 303
    client.post(f"/recommendations/{rid}/labels", data={**form, "scheme": "upr-issue", "label": "Death penalty",
                                                        "verdict": "confirm"})
    added = client.post(f"/recommendations/{rid}/labels", data={**form, "label": "Sexual & other forms of "
                                                                 "gender-based violence", "verdict": "add"})
    assert added.status_code == 200 and "stored" in added.text
    bad = client.post(f"/recommendations/{rid}/labels", data={**form, "label": "Space travel", "verdict": "add"})
    assert bad.status_code == 400 and "not a known uhri-theme label" in bad.text
    with store.reading(SYSTEM) as s:
        people = {(x.label, x.score, x.person) for x in labels_of(s.conn, [rid], origin="person")}
        entries = [e for e in audit.entries(s.conn) if e["action"] == "label-verdict"]
    assert people == {(THEME, 0.0, "ana"), ("Death penalty", 1.0, "ana"),
                      ("Sexual & gender-based violence", 1.0, "ana")}  # a spelling variant stored as its label
    assert len(entries) == 3 and all(e["actor"] == "ana" for e in entries)
    page = client.get(f"/recommendations/{rid}").text
    assert "rejected by ana" in page and "confirmed by ana" in page and "added by ana" in page
    public = _client(store, ring).get(f"/recommendations/{rid}").text  # not signed in: the verdicts, not who
    assert "confirmed by a reviewer" in public and "added by a reviewer" in public and "by ana" not in public


def test_without_the_right_a_verdict_is_refused(labelled: tuple[Any, Any, list[Any]]) -> None:
    store, ring, recs = labelled
    client = _client(store, ring)
    _sign_in(client, "view")
    page = client.get("/recommendations/" + recs[0]["id"]).text
    assert 'name="csrf"' not in page  # no forms for who may not judge
    refused = client.post(f"/recommendations/{recs[0]['id']}/labels",
                          data={"csrf": "any", "scheme": "uhri-theme", "label": THEME, "verdict": "confirm"})
    assert refused.status_code == 403 and "label-records" in refused.text


def test_theme_sdg_and_person_facets_follow_the_labels(labelled: tuple[Any, Any, list[Any]]) -> None:
    store, ring, recs = labelled
    client = _client(store, ring)
    page = client.get("/recommendations").text
    assert f"{THEME} (2)" in page and "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS (1)" in page
    filtered = client.get("/recommendations", params={"theme": THEME, "format": "json"}).json()
    assert sorted(r["id"] for r in filtered) == sorted(r["id"] for r in recs)
    _sign_in(client, "ana")
    csrf = _csrf(client.get(f"/recommendations/{recs[1]['id']}").text)
    client.post(f"/recommendations/{recs[1]['id']}/labels",
                data={"csrf": csrf, "scheme": "uhri-theme", "label": THEME, "verdict": "reject"})
    client.post(f"/recommendations/{recs[1]['id']}/labels",
                data={"csrf": csrf, "scheme": "affected-persons", "label": "media", "verdict": "add"})
    after = client.get("/recommendations", params={"theme": THEME, "format": "json"}).json()
    assert [r["id"] for r in after] == [recs[0]["id"]]  # a rejected prediction no longer counts
    media = client.get("/recommendations", params={"persons": "Media"})
    assert media.status_code == 200 and "Media (1)" in media.text


def _counted(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        for v in (r[key] if isinstance(r[key], list) else [r[key]]):
            if v is not None:
                out[str(v)] = out.get(str(v), 0) + 1
    return out


@pytest.mark.parametrize("labels", [{"theme": THEME}, {"sdg": "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"},
                                    {"theme": THEME, "sdg": "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"}])
def test_ordinary_facets_count_within_the_label_filters(labelled: tuple[Any, Any, list[Any]],
                                                        labels: dict[str, str]) -> None:
    """With a theme, SDG or affected-persons filter, the issue, cycle, state, response ... facets count only the
    recommendations carrying the label, on the page and in the API, and agree with the rows listed."""
    store, ring, _ = labelled
    client = _client(store, ring)
    rows = client.get("/recommendations", params={**labels, "format": "json"}).json()
    api = client.get("/api/v1/recommendations/facets", params=labels).json()
    listed = client.get("/api/v1/recommendations", params=labels).json()
    assert listed["total"] == len(rows) and {r["id"] for r in listed["items"]} == {r["id"] for r in rows}
    for facet, key in (("cycle", "cycle"), ("session", "session"), ("response", "response"), ("issue", "issues"),
                       ("from", "from"), ("category", "action_category")):
        assert {str(x["value"]): x["count"] for x in api[facet]} == _counted(rows, key), facet
    page = client.get("/recommendations", params=labels).text
    for value, n in _counted(rows, "from").items():
        assert f"({value}) ({n})</option>" in page
    assert sum(x["count"] for x in api["cycle"]) == len(rows) < sum(
        x["count"] for x in client.get("/api/v1/recommendations/facets").json()["cycle"])
    assert {x["value"] for x in api["theme"]} == ({THEME} if rows else set())


def test_the_api_facets_follow_a_label_verdict_at_once(labelled: tuple[Any, Any, list[Any]]) -> None:
    """The API's label facets are not remembered across a verdict: labels change without a load, so a memo keyed
    by the store's content would serve the counts from before it."""
    store, ring, recs = labelled
    client = _client(store, ring)

    def themes() -> dict[str, int]:
        answer = client.get("/api/v1/recommendations/facets").json()
        return {x["value"]: x["count"] for x in answer["theme"]}

    assert themes()[THEME] == 2
    _sign_in(client, "ana")
    csrf = _csrf(client.get(f"/recommendations/{recs[1]['id']}").text)
    client.post(f"/recommendations/{recs[1]['id']}/labels",
                data={"csrf": csrf, "scheme": "uhri-theme", "label": THEME, "verdict": "reject"})
    assert themes()[THEME] == 1
    filtered = client.get("/api/v1/recommendations/facets", params={"theme": THEME}).json()
    assert sum(x["count"] for x in filtered["cycle"]) == 1


@pytest.mark.parametrize("chosen", [{}, {"theme": THEME}, {"theme": THEME, "sdg": "16 - PEACE, JUSTICE AND STRONG "
                                                                                   "INSTITUTIONS"}])
def test_label_facets_counted_together_equal_each_counted_alone(labelled: tuple[Any, Any, list[Any]],
                                                                chosen: dict[str, str]) -> None:
    """The facets that share their filters are counted in one query (the search run once): the same counts as
    each facet counted on its own, under every label filter but its own; a scheme nobody labelled is empty."""
    from rightsdesk.search import ensure_index, label_facets
    from rightsdesk.store.labels import label_counts

    store, _, _ = labelled
    with store.writing(claimed=True) as conn:  # the index takes its own lock
        ensure_index(conn)
    labels = {facet: chosen.get(facet) for facet in label_facets.LABEL_FACETS}
    with store.reading(ANONYMOUS) as session:
        for text in ("", "death"):
            query = SearchQuery.parse(text)
            together = label_facets.label_facets(session, {}, labels, query)
            alone = {facet: label_counts(session.conn, scheme, browse.recommendation_ids(
                session, {}, query, within=label_facets.within(labels, skip=facet)))
                for facet, scheme in label_facets.LABEL_FACETS.items()}
            assert together == alone
            assert together["persons"] == [] and (text or "sdg" in chosen or together["theme"] == [(THEME, 2)])
