"""Printable badges: one A6 page per delegate with their name (any script), a QR code of
their sign-in link, and the address and code to type for a delegate who cannot scan. Made on
demand from the secret, which is never stored, so a badge can only be printed when its
credential is issued (or reissued)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse
from fpdf import FPDF

from alyansa.assemblies.services import format_code
from alyansa.core.pdf import add_fonts, fit_text


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


def sign_in_address() -> str:
    """The sign-in page's address, for a delegate who cannot scan: they type it, then the code."""
    return f"{settings.SITE_URL}{reverse('assemblies:signin_form')}"


def badges_pdf(badges: list[Badge], *, caption: str, code_label: str, no_camera: str) -> bytes:
    """A6 badges. Every text is wrapped and, if need be, made smaller to fit its place on the
    badge (fit_text): a long organization name or the code in any script never runs off the
    page. Below the QR code, the address and the code to type for a delegate who cannot scan
    (`no_camera`, with %(address)s)."""
    pdf = FPDF(format=(105, 148))  # A6, in millimetres
    pdf.set_auto_page_break(False)
    pdf.set_margins(8, 8, 8)
    add_fonts(pdf)
    for badge in badges:
        pdf.add_page()
        fit_text(pdf, badge.assembly_title, size=9, smallest=6, lines=2)
        pdf.ln(3)
        fit_text(pdf, badge.name, size=18, smallest=10, lines=3, style="B")
        pdf.ln(1)
        line = " · ".join(part for part in (badge.organization, badge.country) if part)
        if line:
            fit_text(pdf, line, size=10, smallest=6, lines=3)
        qr = segno.make(sign_in_url(badge.secret), error="m")
        image = io.BytesIO()
        qr.save(image, kind="png", scale=6, border=2)
        image.seek(0)
        size = 44
        pdf.image(image, x=(pdf.w - size) / 2, y=pdf.h - size - 38, w=size, h=size)
        pdf.set_y(pdf.h - 37)
        fit_text(pdf, caption, size=8, smallest=6, lines=2)
        fit_text(pdf, no_camera % {"address": sign_in_address()}, size=8, smallest=5, lines=3)
        pdf.ln(1)
        code = f"{code_label} {format_code(badge.secret)}"
        fit_text(pdf, code, size=13, smallest=7, lines=2, style="B")
    return bytes(pdf.output())
