"""The TOTP second factor (RFC 6238: six digits, 30-second steps, HMAC-SHA1, what authenticator apps expect),
from `cryptography.hazmat.primitives.twofactor.totp`. Pure functions: where the secret is kept (encrypted, in
`app_user.totp_enc`) and which step was used last (so a code is never accepted twice) is the store's business.

A code is accepted for the current step or one step either side (a clock up to 30 seconds off), and only for a
step later than the last one used: a code seen over a shoulder or replayed from a log is refused.
"""

from __future__ import annotations

import secrets

from cryptography.hazmat.primitives.hashes import SHA1
from cryptography.hazmat.primitives.twofactor import InvalidToken
from cryptography.hazmat.primitives.twofactor.totp import TOTP

STEP_S = 30
DIGITS = 6
SKEW_STEPS = 1
ISSUER = "rightsdesk"


def new_secret() -> bytes:
    """A fresh secret: 20 random bytes (160 bits, RFC 4226's recommendation)."""
    return secrets.token_bytes(20)


def _totp(secret: bytes) -> TOTP:
    return TOTP(secret, DIGITS, SHA1(), STEP_S)  # noqa: S303 (SHA-1 is what RFC 6238 and the apps use; HMAC-safe)


def provisioning_uri(secret: bytes, account: str, issuer: str = ISSUER) -> str:
    """The otpauth:// URI that an authenticator app takes (as text or a QR code); it holds the secret."""
    return _totp(secret).get_provisioning_uri(account, issuer)


def code_at(secret: bytes, when: float) -> str:
    """The code for the moment `when` (seconds since the epoch)."""
    return _totp(secret).generate(int(when)).decode("ascii")


def matching_step(secret: bytes, code: str, *, now: float, after: int | None = None) -> int | None:
    """The step (`now` // 30, give or take one) whose code is `code`, when it is later than `after` (the last
    step used); None when the code matches no such step. Every candidate is checked (constant work)."""
    given = code.replace(" ", "").strip()
    if len(given) != DIGITS or not given.isdigit():
        return None
    current = int(now // STEP_S)
    found = None
    totp = _totp(secret)
    for step in range(current - SKEW_STEPS, current + SKEW_STEPS + 1):
        try:
            totp.verify(given.encode("ascii"), step * STEP_S)
        except InvalidToken:
            continue
        if after is None or step > after:
            found = step
    return found
