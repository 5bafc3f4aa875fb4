"""Encryption of identity fields at rest: AES-256-GCM from `cryptography`, under a key the database never holds.

The key is 32 random bytes, written as URL-safe base64 (`new_key()`); it comes from RIGHTSDESK_SECRET_KEY or from
the file named by RIGHTSDESK_SECRET_KEY_FILE (`keyring_from_env`). A token is

    rd1$<key id>$<base64url(nonce ‖ ciphertext ‖ tag)>

where the key id is the first 8 hex digits of the key's sha256 (so a token names the key it needs, and a rotation
can keep the old key beside the new one), and the associated data binds the token to its place (for example
"case_person.names:<id>"), so a ciphertext copied into another row or column does not decrypt. The keyed hashes
for name search and the audit head's MAC use keys derived from the secret key (HKDF-SHA256), never the key itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from rightsdesk.errors import InputError, StoreError

PREFIX = "rd1"
KEY_ENV = "RIGHTSDESK_SECRET_KEY"
KEY_FILE_ENV = "RIGHTSDESK_SECRET_KEY_FILE"


def new_key() -> str:
    """A fresh key, as the text RIGHTSDESK_SECRET_KEY takes."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_key(text: str, *, where: str = KEY_ENV) -> bytes:
    """The 32 key bytes of `text`; InputError naming `where` when it is not a key made by `new_key()`."""
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32:
        raise InputError(f"{where}: not a rightsdesk key (32 bytes in URL-safe base64; make one with "
                         "`rightsdesk keys new`)")
    return raw


def key_id(key: bytes) -> str:
    """The first 8 hex digits of the key's sha256: names the key without revealing it."""
    return hashlib.sha256(key).hexdigest()[:8]


def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"rightsdesk " + purpose).derive(key)


class Keyring:
    """The current key (first) and any older ones still accepted for decryption during a rotation."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise InputError(f"no key: set {KEY_ENV} (make one with `rightsdesk keys new`) or {KEY_FILE_ENV}")
        self._keys = {key_id(k): AESGCM(k) for k in keys}
        self.current_id = key_id(keys[0])
        self._index_key = _derive(keys[0], b"name index")
        self._mac_key = _derive(keys[0], b"audit head")
        self._session_key = _derive(keys[0], b"web session")

    def session_key(self) -> bytes:
        """The key that signs the workbench's session cookies (derived: the database key never leaves)."""
        return self._session_key

    def encrypt(self, plaintext: str | bytes, aad: str) -> str:
        """A token for `plaintext`, bound to `aad` (the table, column and row it belongs to)."""
        data = plaintext.encode("utf-8") if isinstance(plaintext, str) else plaintext
        nonce = os.urandom(12)
        sealed = self._keys[self.current_id].encrypt(nonce, data, aad.encode("utf-8"))
        return f"{PREFIX}${self.current_id}${base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def decrypt_bytes(self, token: str, aad: str) -> bytes:
        """The plaintext of `token`; StoreError when the key is not held or the token was altered or moved."""
        try:
            prefix, kid, body = token.split("$", 2)
        except ValueError:
            raise StoreError(f"{aad}: not an encrypted value") from None
        if prefix != PREFIX or kid not in self._keys:
            raise StoreError(f"{aad}: encrypted under key {kid}, which is not the key given ({self.current_id})")
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        try:
            return self._keys[kid].decrypt(raw[:12], raw[12:], aad.encode("utf-8"))
        except InvalidTag:
            raise StoreError(f"{aad}: the encrypted value was altered or belongs elsewhere") from None

    def decrypt(self, token: str, aad: str) -> str:
        """The plaintext text of `token` (see `decrypt_bytes`)."""
        return self.decrypt_bytes(token, aad).decode("utf-8")

    def needs_reencryption(self, token: str) -> bool:
        """True when `token` is under an older key than the current one."""
        return token.split("$", 2)[1] != self.current_id

    def blind(self, text: str) -> str:
        """A keyed hash of `text` for equality search (32 hex digits); useless without the key."""
        return hmac.new(self._index_key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def mac(self, text: str) -> str:
        """A keyed MAC of `text` (the audit head), so that one without the key cannot forge it."""
        return hmac.new(self._mac_key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def keyring_from_env(environ: Mapping[str, str] | None = None, *, old: Sequence[str] = ()) -> Keyring:
    """The keyring from RIGHTSDESK_SECRET_KEY, else from the file RIGHTSDESK_SECRET_KEY_FILE names; `old` keys
    (text) are accepted for decryption only."""
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        current = parse_key(env[KEY_ENV])
    elif env.get(KEY_FILE_ENV):
        path = Path(env[KEY_FILE_ENV])
        try:
            current = parse_key(path.read_text(encoding="ascii"), where=str(path))
        except OSError as exc:
            raise InputError(f"{path}: cannot read the key file ({exc.strerror})") from None
    else:
        raise InputError(f"no key: set {KEY_ENV} (make one with `rightsdesk keys new`) or {KEY_FILE_ENV}")
    return Keyring([current, *(parse_key(k, where="old key") for k in old)])
