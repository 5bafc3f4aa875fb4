"""Field encryption (AES-GCM, bound to its place, named key) and consent as data."""

from __future__ import annotations

import datetime as dt

import pytest

from rightsdesk.cases.consent import Consent, consents_to
from rightsdesk.cases.crypto import Keyring, keyring_from_env, new_key, parse_key
from rightsdesk.cases.vocab import ConsentScope, Mechanism
from rightsdesk.errors import InputError, StoreError

NAME = "김영철"


def test_round_trip_and_no_plaintext() -> None:
    ring = Keyring([parse_key(new_key())])
    token = ring.encrypt(NAME, "case_person.names:p1")
    assert NAME not in token and NAME.encode() not in token.encode()
    assert ring.decrypt(token, "case_person.names:p1") == NAME
    assert ring.encrypt(NAME, "x") != ring.encrypt(NAME, "x")  # a fresh nonce each time


def test_a_token_moved_to_another_row_or_altered_does_not_decrypt() -> None:
    ring = Keyring([parse_key(new_key())])
    token = ring.encrypt(NAME, "case_person.names:p1")
    with pytest.raises(StoreError, match="altered or belongs elsewhere"):
        ring.decrypt(token, "case_person.names:p2")
    altered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(StoreError):
        ring.decrypt(altered, "case_person.names:p1")


def test_rotation_keeps_old_tokens_readable_and_names_the_key() -> None:
    old, new = new_key(), new_key()
    token = keyring_from_env({"RIGHTSDESK_SECRET_KEY": old}).encrypt(NAME, "a")
    rotated = keyring_from_env({"RIGHTSDESK_SECRET_KEY": new}, old=[old])
    assert rotated.needs_reencryption(token) and rotated.decrypt(token, "a") == NAME
    with pytest.raises(StoreError, match="not the key given"):
        keyring_from_env({"RIGHTSDESK_SECRET_KEY": new}).decrypt(token, "a")


def test_keys_from_a_file_and_bad_keys(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "key"
    path.write_text(new_key() + "\n")
    assert keyring_from_env({"RIGHTSDESK_SECRET_KEY_FILE": str(path)}).current_id
    with pytest.raises(InputError, match="RIGHTSDESK_SECRET_KEY: not a rightsdesk key"):
        keyring_from_env({"RIGHTSDESK_SECRET_KEY": "hunter2"})
    with pytest.raises(InputError, match="no key"):
        keyring_from_env({})


def test_blind_index_is_keyed() -> None:
    a, b = Keyring([parse_key(new_key())]), Keyring([parse_key(new_key())])
    assert a.blind("김") == a.blind("김") != b.blind("김")


def test_consent_is_dated_scoped_and_withdrawable() -> None:
    given = Consent("p1", ConsentScope.SHARING, dt.date(2024, 1, 5), "doc1", mechanism=Mechanism.WGEID)
    assert consents_to([given], "p1", ConsentScope.SHARING, Mechanism.WGEID, on=dt.date(2024, 2, 1))
    assert not consents_to([given], "p1", ConsentScope.SHARING, Mechanism.SR_DPRK, on=dt.date(2024, 2, 1))
    assert not consents_to([given], "p1", ConsentScope.SHARING, Mechanism.WGEID, on=dt.date(2023, 12, 1))
    assert not consents_to([given], "p2", ConsentScope.SHARING, Mechanism.WGEID, on=dt.date(2024, 2, 1))
    withdrawn = Consent("p1", ConsentScope.SHARING, dt.date(2024, 1, 5), "doc1", mechanism=Mechanism.WGEID,
                        withdrawn_on=dt.date(2024, 3, 1), withdrawn_by="doc2")
    assert consents_to([withdrawn], "p1", ConsentScope.SHARING, Mechanism.WGEID, on=dt.date(2024, 2, 1))
    assert not consents_to([withdrawn], "p1", ConsentScope.SHARING, Mechanism.WGEID, on=dt.date(2024, 3, 1))
    assert not consents_to([], "p1", ConsentScope.STORAGE)
