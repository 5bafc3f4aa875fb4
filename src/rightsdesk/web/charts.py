"""Charts as SVG drawn on the server: stacked bars, readable without JavaScript, offline and in print.

Each function returns SVG markup (escaped text, `Markup`) with a <title> and an aria-label; every bar carries
its number as text, so a printed page in black and white still reads. Colours are CSS classes (style.css).
The text size is the stylesheet's: on a phone it is made larger in the chart's own units (the chart shrinks to
the screen), so the label column, legend spacing and in-bar numbers leave room for text about 1.6 times the
desktop size.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 width: int = 640, bar: int = 26) -> Markup:
    """Horizontal stacked bars: one row per label, one segment per series (name, values), totals at the end."""
    left = min(220, max(90, 11 * max((len(label) for label in labels), default=0) + 12))
    gap, legend = 8, 28
    height = legend + len(labels) * (bar + gap) + 4
    totals = [sum(vals[i] for _, vals in series) for i in range(len(labels))]
    scale = (width - left - 60) / max(max(totals, default=0), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    parts += _legend([name for name, _ in series], 8)
    for i, label in enumerate(labels):
        y = legend + i * (bar + gap)
        parts.append(f'<text class="axis" x="{left - 8}" y="{y + bar * 0.68:.1f}" text-anchor="end">'
                     f'{escape(label)}</text>')
        x = float(left)
        for k, (name, vals) in enumerate(series):
            w = vals[i] * scale
            if w <= 0:
                continue
            parts.append(f'<rect class="s{k}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}">'
                         f'<title>{escape(label)}: {escape(name)} {vals[i]}</title></rect>')
            if w > 12 * len(str(vals[i])) + 6:
                parts.append(f'<text class="in s{k}t" x="{x + w / 2:.1f}" y="{y + bar * 0.68:.1f}" '
                             f'text-anchor="middle">{vals[i]}</text>')
            x += w
        parts.append(f'<text class="axis" x="{x + 6:.1f}" y="{y + bar * 0.68:.1f}">{totals[i]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend(names: Sequence[str], left: int) -> list[str]:
    out, x = [], float(left)
    for k, name in enumerate(names):
        out.append(f'<rect class="s{k}" x="{x:.1f}" y="6" width="12" height="12"></rect>'
                   f'<text class="axis" x="{x + 16:.1f}" y="18">{escape(name)}</text>')
        x += 30 + 11 * len(name)
    return out
