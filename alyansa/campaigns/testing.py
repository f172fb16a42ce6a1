"""Plain factory functions for tests of campaigns (and of the matrix world)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from PIL import Image

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.campaigns.models import CallKind, CallToAction
from alyansa.campaigns.services import call_create, call_issue, call_submit


def staff() -> tuple[User, User]:
    """A secretariat member and an officer."""
    return make_user("Sam Secretariat", role=Role.SECRETARIAT), make_user(
        "Oli Officer", role=Role.OFFICER
    )


def make_call(
    *,
    secretariat: User,
    officer: User | None = None,
    title: str = "International Migrants Day",
    starts_on: datetime.date = datetime.date(2026, 12, 18),
    report_by: datetime.date | None = None,
    **fields: Any,
) -> CallToAction:
    """A call drafted by `secretariat`; issued by `officer` when one is given."""
    call = call_create(
        acting_user=secretariat,
        title=title,
        kind=fields.pop("kind", CallKind.MOBILIZATION),
        starts_on=starts_on,
        report_by=report_by or starts_on + datetime.timedelta(days=14),
        text=fields.pop("text", {"en": "Hold a rally or a forum for migrants' rights."}),
        **fields,
    )
    if officer is not None:
        call_submit(call=call, acting_user=secretariat)
        call = call_issue(call=call, acting_user=officer)
    return call


def picture(*, gps: bool = False, size: tuple[int, int] = (40, 30)) -> bytes:
    """A small JPEG, with EXIF (a camera model and, if asked, a GPS position) in it."""
    image = Image.new("RGB", size, "steelblue")
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone 3000"  # camera model
    if gps:
        exif[0x8825] = {1: "N", 2: (14.0, 35.0, 0.0), 3: "E", 4: (120.0, 59.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()
