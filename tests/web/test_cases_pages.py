"""The workbench's case pages (`web/cases.py`) on SQLite and PostgreSQL: sign-in and access checks, keyset
paging through the list, the case page with its history, the identity reveal (reason, CSRF, audit), the intake
form's server-side checks, the cases on a designation page and the "possibly the same person" suggestions.
Every case is fictional (`cases.synth`)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.access import Principal
from rightsdesk.cases.crypto import keyring_from_env, new_key
from rightsdesk.cases.synth import synth_rows
from rightsdesk.pipeline.case_suggestions import bring_back
from rightsdesk.store import audit
from rightsdesk.store import case_records as records
from rightsdesk.store.accounts import add_user
from tests.store.test_case_browse import fill
from tests.web.conftest import load_samples

PASSWORD = "correct horse battery"
DESIGNATED = "KPi.043"  # a designation of the fixture files


def _client(store: Any, ring: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    from rightsdesk.web import create_app

    return TestClient(create_app(store, index=False, keyring=ring), raise_server_exceptions=False)


@pytest.fixture
def desk(store: Any, tmp_path: Path) -> tuple[Any, Any]:
    ring = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new_key()})
    with store.writing() as conn:
        add_user(conn, "docu", PASSWORD, [("documenter", "north")])
        add_user(conn, "view", PASSWORD, [("viewer", "north")])
        add_user(conn, "southdoc", PASSWORD, [("documenter", "south")])
        add_user(conn, "nobody", PASSWORD, [])
    fill(store, ring, tmp_path, "north", 23, 1, designation=DESIGNATED)
    fill(store, ring, tmp_path, "south", 5, 2)
    return store, ring


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def signed_in(store: Any, ring: Any, user: str) -> Any:
    client = _client(store, ring)
    page = client.get("/login")
    done = client.post("/login", data={"csrf": _csrf(page.text), "user": user, "password": PASSWORD},
                       follow_redirects=False)
    assert done.status_code == 303, done.text
    return client


def _ids(html: str) -> list[str]:
    return re.findall(r'href="/cases/([0-9a-f]{16})"', html)


def test_case_pages_need_sign_in_and_a_permission(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    anonymous = _client(store, ring)
    for path in ("/cases", "/cases/new", "/cases/0123456789abcdef"):
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == f"/login?next={path}"
    assert anonymous.post("/cases/0123456789abcdef/reveal", data={"reason": "x"},
                          follow_redirects=False).status_code == 303
    nobody = signed_in(store, ring, "nobody")
    assert nobody.get("/cases").status_code == 403
    assert nobody.get("/cases/new").status_code == 403
    viewer = signed_in(store, ring, "view")
    assert viewer.get("/cases/new").status_code == 403  # a viewer may not take in cases
    with store.engine.connect() as conn:
        south = records.case_ids(conn, ["south"])[0]
        north = records.case_ids(conn, ["north"])[0]
    other = viewer.get(f"/cases/{south}")
    missing = viewer.get("/cases/ffffffffffffffff")
    assert other.status_code == missing.status_code == 404  # another collection's case is as good as absent
    assert other.text.replace(south, "ID") == missing.text.replace("ffffffffffffffff", "ID")
    assert viewer.get(f"/cases/{north}").status_code == 200
    with store.engine.connect() as conn:
        assert any(e["action"] == "denied" and e["case_id"] == south for e in audit.entries(conn))


def test_the_list_pages_by_key_through_every_case_of_the_users_collections(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    client = signed_in(store, ring, "view")
    seen: list[str] = []
    page = client.get("/cases?limit=5")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    while True:
        seen += list(dict.fromkeys(_ids(page.text)))
        after = re.search(r'rel="next" href="([^"]+)"', page.text)
        if not after:
            break
        assert "after=" in after.group(1) and "offset" not in after.group(1)
        page = client.get(after.group(1).replace("&amp;", "&"))
    with store.engine.connect() as conn:
        assert seen == records.case_ids(conn, ["north"])
    assert client.get("/cases?after=1%27%20OR%201=1").status_code == 400
    assert client.get("/cases?act=not-an-act").status_code == 400
    facet = client.get("/cases?collection=north&act=abduction")
    assert facet.status_code == 200 and 'value="north" selected' in facet.text


def test_the_case_page_is_pseudonymised_and_the_reveal_is_deliberate_and_audited(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    with store.engine.connect() as conn:
        case_id = records.case_ids(conn, ["north"])[0]
        stored = records.load_case(conn, ring, case_id)
    assert stored is not None
    name = next(n.text for n in stored.case.victims()[0].names if n.script == "hangul")
    viewer = signed_in(store, ring, "view")
    page = viewer.get(f"/cases/{case_id}")
    assert page.status_code == 200 and name not in page.text and "Reveal identities" not in page.text
    assert "History" in page.text and ">create<" in page.text  # the import is in the case's history
    assert viewer.post(f"/cases/{case_id}/reveal", data={"csrf": _csrf(page.text), "reason": "curious"}).status_code == 403
    docu = signed_in(store, ring, "docu")
    page = docu.get(f"/cases/{case_id}")
    assert name not in page.text and "Reveal identities" in page.text
    csrf = _csrf(page.text)
    assert docu.post(f"/cases/{case_id}/reveal", data={"reason": "family visit"}).status_code == 403  # no token
    assert docu.post(f"/cases/{case_id}/reveal", data={"csrf": "forged", "reason": "x"}).status_code == 403
    assert docu.post(f"/cases/{case_id}/reveal", data={"csrf": csrf, "reason": "  "}).status_code == 400
    with store.engine.connect() as conn:
        assert not [e for e in audit.entries(conn, case_id=case_id) if e["action"] == "view-identity"]
    shown = docu.post(f"/cases/{case_id}/reveal", data={"csrf": csrf, "reason": "call with the family"})
    assert shown.status_code == 200 and name in shown.text and shown.headers["cache-control"] == "no-store"
    with store.engine.connect() as conn:
        entry = [e for e in audit.entries(conn, case_id=case_id) if e["action"] == "view-identity"]
        assert audit.verify(conn, ring).intact
    assert len(entry) == 1 and entry[0]["actor"] == "docu" and entry[0]["reason"] == "call with the family"
    from rightsdesk.pipeline.cases import add_note

    add_note(store, ring, Principal(user="docu", grants=frozenset({("documenter", "north")})), case_id,
             "event.start", "the sister recalls spring")
    again = docu.get(f"/cases/{case_id}")
    assert name not in again.text and "call with the family" in again.text  # hidden again; the history shows why
    changes, reads = again.text.split('id="reads-h"')
    assert ">update<" in changes and ">create<" in changes and ">view-identity<" not in changes
    assert ">view-identity<" in reads and ">update<" not in reads
    assert "the sister recalls spring" not in again.text  # a note's text is case text: withheld when pseudonymised


GOOD = {"ref": "WEB-001", "title": "Taken at the border", "victim_name_hangul": "홍길동", "victim_name_mr": "Hong Kil Tong",
        "victim_sex": "male", "victim_birth": "1971", "acts": ["abduction", "arbitrary-detention"],
        "event_start": "1998-03", "place_country": "CHN", "place_romanized": "Yanji", "certainty": "probable",
        "testimony": "He was taken from the market.", "consent_storage": "on", "consent_analysis": "on",
        "consent_share": ["WGEID"], "consent_date": "2025-06-01", "consent_given_by": "sister"}


def test_the_intake_form_checks_every_field_and_stores_nothing_until_it_is_right(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    docu = signed_in(store, ring, "docu")
    form = docu.get("/cases/new")
    assert form.status_code == 200 and 'name="viewport"' in form.text and "<option selected>north" not in form.text
    csrf = _csrf(form.text)
    with store.engine.connect() as conn:
        before = records.count_cases(conn)
    bad = {"csrf": csrf, "collection": "north", "ref": "", "victim_birth": "1971-13", "event_start": "spring",
           "place_country": "XXX", "consent_date": "2025"}
    answer = docu.post("/cases/new", data=bad)
    assert answer.status_code == 400
    for field in ("ref", "acts", "victim_name_hangul", "victim_birth", "event_start", "place_country",
                  "consent_storage"):
        assert f'href="#i-{field}"' in answer.text, field
    assert 'value="1971-13"' in answer.text  # what was typed comes back to be corrected
    assert docu.post("/cases/new", data={**GOOD, "collection": "north"}).status_code == 403  # no token
    assert docu.post("/cases/new", data={**GOOD, "csrf": csrf, "collection": "south"}).status_code == 403
    with store.engine.connect() as conn:
        assert records.count_cases(conn) == before
    done = docu.post("/cases/new", data={**GOOD, "csrf": csrf, "collection": "north"}, follow_redirects=False)
    assert done.status_code == 303, done.text
    case_id = done.headers["location"].split("/")[2].split("?")[0]
    with store.engine.connect() as conn:
        stored = records.load_case(conn, ring, case_id)
        created = [e for e in audit.entries(conn, case_id=case_id) if e["action"] == "create"]
    assert stored is not None and stored.ref == "WEB-001" and stored.case.collection == "north"
    assert {str(a.kind) for a in stored.case.acts} == {"abduction", "arbitrary-detention"}
    assert {(str(c.scope), str(c.mechanism or "")) for c in stored.case.consents} == {
        ("storage", ""), ("analysis", ""), ("sharing", "WGEID")}
    assert created and created[0]["detail"] == {"source": "web intake"} and "홍길동" not in str(created)
    page = docu.get(done.headers["location"])
    assert page.status_code == 200 and "홍길동" not in page.text and "was stored" in page.text
    hostile = {**GOOD, "csrf": csrf, "collection": "north", "ref": "WEB-002", "place_romanized": "<script>alert(1)</script>",
               "title": '"><img src=x onerror=alert(2)>'}
    stored_hostile = docu.post("/cases/new", data=hostile, follow_redirects=False)
    assert stored_hostile.status_code == 303
    shown = docu.post(stored_hostile.headers["location"].split("?")[0] + "/reveal",
                      data={"csrf": csrf, "reason": "check the place"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.text and "<script>alert" not in shown.text
    assert "<img src=x" not in shown.text  # stored as typed, shown as text
    twice = docu.post("/cases/new", data={**GOOD, "csrf": csrf, "collection": "north"})
    assert twice.status_code == 400 and "already used" in twice.text


def test_a_designation_page_lists_its_cases_only_to_those_who_may_see_cases(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    load_samples(store)
    path = f"/designations/{DESIGNATED}"
    public = _client(store, ring).get(path)
    assert public.status_code == 200 and "Cases naming" not in public.text
    nobody = signed_in(store, ring, "nobody").get(path)
    assert nobody.status_code == 200 and "Cases naming" not in nobody.text and "/cases/" not in nobody.text
    south = signed_in(store, ring, "southdoc").get(path)
    assert "No case in your collections" in south.text and not _ids(south.text)
    viewer = signed_in(store, ring, "view").get(path)
    with store.engine.connect() as conn:
        named = records.case_ids(conn, ["north"])
    shown = _ids(viewer.text)
    assert len(shown) == 1 and shown[0] in named and viewer.headers["cache-control"] == "no-store"
    assert f'href="/cases?designation={DESIGNATED}"' in viewer.text  # the list, filtered, with its facets
    listed = signed_in(store, ring, "view").get(f"/cases?designation={DESIGNATED}")
    assert listed.status_code == 200 and set(_ids(listed.text)) == set(shown)
    assert f'name="designation" value="{DESIGNATED}"' in listed.text  # kept when other filters are applied
    assert not _ids(signed_in(store, ring, "southdoc").get(f"/cases?designation={DESIGNATED}").text)


def test_suggestions_show_on_the_case_page_to_those_who_may_see_identities(desk: tuple[Any, Any]) -> None:
    store, ring = desk
    with store.engine.connect() as conn:
        case_id = records.case_ids(conn, ["north"])[0]
        stored = records.load_case(conn, ring, case_id)
    assert stored is not None
    pseudonym = stored.pseudonyms[stored.case.victims()[0].id]
    admin = Principal(user="admin", grants=frozenset({("admin", "*")}))
    bring_back(store, ring, admin, {f"desk:{case_id}/{pseudonym}": "c9", "families:42": "c9"})
    docu = signed_in(store, ring, "docu").get(f"/cases/{case_id}")
    assert "Possibly the same person" in docu.text and "families:42" in docu.text
    viewer = signed_in(store, ring, "view").get(f"/cases/{case_id}")
    assert "Possibly the same person" not in viewer.text and "families:42" not in viewer.text


def test_linking_a_full_export_on_the_lists_page_brings_suggestions_back(desk: tuple[Any, Any], tmp_path: Path) -> None:
    import csv

    from rightsdesk.pipeline.cases import export_text

    store, ring = desk
    text, exported, _ = export_text(store, ring, Principal(user="admin", grants=frozenset({("admin", "north")})),
                                    full=True, reason="linkage test", fmt="csv")
    desk_csv = tmp_path / "desk.csv"
    desk_csv.write_text(text, encoding="utf-8")
    victims = list(csv.DictReader(text.splitlines()))
    families = tmp_path / "families.csv"
    with families.open("w", encoding="utf-8", newline="") as fp:
        out = csv.writer(fp)
        out.writerow(["id", "name", "birth_year"])
        for k, v in enumerate(victims[:2 * len(victims) // 3]):  # the families know two thirds of them
            out.writerow([f"f{k}", v["victim_names_latin"].split(";")[0], v["birth_year"]])
        for k, row in enumerate(synth_rows(10, seed=77)):  # and people the desk does not know
            out.writerow([f"g{k}", row["victim_name_mr"], row["victim_birth"][:4]])
    client = signed_in(store, ring, "docu")
    csrf = _csrf(client.get("/lists").text)
    files = [("lists", (p.name, p.read_bytes(), "text/csv")) for p in (desk_csv, families)]
    page = client.post("/lists", files=files, data={"csrf": csrf, "method": "loglinear", "duplicate_free": "on"})
    assert page.status_code == 200, page.text
    brought = re.search(r'class="brought-back">(\d+) victim', page.text)
    assert brought and int(brought.group(1)) >= exported // 3, page.text[-2000:]
    first = victims[0]
    case_page = client.get(f"/cases/{first['case_id']}").text
    assert "Possibly the same person" in case_page and "families:f" in case_page
    assert first["victim_name_hangul"] not in case_page  # the suggestion names no one


def test_without_a_key_the_case_pages_are_closed(store: Any) -> None:
    client = _client(store, None)
    for path in ("/cases", "/cases/new", "/cases/0123456789abcdef"):
        page = client.get(path)
        assert page.status_code == 404 and "RIGHTSDESK_SECRET_KEY" in page.text


def test_evidence_on_the_case_page_attach_download_verify(desk: tuple[Any, Any], monkeypatch: Any) -> None:
    import hashlib

    from rightsdesk.store import audit
    from rightsdesk.web import cases as case_web

    store, ring = desk
    with store.engine.connect() as conn:
        case_id = records.case_ids(conn, ["north"])[0]
    docu, viewer = signed_in(store, ring, "docu"), signed_in(store, ring, "view")
    page = docu.get(f"/cases/{case_id}")
    assert "No file is attached" in page.text and f'action="/cases/{case_id}/evidence"' in page.text
    csrf = _csrf(page.text)
    content = b"%PDF-1.4 a scanned statement\n" * 50
    upload = {"file": ("statement-kim.pdf", content, "application/pdf")}
    assert docu.post(f"/cases/{case_id}/evidence", files=upload, data={}).status_code == 403  # no CSRF token
    assert viewer.post(f"/cases/{case_id}/evidence", files=upload,
                       data={"csrf": _csrf(viewer.get(f"/cases/{case_id}").text)}).status_code == 403
    done = docu.post(f"/cases/{case_id}/evidence", files=upload, data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    digest = hashlib.sha256(content).hexdigest()
    shown = docu.get(f"/cases/{case_id}").text
    assert "statement-kim.pdf" in shown and digest in shown and f"{len(content):,} bytes" in shown
    evidence_id = re.search(r'action="/evidence/([0-9a-f]{24})"', shown).group(1)  # type: ignore[union-attr]
    seen_by_viewer = viewer.get(f"/cases/{case_id}").text
    assert digest in seen_by_viewer and "statement-kim" not in seen_by_viewer  # names need view-identity
    assert 'action="/evidence/' not in seen_by_viewer
    viewer_csrf = _csrf(seen_by_viewer)
    assert viewer.post(f"/evidence/{evidence_id}", data={"csrf": viewer_csrf, "reason": "curious"}).status_code in (403, 404)
    assert docu.post(f"/evidence/{evidence_id}", data={"csrf": csrf}).status_code == 400  # a reason is needed
    assert docu.post(f"/evidence/{evidence_id}", data={"reason": "x"}).status_code == 403  # no CSRF token
    assert docu.get(f"/evidence/{evidence_id}?reason=x").status_code == 405  # never by GET: the reason in a URL
    got = docu.post(f"/evidence/{evidence_id}", data={"csrf": csrf, "reason": "prepare the WGEID file"})
    assert got.status_code == 200 and got.content == content
    assert got.headers["cache-control"] == "no-store" and got.headers["content-disposition"].startswith("attachment")
    checked = docu.post(f"/cases/{case_id}/evidence/verify", data={"csrf": csrf})
    assert checked.status_code == 200 and "All 1 file(s) are the ones received" in checked.text
    assert docu.post(f"/cases/{case_id}/evidence/verify", data={}).status_code == 403
    with store.engine.connect() as conn:
        actions = {e["action"]: e for e in audit.entries(conn, case_id=case_id)}
    assert actions["evidence-view"]["reason"] == "prepare the WGEID file" and "evidence-verify" in actions
    monkeypatch.setattr(case_web, "MAX_EVIDENCE_BYTES", 100)
    big = docu.post(f"/cases/{case_id}/evidence", files={"file": ("big.bin", b"x" * 101, "application/pdf")},
                    data={"csrf": csrf})
    assert big.status_code == 413


def test_evidence_upload_is_bounded_before_the_form_is_read(desk: tuple[Any, Any], monkeypatch: Any) -> None:
    """An upload over the limit is refused while it streams in (413), not first spooled whole to disk; a
    declared Content-Length over the limit is refused before any byte is read."""
    from rightsdesk.web import cases as case_web

    store, ring = desk
    with store.engine.connect() as conn:
        case_id = records.case_ids(conn, ["north"])[0]
    docu = signed_in(store, ring, "docu")
    csrf = _csrf(docu.get(f"/cases/{case_id}").text)
    monkeypatch.setattr(case_web, "MAX_EVIDENCE_BYTES", 1000)
    spooled: list[int] = []
    real = case_web._save_bounded

    async def watching(upload: Any, path: Path, limit: int) -> None:
        spooled.append(upload.size or 0)
        await real(upload, path, limit)

    monkeypatch.setattr(case_web, "_save_bounded", watching)
    big = docu.post(f"/cases/{case_id}/evidence", files={"file": ("big.bin", b"x" * 200_000, "application/pdf")},
                    data={"csrf": csrf})
    assert big.status_code == 413 and spooled == []  # refused before the whole body was parsed

    def chunks() -> Any:  # no Content-Length: a chunked body
        boundary = "b0undary"
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\n"
               "Content-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
               "Content-Type: application/pdf\r\n\r\n").encode()
        for _ in range(50):
            yield b"x" * 4096
        yield f"\r\n--{boundary}--\r\n".encode()

    streamed = docu.post(f"/cases/{case_id}/evidence", content=chunks(),
                         headers={"Content-Type": "multipart/form-data; boundary=b0undary"})
    assert streamed.status_code == 413 and spooled == []
    with store.engine.connect() as conn:
        assert not [e for e in audit.entries(conn, case_id=case_id) if e["action"] == "evidence-added"]


@pytest.mark.parametrize("name", ["..", "a\x00b.pdf", "é" * 200 + ".pdf", "../../etc/passwd"])
def test_evidence_upload_with_an_odd_file_name_is_stored_or_refused_cleanly(desk: tuple[Any, Any],
                                                                             name: str) -> None:
    """The uploaded file's name is data, not a path: names that are no valid file name on disk (a dot-dot, a
    NUL, over 255 bytes) neither crash the page (500) nor escape the temporary folder."""
    store, ring = desk
    with store.engine.connect() as conn:
        case_id = records.case_ids(conn, ["north"])[0]
    docu = signed_in(store, ring, "docu")
    csrf = _csrf(docu.get(f"/cases/{case_id}").text)
    done = docu.post(f"/cases/{case_id}/evidence", files={"file": (name, b"%PDF-1.4 statement", "application/pdf")},
                     data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code in (303, 400), done.text
    if done.status_code == 303:
        with store.engine.connect() as conn:
            from rightsdesk.store import evidence as stored_evidence

            found = stored_evidence.of_case(conn, case_id, ring=ring)
        assert len(found) == 1 and found[0].filename and "/" not in found[0].filename
        assert "\x00" not in found[0].filename and found[0].filename not in (".", "..")
