"""Ids as hashes of natural keys: the same record always gets the same id, so reloading changes nothing.

A pure function with no I/O, so every layer (the store's writers, the case CSV format, tagging) derives ids the
same way.
"""

from __future__ import annotations

import hashlib


def natural_id(*parts: object) -> str:
    """A 32-hex-digit id from the parts of a natural key."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
