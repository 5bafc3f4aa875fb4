"""A plain SVG picture of a posterior: the histogram of N with its median and 95% interval marked, and the
trace of each chain below it (to see at a glance whether the chains mixed). No plotting library needed."""

from __future__ import annotations

from html import escape

import numpy as np

from rightsdesk.stats.mse import Estimate

WIDTH, HIST_H, TRACE_H, PAD = 640, 220, 120, 40
COLOURS = ("#1f5f8b", "#b5562b", "#3d7a3a", "#6b4c9a", "#8a7a1e", "#444444")


def _x(value: float, lo: float, hi: float) -> float:
    return PAD + (value - lo) / (hi - lo or 1) * (WIDTH - 2 * PAD)


def posterior_svg(est: Estimate, title: str = "") -> str:
    """The SVG document for one latent-class estimate (its draws are needed)."""
    if est.draws is None:
        raise ValueError("a plot needs the posterior draws of a latent-class estimate")
    flat = est.draws.ravel()
    lo, hi = (float(v) for v in np.quantile(flat, [0.001, 0.999]))
    counts, edges = np.histogram(flat, bins=60, range=(lo, hi))
    top = counts.max() or 1
    bw = (WIDTH - 2 * PAD) / len(counts)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HIST_H + TRACE_H + 2 * PAD}" '
             f'font-family="sans-serif" font-size="12"><title>{escape(title or "posterior of N")}</title>',
             f'<text x="{PAD}" y="20">{escape(title)} N: median {est.median:,.0f}, 95% {est.lower:,.0f}–'
             f'{est.upper:,.0f} (observed {est.n_observed:,})</text>']
    for i, c in enumerate(counts):
        h = c / top * (HIST_H - PAD)
        parts.append(f'<rect x="{PAD + i * bw:.1f}" y="{HIST_H - h:.1f}" width="{bw - 1:.1f}" height="{h:.1f}" '
                     'fill="#9bb7cf"/>')
    for value, label in ((est.lower, "2.5%"), (est.median, "median"), (est.upper, "97.5%")):
        x = _x(value, float(edges[0]), float(edges[-1]))
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{PAD}" y2="{HIST_H}" stroke="#222" '
                     f'stroke-dasharray="{"" if label == "median" else "4 3"}"/>'
                     f'<text x="{x + 3:.1f}" y="{PAD + 12}">{label} {value:,.0f}</text>')
    parts.append(f'<text x="{PAD}" y="{HIST_H + 16}">trace of N by chain</text>')
    step = max(1, est.draws.shape[1] // 300)
    for c, chain in enumerate(est.draws):
        ys = chain[::step].astype(float)
        points = " ".join(f"{PAD + i / max(1, len(ys) - 1) * (WIDTH - 2 * PAD):.1f},"
                          f"{HIST_H + PAD + TRACE_H - (min(max(y, lo), hi) - lo) / (hi - lo or 1) * TRACE_H:.1f}"
                          for i, y in enumerate(ys))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{COLOURS[c % len(COLOURS)]}" '
                     'stroke-width="0.8" opacity="0.7"/>')
    parts.append("</svg>")
    return "\n".join(parts)
