"""Printable badges: one A6 page per delegate with their name (any script) and a QR code of
their sign-in link. Made on demand from the secret, which is never stored, so a badge can only
be printed when its credential is issued (or reissued)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse
from fpdf import FPDF

from alyansa.assemblies.services import format_code
from alyansa.core.pdf import FONTS


@dataclass(frozen=True)
class Badge:
    assembly_title: str
    name: str
    organization: str
    country: str
    secret: str


def sign_in_url(secret: str) -> str:
    """The QR code's link: the sign-in page, with the secret after `#`. A browser never sends
    what follows `#`, so no access log, proxy or Referer holds the secret; the page's script
    puts it in the form and posts it (without JavaScript, the delegate types the code)."""
    return f"{settings.SITE_URL}{reverse('assemblies:signin_form')}#{secret}"


def badges_pdf(badges: list[Badge], *, caption: str, code_label: str) -> bytes:
    """A6 badges. Arabic and other scripts are shaped with HarfBuzz (uharfbuzz)."""
    pdf = FPDF(format=(105, 148))  # A6, in millimetres
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(True)
    for badge in badges:
        pdf.add_page()
        width = pdf.w - 2 * pdf.l_margin
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(width, 5, badge.assembly_title, align="C")
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 18)
        pdf.multi_cell(width, 9, badge.name, align="C")
        pdf.set_font("DejaVu", "", 10)
        line = " · ".join(part for part in (badge.organization, badge.country) if part)
        if line:
            pdf.multi_cell(width, 5, line, align="C")
        qr = segno.make(sign_in_url(badge.secret), error="m")
        image = io.BytesIO()
        qr.save(image, kind="png", scale=6, border=2)
        image.seek(0)
        size = 50
        pdf.image(image, x=(pdf.w - size) / 2, y=pdf.h - size - 28, w=size, h=size)
        pdf.set_y(pdf.h - 26)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(width, 4, caption, align="C")
        pdf.set_font("DejaVu", "B", 9)
        pdf.multi_cell(width, 5, f"{code_label} {format_code(badge.secret)}", align="C")
    return bytes(pdf.output())
