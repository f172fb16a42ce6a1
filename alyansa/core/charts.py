"""Charts drawn on the server as SVG: no JavaScript, a few kilobytes, readable offline and
printable. Every chart carries a <title> and a <desc> that says in words what it shows, for
screen readers; each bar or point has its own <title> with its value.

    stacked_bars_svg(
        [Bar("Asia-Pacific", (Segment("Reported", 12), Segment("Silent", 8)))],
        title="Answers by region",
    )
    lines_svg([Series("Response rate", (10, 25, 40))], x_labels=("1 Dec", "8 Dec", "15 Dec"),
              title="Response rate", maximum=100, unit="%")

Colours come from one palette with AA contrast on white; segments keep their colour by position,
so a legend printed once reads for every bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

PALETTE = ("#1f5f8b", "#2e7d32", "#b26a00", "#7a1f2b", "#5b4a8a", "#54606c")
AXIS = "#767680"
FONT = 'font-family="sans-serif" font-size="12"'


@dataclass(frozen=True)
class Segment:
    label: str
    value: float


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]

    @property
    def total(self) -> float:
        return sum(segment.value for segment in self.segments)


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # None: no figure for that point (the line breaks)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _open(width: int, height: int, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" {FONT}>'
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
    )


def _legend(labels: Sequence[str], *, x: int, y: int) -> str:
    parts, offset = [], x
    for index, label in enumerate(labels):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{offset}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{offset + 16}" y="{y}">{escape(label)}</text>'
        )
        offset += 28 + 7 * len(label)
    return "".join(parts)


def stacked_bars_svg(
    bars: Sequence[Bar], *, title: str, width: int = 640, label_width: int = 150
) -> str:
    """Horizontal bars, one per row, each split into coloured segments (e.g. reported, pledged,
    declined, silent), scaled to the longest bar, with the total at the end of each."""
    row, top, right = 26, 34, 56
    height = top + row * max(len(bars), 1) + 12
    longest = max((bar.total for bar in bars), default=0) or 1
    plot = width - label_width - right
    names = [segment.label for segment in bars[0].segments] if bars else []
    description = "; ".join(
        f"{bar.label}: "
        + ", ".join(f"{segment.label} {_number(segment.value)}" for segment in bar.segments)
        for bar in bars
    )
    parts = [_open(width, height, title, description), _legend(names, x=label_width, y=18)]
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end">{escape(bar.label)}</text>'
        )
        x = float(label_width)
        for position, segment in enumerate(bar.segments):
            length = plot * segment.value / longest
            if length > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="18" '
                    f'fill="{PALETTE[position % len(PALETTE)]}">'
                    f"<title>{escape(f'{segment.label}: {_number(segment.value)}')}</title></rect>"
                )
            x += length
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}">{_number(bar.total)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def lines_svg(
    series: Sequence[Series],
    *,
    x_labels: Sequence[str],
    title: str,
    maximum: float | None = None,
    unit: str = "",
    width: int = 640,
    height: int = 260,
) -> str:
    """Lines over a shared x axis (dates, weeks...), from 0 to `maximum` (the largest value
    if not given); the first, middle and last x labels are printed."""
    left, right, top, bottom = 56, 16, 34, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [value for line in series for value in line.values if value is not None]
    highest = maximum if maximum is not None else max(values, default=0)
    highest = highest or 1
    count = max(len(x_labels), max((len(line.values) for line in series), default=0), 1)
    step = plot_w / max(count - 1, 1)

    def point(index: int, value: float) -> str:
        return f"{left + index * step:.1f},{top + plot_h - plot_h * value / highest:.1f}"

    description = "; ".join(
        f"{line.label}: "
        + ", ".join(
            f"{x_labels[i] if i < len(x_labels) else i + 1} {_number(value)}{unit}"
            for i, value in enumerate(line.values)
            if value is not None
        )
        for line in series
    )
    parts = [
        _open(width, height, title, description),
        _legend([line.label for line in series], x=left, y=18),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{AXIS}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS}"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{_number(highest)}{unit}</text>',
        f'<text x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end">0</text>',
    ]
    for position, line in enumerate(series):
        colour = PALETTE[position % len(PALETTE)]
        # A gap in the figures breaks the line rather than drawing it through zero.
        runs: list[list[str]] = [[]]
        for index, value in enumerate(line.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append(point(index, value))
        for run in runs:
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"/>'
                )
            elif run:
                x, y = run[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
    ticks = sorted({0, (len(x_labels) - 1) // 2, len(x_labels) - 1}) if x_labels else []
    parts.extend(
        f'<text x="{left + i * step:.1f}" y="{height - 12}" text-anchor="middle">'
        f"{escape(x_labels[i])}</text>"
        for i in ticks
    )
    parts.append("</svg>")
    return "".join(parts)


def percentage_bar_svg(parts: Sequence[Segment], *, title: str, width: int = 640) -> str:
    """One bar of 100 %, split by share (e.g. a call's answers), labelled with each share."""
    total = sum(part.value for part in parts) or 1
    height = 64
    description = ", ".join(
        f"{part.label} {_number(part.value)} ({100 * part.value / total:.0f}%)" for part in parts
    )
    pieces = [
        _open(width, height, title, description),
        _legend([p.label for p in parts], x=0, y=14),
    ]
    x = 0.0
    for position, part in enumerate(parts):
        length = width * part.value / total
        if length > 0:
            label = f"{part.label}: {_number(part.value)} ({100 * part.value / total:.0f}%)"
            pieces.append(
                f'<rect x="{x:.1f}" y="24" width="{length:.1f}" height="28" '
                f'fill="{PALETTE[position % len(PALETTE)]}"><title>{escape(label)}</title></rect>'
            )
        x += length
    pieces.append("</svg>")
    return "".join(pieces)


__all__ = [
    "PALETTE",
    "Bar",
    "Segment",
    "Series",
    "lines_svg",
    "percentage_bar_svg",
    "stacked_bars_svg",
]
