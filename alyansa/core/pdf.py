"""Printed reports: one PDF stack for every document the platform prints (the communiqué, the
treasurer's report, campaign and engagement reports, the chairperson's report...).

fpdf2 writes the file; HarfBuzz (uharfbuzz) shapes every script, Arabic right to left included,
with the DejaVu fonts we ship (fonts/, licence beside them), so no system font is needed. A
report is written as Markdown (headings, paragraphs, lists, tables, bold and italics) or built
block by block; both go through fpdf2's HTML renderer so that every report looks alike.

    pdf = ReportPDF(title="Treasurer's report 2024", language="en")
    pdf.markdown("## Income\\n\\n| Account | Budget | Actual |\\n|---|--:|--:|\\n| Dues | 10 | 9 |")
    data = pdf.bytes()

or, for a whole Markdown text, `markdown_pdf(text, title=..., language=...)`.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import nh3
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language_bidi, gettext, override
from fpdf import FPDF, XPos, YPos
from markdown_it import MarkdownIt

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
# fontTools narrates every font subset at INFO level: a page of log lines per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# What fpdf2's HTML renderer understands; anything else (images, links' targets, code blocks'
# fonts) is dropped or shown as text. Images never: a report must not depend on uploads.
_TAGS = {
    "p",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
_ATTRIBUTES = {"th": {"align"}, "td": {"align"}, "p": {"align"}, "ol": {"start"}}
_CELL_ALIGNMENT = re.compile(r'<(t[hd]) style="text-align:(left|right|center)">')
_BLOCK_START = re.compile(r"<(p|h1|h2|h3|h4|li)>")


def add_fonts(pdf: FPDF) -> None:
    """The fonts we ship, regular and bold (italics print upright: no italic face ships), with
    HarfBuzz shaping on, so that every script prints joined and in its direction."""
    for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
        pdf.add_font(FAMILY, style, str(FONTS / file))
    pdf.add_font(FAMILY, "I", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "BI", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(True)


def fit_text(
    pdf: FPDF,
    text: str,
    *,
    size: float,
    smallest: float,
    lines: int,
    style: str = "",
    width: float = 0,
) -> None:
    """Print `text` centred across `width` (the space between the margins by default) in at
    most `lines` lines, wrapped at spaces (inside a word too long for a line), in the largest
    size from `size` down to `smallest` at which it fits. Text that does not fit even then
    is cut at the last line with an ellipsis, never printed outside the page. The cursor ends
    at the left margin, below the text."""
    width = width or pdf.w - pdf.l_margin - pdf.r_margin
    text = " ".join(text.split())
    current = size
    while True:
        pdf.set_font(FAMILY, style, current)
        height = current * 0.45  # millimetres per line: the size in points, with leading
        found = pdf.multi_cell(width, height, text, dry_run=True, output="LINES")
        assert isinstance(found, list)
        wrapped: list[str] = found
        if len(wrapped) <= lines or current <= smallest:
            break
        current = max(smallest, current - 1)
    if len(wrapped) > lines:
        last = wrapped[lines - 1]
        while last and pdf.get_string_width(last + "…") > width:
            last = last[:-1]
        wrapped = [*wrapped[: lines - 1], last.rstrip() + "…"]
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(
        width, height, "\n".join(wrapped), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )


def _right_to_left(html: str) -> str:
    """Blocks aligned to the right. (Tables keep their columns from the left: fpdf2 lays out
    reversed rows badly, and figures read the same either way.)"""
    return _BLOCK_START.sub(r'<\1 align="right">', html)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _html(markdown: str, *, right_to_left: bool) -> str:
    html = _parser().render(markdown or "")
    # markdown-it aligns cells with a style attribute; fpdf2 reads the align attribute.
    html = _CELL_ALIGNMENT.sub(r'<\1 align="\2">', html)
    html = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES)
    # A table right after a paragraph would touch it.
    html = html.replace("</p>\n<table>", "</p>\n<br><table>")
    return _right_to_left(html) if right_to_left else html


class ReportPDF(FPDF):
    """An A4 report with a running title, the date it was printed and page numbers."""

    def __init__(self, *, title: str, language: str, subtitle: str = "") -> None:
        super().__init__(format="A4")
        self.report_title = title
        self.language = language
        with override(language):
            self.right_to_left = get_language_bidi()
            self.page_label = gettext("Page %(number)s of %(total)s")
            self.printed_label = gettext("Printed on %(date)s") % {
                "date": timezone.localdate().isoformat()
            }
        add_fonts(self)
        self.set_title(title)
        self.set_lang(language)
        self.set_creator(settings.ALYANSA_SITE_NAME)
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages("{pages}")
        self.add_page()
        self.set_font(FAMILY, "B", 16)
        # Each line starts again at the margin (fpdf2 leaves the cursor after the cell).
        align = "R" if self.right_to_left else "L"
        self.multi_cell(0, 8, title, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font(FAMILY, "", 11)
            self.multi_cell(0, 6, subtitle, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_font(FAMILY, "", 10)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FAMILY, "", 8)
        self.cell(0, 6, self.report_title, align="R" if self.right_to_left else "L")
        self.ln(8)
        self.set_font(FAMILY, "", 10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 6, self.printed_label, align="L")
        self.set_x(self.l_margin)
        label = self.page_label % {"number": self.page_no(), "total": "{pages}"}
        self.cell(0, 6, label, align="R")

    def markdown(self, text: str) -> None:
        """Append Markdown: headings, paragraphs, lists, tables, emphasis."""
        html = _html(text, right_to_left=self.right_to_left)
        if html.strip():
            self.write_html(html, font_family=FAMILY)

    def paragraph(self, text: str) -> None:
        """Append plain text as it is (no Markdown)."""
        self.markdown(escape(text).replace("\n", "<br>") if text else "")

    def add_table(self, headers: list[str], rows: list[list[str]], *, numeric: set[int]) -> None:
        """Append a table; the columns in `numeric` are aligned to the end."""

        def cells(tag: str, values: list[str]) -> str:
            return "".join(
                f'<{tag} align="right">{escape(value)}</{tag}>'
                if index in numeric
                else f"<{tag}>{escape(value)}</{tag}>"
                for index, value in enumerate(values)
            )

        body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
        html = f"<table><thead><tr>{cells('th', headers)}</tr></thead><tbody>{body}</tbody></table>"
        self.write_html(_right_to_left(html) if self.right_to_left else html, font_family=FAMILY)

    def bytes(self) -> bytes:
        return bytes(self.output())


def markdown_pdf(text: str, *, title: str, language: str, subtitle: str = "") -> bytes:
    """A whole Markdown text as a report. A first heading equal to the title is not repeated."""
    lines = (text or "").lstrip().splitlines()
    if lines and lines[0].lstrip("# ").strip() == title.strip():
        text = "\n".join(lines[1:])
    pdf = ReportPDF(title=title, language=language, subtitle=subtitle)
    pdf.markdown(text)
    return pdf.bytes()
