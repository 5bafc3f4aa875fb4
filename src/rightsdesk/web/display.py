"""Small helpers the templates use to show things as people read them: a state's name for its code, and the
essay's footnotes linked to the sources page."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from rightsdesk.errors import RightsdeskError
from rightsdesk.model.countries import country
from rightsdesk.model.essay import ESSAY


def state_name(code: str | None) -> str:
    """A state's name from its ISO code (the code itself when unknown; empty for None)."""
    if not code:
        return ""
    try:
        return country(code).name
    except RightsdeskError:
        return code


_ESSAY_FN = re.compile(r"essay fns? (\d+(?:\s*(?:-|–|,|and)\s*\d+)*)")


@lru_cache(maxsize=4096)
def essay_links(text: str | None) -> Markup:
    """`text` escaped, with each "essay fn N" linked to the essay's footnote N on the sources page. Remembered:
    the same citations (of the bundled timeline, resolutions and records) come back on every page view, and
    escaping them was a third of the timeline page's time."""
    if not text:
        return Markup("")
    out, last = [], 0
    for m in _ESSAY_FN.finditer(text):
        out.append(escape(text[last:m.start(1)]))
        numbers, at = m.group(1), 0
        for n in re.finditer(r"\d+", numbers):
            out.append(escape(numbers[at:n.start()]))
            out.append(Markup('<a href="/sources#essay-fn-{}" title="{}">{}</a>').format(
                n.group(0), f"Footnote {n.group(0)} of “{ESSAY['title']}” ({ESSAY['date']})", n.group(0)))
            at = n.end()
        out.append(escape(numbers[at:]))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
