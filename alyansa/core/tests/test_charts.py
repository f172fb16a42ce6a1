"""Server-drawn SVG charts: well-formed, proportional, described in words, escaped."""

from __future__ import annotations

from xml.etree import ElementTree

from alyansa.core.charts import (
    Bar,
    Segment,
    Series,
    lines_svg,
    percentage_bar_svg,
    stacked_bars_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output


def text_of(root: ElementTree.Element, tag: str) -> str:
    element = root.find(f"{SVG}{tag}")
    assert element is not None and element.text is not None
    return element.text


def bar_widths(root: ElementTree.Element) -> list[float]:
    return [
        float(rect.get("width", 0))
        for rect in root.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    ]


def test_stacked_bars_are_scaled_to_the_longest_and_say_their_values() -> None:
    root = parse(
        stacked_bars_svg(
            [
                Bar("Asia-Pacific", (Segment("Reported", 30), Segment("Silent", 10))),
                Bar("Europe", (Segment("Reported", 10), Segment("Silent", 10))),
            ],
            title="Answers by region",
        )
    )
    widths = bar_widths(root)
    assert len(widths) == 4
    # Europe's bar (20) is half as long as Asia-Pacific's (40).
    assert abs((widths[2] + widths[3]) * 2 - (widths[0] + widths[1])) < 0.5
    assert abs(widths[0] - 3 * widths[1]) < 0.5
    assert (
        text_of(root, "desc")
        == "Asia-Pacific: Reported 30, Silent 10; Europe: Reported 10, Silent 10"
    )


def test_labels_are_escaped_not_markup() -> None:
    svg = stacked_bars_svg([Bar("<script>&", (Segment("a", 1),))], title="<b>")
    root = parse(svg)
    assert "<script>" not in svg and text_of(root, "title") == "<b>"


def test_a_line_breaks_where_a_figure_is_missing() -> None:
    root = parse(
        lines_svg(
            [Series("Rate", (10, 20, None, 40, 50))],
            x_labels=("1", "2", "3", "4", "5"),
            title="Response rate",
            maximum=100,
            unit="%",
        )
    )
    lines = list(root.iter(f"{SVG}polyline"))
    assert [len(line.get("points", "").split()) for line in lines] == [2, 2]
    assert "Rate: 1 10%, 2 20%, 4 40%, 5 50%" in text_of(root, "desc")


def test_an_empty_chart_is_still_a_drawing() -> None:
    for svg in (
        stacked_bars_svg([], title="Nothing yet"),
        lines_svg([], x_labels=(), title="Nothing yet"),
        percentage_bar_svg([], title="Nothing yet"),
    ):
        assert text_of(parse(svg), "title") == "Nothing yet"


def test_a_percentage_bar_fills_the_width_by_share() -> None:
    root = parse(
        percentage_bar_svg(
            [Segment("Reported", 3), Segment("Silent", 1)], title="Answers", width=400
        )
    )
    assert [round(w) for w in bar_widths(root)] == [300, 100]
