"""A designation's network as a small SVG graph drawn on the server: its "Linked To" ties (both ways) and its
entries on the other list (the UN ↔ SDN links), one hop around it.

The designation sits in the middle, its neighbours on a circle around it; each neighbour is a link to its own
page, its name shortened on the drawing and whole in its <title>. "Linked To" ties are solid lines with an
arrow from the entry that names the tie; a cross-list link is dashed, with its status. At most MAX_NODES
neighbours are drawn (the page's lists name them all); no script, so it reads offline and in print.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from rightsdesk.errors import NotFoundError
from rightsdesk.store import ReadSession
from rightsdesk.store.readers.designations import designation as read_designation

MAX_NODES = 16
WIDTH, HEIGHT, RADIUS = 440, 320, 112
LABEL = 22  # characters of a name shown on the drawing


def neighbours(designation: Mapping[str, Any], profile: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The entries one hop away: list, reference, name, the kind of tie, and its direction ("out": this entry
    names the tie; "in": the other one does; "same": the same subject on the other list)."""
    me = (designation["list_name"], designation["reference_number"])
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for r in profile["network"]["linked_to"]:
        key = (r["list_name"], r["reference_number"] or f"name:{r['name']}")
        out.setdefault(key, {"list": r["list_name"], "ref": r["reference_number"], "name": r["name"],
                             "tie": "linked to", "direction": "out"})
    for r in profile["network"]["linked_from"]:
        key = (r["list_name"], r["reference_number"])
        out.setdefault(key, {"list": r["list_name"], "ref": r["reference_number"], "name": r["name"],
                             "tie": "linked to", "direction": "in"})
    for link in profile["cross_list_links"]:
        mine = (link["left_list"], link["left_ref"]) == me
        other = (link["right_list"], link["right_ref"]) if mine else (link["left_list"], link["left_ref"])
        out.setdefault(other, {"list": other[0], "ref": other[1], "name": other[1],
                               "tie": f"same subject ({link['status']})", "direction": "same"})
    return list(out.values())


def _short(name: str) -> str:
    return name if len(name) <= LABEL else name[: LABEL - 1].rstrip() + "…"


def _href(node: Mapping[str, Any]) -> str:
    return f"/designations/{quote(str(node['ref']), safe='')}?list={quote(str(node['list']), safe='')}"


def _edge(x: float, y: float, node: Mapping[str, Any], cx: float, cy: float) -> str:
    css = "sdn-un" if node["direction"] == "same" else "tie"
    x1, y1, x2, y2 = (cx, cy, x, y) if node["direction"] != "in" else (x, y, cx, cy)
    marker = ' marker-end="url(#arrow)"' if node["direction"] != "same" else ""
    return f'<line class="{css}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{marker}></line>'


def _node(x: float, y: float, node: Mapping[str, Any]) -> str:
    name = str(node["name"])
    label = f"{name} ({node['ref'] or 'no single entry'}, {node['list']}): {node['tie']}"
    anchor = "start" if x >= WIDTH / 2 else "end"
    dx = 12 if anchor == "start" else -12
    body = (f'<circle class="{escape(node["list"])}" cx="{x:.1f}" cy="{y:.1f}" r="8"></circle>'
            f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">{escape(_short(name))}</text>')
    if not node["ref"]:
        return f"<g><title>{escape(label)}</title>{body}</g>"
    return f'<a href="{escape(_href(node))}" aria-label="{escape(label)}"><title>{escape(label)}</title>{body}</a>'


def _names(session: ReadSession, nodes: list[dict[str, Any]]) -> None:
    """Name the entries on the other list, known so far by their reference only."""
    for node in nodes:
        if node["direction"] == "same" and node["name"] == node["ref"]:
            with contextlib.suppress(NotFoundError):
                node["name"] = read_designation(session, node["ref"], node["list"]).name


def network_svg(designation: Mapping[str, Any], profile: Mapping[str, Any],
                session: ReadSession | None = None) -> Markup | None:
    """The graph as SVG markup, or None when the designation has no tie to draw; with `session`, the entries on
    the other list are named (else shown by reference)."""
    nodes = neighbours(designation, profile)
    if session is not None:
        _names(session, nodes[:MAX_NODES])
    if not nodes:
        return None
    shown = nodes[:MAX_NODES]
    cx, cy = WIDTH / 2, HEIGHT / 2
    title = (f"Network of {designation['name']}: {len(nodes)} linked entr{'y' if len(nodes) == 1 else 'ies'}"
             + (f", the first {MAX_NODES} drawn" if len(nodes) > MAX_NODES else ""))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="group" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="19" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"></path></marker></defs>']
    points = []
    for i, node in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / len(shown)
        points.append((cx + RADIUS * 1.1 * math.cos(angle), cy + RADIUS * math.sin(angle), node))
    parts += [_edge(x, y, node, cx, cy) for x, y, node in points]
    parts += [_node(x, y, node) for x, y, node in points]
    parts.append(f'<g><circle class="me" cx="{cx}" cy="{cy}" r="11"></circle>'
                 f'<text x="{cx}" y="{cy + 28}" text-anchor="middle" font-weight="700">'
                 f'{escape(_short(str(designation["name"])))}</text></g>')
    parts.append(f'<text class="legend" x="4" y="{HEIGHT - 22}">solid: "Linked To" (arrow from the entry naming it)</text>'
                 f'<text class="legend" x="4" y="{HEIGHT - 6}">dashed: the same subject on the other list</text></svg>')
    return Markup("".join(parts))
