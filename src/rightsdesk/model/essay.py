"""The essay whose footnote numbers the data cite as "essay fn N" (shared/context/essay-un-and-north-korean-
human-rights.txt), named wherever a citation refers to it.

The copy held names no author and bears no date; it was written in 2024 (it anticipates the DPRK's fourth UPR in
November 2024 and "the 76th anniversary" of the UDHR that December). The author stays unnamed until sourced.
"""

from __future__ import annotations

ESSAY = {"title": "The UN and North Korean Human Rights", "author": None, "date": "2024",
         "note": "author not named in the copy held; written in 2024, before the DPRK's fourth UPR (November 2024)"}


def essay_reference() -> str:
    """The essay the footnote numbers refer to, as a reader would cite it."""
    author = f"{ESSAY['author']}, " if ESSAY["author"] else ""
    return f"{author}\"{ESSAY['title']}\" ({ESSAY['date']}; {ESSAY['note']}); \"essay fn N\" is its footnote N"


def cites_essay(text: str | None) -> bool:
    """True when a citation refers to the essay by footnote."""
    return bool(text) and "essay fn" in str(text)


def essay_for(text: str | None) -> str | None:
    """The essay's reference when `text` cites it, else None (the `essay` key of exported rows)."""
    return essay_reference() if cites_essay(text) else None
