"""Printed reports: every script shaped, tables aligned, nothing outside the page."""

from __future__ import annotations

import io

from pypdf import PdfReader

from alyansa.core.pdf import ReportPDF, markdown_pdf


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text_positions(data: bytes) -> list[tuple[float, float, str, float, float]]:
    """(x, y, text, page width, page height) of every piece of text that is drawn."""
    found: list[tuple[float, float, str, float, float]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, _font, _size, width=width, height=height):  # type: ignore[no-untyped-def]
            if text.strip():
                x, y = cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                found.append((x, y, text, width, height))

        page.extract_text(visitor_text=visit)
    return found


def test_a_markdown_report_keeps_its_headings_lists_and_table() -> None:
    data = markdown_pdf(
        "# Treasurer's report\n\n## Income\n\n- Dues collected\n\n"
        "| Account | Budget |\n|---|--:|\n| Dues | 1,000.00 |\n",
        title="Treasurer's report",
        language="en",
    )
    text = page_texts(data)[0]
    assert data.startswith(b"%PDF")
    # The first heading repeats the title, so it is printed once.
    assert text.count("Treasurer's report") == 1
    for expected in ("Income", "Dues collected", "Account", "1,000.00", "Page 1 of 1"):
        assert expected in text


def test_arabic_is_shaped_and_the_labels_speak_the_report_language() -> None:
    data = markdown_pdf("تقرير أمين الصندوق", title="التقرير", language="ar")
    text = page_texts(data)[0]
    # Shaped glyphs map back to the letters: the words come out whole, in reading order.
    assert "التقرير" in text and "أمين" in text
    assert "Page" not in text  # the footer is translated through the catalogue


def test_a_long_report_runs_over_pages_and_stays_inside_them() -> None:
    pdf = ReportPDF(title="Engagements since the last assembly", language="en")
    rows = [[f"Regional consultation number {n} in Kuala Lumpur", f"{n}.00"] for n in range(120)]
    pdf.add_table(["Engagement", "Cost"], rows, numeric={1})
    data = pdf.bytes()
    assert len(page_texts(data)) > 1
    positions = text_positions(data)
    assert positions
    outside = [
        text for x, y, text, width, height in positions if not (0 <= x < width and 0 <= y < height)
    ]
    assert not outside


def test_text_that_looks_like_markup_is_printed_as_text() -> None:
    pdf = ReportPDF(title="Notes", language="en")
    pdf.paragraph("<b>not bold</b> & <script>")
    assert "<b>not bold</b> & <script>" in page_texts(pdf.bytes())[0]
