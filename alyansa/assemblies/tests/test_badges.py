"""Badges fit: every text on the PDF lies inside the page and off the QR code, whatever the
length and script of the names, and the badge gives the address and the code to type for a
delegate who cannot scan. The test reads each glyph's position from the PDF itself."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from alyansa.assemblies.badges import Badge, badges_pdf, sign_in_address
from alyansa.assemblies.services import format_code

SECRET = "ABCDEFGHJKLMNPQRSTUV"  # the length of a real credential's secret

WORDS = {
    "caption": "Scan to sign in and vote. Keep this badge to yourself.",
    "no_camera": "Cannot scan? Open %(address)s and type the code.",
    "code_label": "Code:",
}


@dataclass(frozen=True)
class Run:
    """A piece of text as drawn: where it starts and ends on the page, in points."""

    text: bytes
    left: float
    right: float
    baseline: float
    size: float


def _widths(font: object) -> dict[int, float]:
    """Glyph widths (thousandths of the size) by glyph id, from a Type0 font's /W array."""
    descendant = font["/DescendantFonts"][0].get_object()  # type: ignore[index]
    widths: dict[int, float] = {}
    table = list(descendant.get("/W", []))
    position = 0
    while position < len(table):
        first = int(table[position])
        following = table[position + 1]
        if isinstance(following, list):
            for offset, width in enumerate(following):
                widths[first + offset] = float(width)
            position += 2
        else:
            for glyph in range(first, int(following) + 1):
                widths[glyph] = float(table[position + 2])
            position += 3
    widths[-1] = float(descendant.get("/DW", 1000))
    return widths


def text_runs(page: object) -> tuple[list[Run], list[tuple[float, float, float, float]]]:
    """Every text run (Tj/TJ) with its extent, and every image's box (x0, y0, x1, y1)."""
    fonts = {
        name: _widths(font.get_object())
        for name, font in page["/Resources"]["/Font"].items()  # type: ignore[index]
    }
    stream = ContentStream(page.get_contents(), page.pdf)  # type: ignore[attr-defined]
    runs: list[Run] = []
    images: list[tuple[float, float, float, float]] = []
    widths: dict[int, float] = {}
    size = x = y = line_x = line_y = 0.0
    matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    for operands, operator in stream.operations:
        if operator == b"Tf":
            widths, size = fonts[operands[0]], float(operands[1])
        elif operator == b"BT":
            x = y = line_x = line_y = 0.0
        elif operator == b"Td":
            line_x, line_y = line_x + float(operands[0]), line_y + float(operands[1])
            x, y = line_x, line_y
        elif operator == b"Tm":
            x = line_x = float(operands[4])
            y = line_y = float(operands[5])
        elif operator in (b"Tj", b"TJ"):
            parts = operands[0] if operator == b"TJ" else [operands[0]]
            start = x
            text = b""
            for part in parts:
                if isinstance(part, bytes | str):
                    # The glyph ids as written (two bytes each), not pypdf's decoding of them.
                    raw = getattr(part, "original_bytes", part)
                    text += raw
                    for index in range(0, len(raw) - 1, 2):
                        glyph = int.from_bytes(raw[index : index + 2], "big")
                        x += widths.get(glyph, widths.get(-1, 1000)) / 1000 * size
                else:
                    x -= float(part) / 1000 * size
            runs.append(Run(text, start, x, y, size))
        elif operator == b"cm":
            matrix = [float(value) for value in operands]
        elif operator == b"Do":
            images.append((matrix[4], matrix[5], matrix[4] + matrix[0], matrix[5] + matrix[3]))
    return runs, images


def assert_fits(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        runs, images = text_runs(page)
        assert any(run.right > run.left for run in runs), "no text (or no widths) read"
        for run in runs:
            where = f"page {number}: text at {run.left:.1f}..{run.right:.1f}, {run.baseline:.1f}"
            assert 0 <= run.left <= run.right <= width, f"{where} runs off a side"
            assert run.size * 0.25 <= run.baseline <= height - run.size, f"{where} runs off"
            for x0, y0, x1, y1 in images:
                overlaps = run.left < x1 and run.right > x0 and y0 < run.baseline < y1
                assert not overlaps, f"{where} is drawn over the QR code"
    return reader


def badge(**fields: str) -> Badge:
    values = {
        "assembly_title": "5th General Assembly",
        "name": "Lina Santos",
        "organization": "Samahan ng Migrante",
        "country": "Philippines",
        "secret": SECRET,
    }
    return Badge(**{**values, **fields})


LONG = {
    "latin": badge(
        assembly_title="Extraordinary General Assembly of the International Alliance of "
        "Migrant and Refugee Organizations, Hong Kong 2026",
        name="Maria Clara de los Santos-Villanueva y Gonzales-Macapagal",
        organization="Kapatiran ng mga Manggagawang Pilipino sa Ibayong Dagat — Hong Kong, "
        "Macau and Southern China Chapter (KAPATIRAN-OFW)",
        country="Hong Kong SAR China",
    ),
    "one long word": badge(
        name="Supercalifragilisticexpialidociousnamewithoutanyspacesatall",
        organization="Organisationwithaverylongnamewithoutanyspacesbecausewhynotatall" * 3,
    ),
    "arabic": badge(
        name="فاطمة الزهراء بنت محمد بن عبد الله الهاشمية القرشية",
        organization="جمعية العمال المهاجرين في لبنان والشرق الأوسط للدفاع عن حقوق العاملات "
        "في المنازل واللاجئين وطالبي اللجوء",
        country="لبنان",
    ),
    "a long code": badge(secret=SECRET * 3),
    "short": badge(),
}


@pytest.mark.parametrize("case", list(LONG), ids=list(LONG))
def test_every_text_of_a_badge_lies_inside_the_page_and_off_the_qr_code(case: str) -> None:
    assert_fits(badges_pdf([LONG[case]], **WORDS))


def test_a_badge_gives_the_address_and_the_code_to_type_for_a_delegate_who_cannot_scan() -> None:
    reader = assert_fits(badges_pdf([badge()], **WORDS))
    text = " ".join(reader.pages[0].extract_text().split())

    assert format_code(SECRET) in text
    assert sign_in_address() in text
    assert "#" not in sign_in_address()


def test_a_badge_with_the_whole_organization_name_keeps_it_whole() -> None:
    reader = assert_fits(badges_pdf([LONG["latin"]], **WORDS))
    text = " ".join(reader.pages[0].extract_text().split())

    assert "(KAPATIRAN-OFW)" in text and "…" not in text
