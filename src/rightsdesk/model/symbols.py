"""UN document symbols as a value type.

A symbol is a string of slash-separated components: `A/RES/69/188`, `A/HRC/25/63`, `S/RES/2375 (2017)`,
`S/PV.7575`, `E/CN.4/RES/2003/10`. `DocumentSymbol.parse` cleans spacing and case and understands the short
forms that datasets use: the General Assembly votes write `R/69/188` for `A/RES/69/188`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rightsdesk.errors import InputError

_VALID = re.compile(r"^[A-Z][A-Z0-9.\-]*(/[A-Z0-9.\-]+)*( \(\d{4}\))?$")
_SHORT_GA = re.compile(r"^R/(\d+)/(\S+)$")


@dataclass(frozen=True, order=True)
class DocumentSymbol:
    """A UN document symbol such as A/RES/69/188."""

    value: str

    @classmethod
    def parse(cls, text: str) -> DocumentSymbol:
        """Clean and validate a symbol; `R/69/188` (Voeten's short form) becomes `A/RES/69/188`."""
        cleaned = re.sub(r"\s*/\s*", "/", " ".join(text.strip().split())).upper()
        short = _SHORT_GA.match(cleaned)
        if short:
            cleaned = f"A/RES/{short.group(1)}/{short.group(2)}"
        if not _VALID.match(cleaned):
            raise InputError(f"not a UN document symbol: {text!r}")
        return cls(cleaned)

    @staticmethod
    def is_symbol(text: str) -> bool:
        """True when `text` parses as a document symbol."""
        try:
            DocumentSymbol.parse(text)
        except InputError:
            return False
        return True

    @property
    def organ(self) -> str:
        """The first component: A (General Assembly), S (Security Council), E (ECOSOC), ..."""
        return self.value.split("/", 1)[0]

    @property
    def is_resolution(self) -> bool:
        """True for a resolution symbol (one with a RES component)."""
        return "/RES/" in self.value or self.value.startswith("RES/")

    def __str__(self) -> str:
        return self.value
