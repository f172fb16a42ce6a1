"""Charts drawn on the server as SVG: no JavaScript, a few hundred bytes, readable offline."""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape

from django.utils import timezone

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 36


def growth_svg(series: list[tuple[datetime.date, int]], *, title: str) -> str:
    """A line chart of member totals over time, with a table-like <title>/<desc> for screen
    readers and axis labels for the first, middle and last dates."""
    if not series:
        series = [(timezone.localdate(), 0)]
    top = max(total for _day, total in series) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(series) - 1, 1)

    def y(value: int) -> float:
        return TOP + plot_h - plot_h * value / top

    points = " ".join(
        f"{LEFT + i * step:.1f},{y(total):.1f}" for i, (_d, total) in enumerate(series)
    )
    desc = "; ".join(f"{day.isoformat()}: {total}" for day, total in series)
    ticks = sorted({0, len(series) // 2, len(series) - 1})
    labels = "".join(
        f'<text x="{LEFT + i * step:.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
        f"{series[i][0].isoformat()}</text>"
        for i in ticks
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="t d" font-family="sans-serif" font-size="12">'
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>'
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="#767680"/>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#767680"/>'
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top}</text>'
        f'<text x="{LEFT - 6}" y="{TOP + plot_h + 4}" text-anchor="end">0</text>'
        f'<polyline points="{points}" fill="none" stroke="#7a1f2b" stroke-width="2.5"/>'
        f'<text x="{WIDTH - RIGHT}" y="{y(series[-1][1]) - 8:.1f}" text-anchor="end" '
        f'font-weight="bold">{series[-1][1]}</text>'
        f"{labels}</svg>"
    )
