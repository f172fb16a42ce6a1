"""Pictures in statements: decoded and re-encoded, so that nothing but pixels is kept."""

from __future__ import annotations

import secrets
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.statements.audit_actions import AuditAction
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import (
    Statement,
    StatementImage,
)

# --- images --------------------------------------------------------------------------------

MAX_IMAGE_SIDE = 1600
MAX_IMAGE_BYTES = 15 * 1024 * 1024


def _in_srgb(picture: Any) -> Any:
    """The pixels in sRGB, so that the colour profile need not travel with them (a phone's
    Display P3 photo would look dull once its profile is dropped)."""
    # Pillow is loaded when a picture comes, not when the site starts (start-up cost).
    from PIL import ImageCms

    icc = picture.info.get("icc_profile")
    if not icc or picture.mode not in ("RGB", "L"):
        return picture
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        converted = ImageCms.profileToProfile(
            picture, source, ImageCms.createProfile("sRGB"), outputMode=picture.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture  # a broken profile: keep the pixels as they are
    return converted or picture


def reencode_image(data: bytes) -> tuple[bytes, tuple[int, int]]:
    """Decode and re-encode as JPEG: nothing but pixels is kept (no EXIF, GPS, XMP, ICC
    profile, Photoshop or IPTC data, no comment). Shared with the treasury's receipts and the
    campaigns' photos, which say the refusal each in their own way: a file that is not a
    picture raises Django's ValidationError."""
    # Pillow is loaded when a picture comes, not when the site starts (start-up cost).
    from PIL import Image, ImageOps, UnidentifiedImageError

    # Pillow's own limit (about 89 megapixels) refuses decompression bombs.
    try:
        with Image.open(BytesIO(data)) as probe:
            probe.verify()
        with Image.open(BytesIO(data)) as opened:
            # Turn it upright by its EXIF orientation, before the EXIF is dropped.
            picture: Image.Image = ImageOps.exif_transpose(opened)
            picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            if picture.mode not in ("RGB", "L"):
                background = Image.new("RGB", picture.size, "white")
                rgba = picture.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                background.info = picture.info
                picture = background
            picture = _in_srgb(picture)
            # Pillow writes the source's comment (`info["comment"]`) back unless told not to:
            # the decoded image's metadata is dropped, and only pixels are written.
            picture.info = {}
            out = BytesIO()
            picture.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
            return out.getvalue(), picture.size
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(_("This file is not a picture we can read.")) from error


@transaction.atomic
def statement_image_upload(
    *, data: bytes, alt: str, acting_user: User, statement: Statement | None = None
) -> StatementImage:
    """Store an uploaded picture, resized and stripped of EXIF/GPS, on our own host.

    Done at once rather than in a background task on purpose: the original, with its location
    data, is never written to disk.
    """
    if len(data) > MAX_IMAGE_BYTES:
        raise StatementRuleError(_("The picture is too large (at most 15 MB)."))
    try:
        clean, (width, height) = reencode_image(data)
    except ValidationError as error:
        raise StatementRuleError(" ".join(error.messages)) from error
    image = StatementImage(
        key=secrets.token_hex(8), alt=alt[:300], statement=statement, width=width, height=height
    )
    image.image.save(f"{image.key}.jpg", ContentFile(clean), save=False)
    image.save()
    audit_record(actor=acting_user, action=AuditAction.STATEMENT_IMAGE_UPLOAD, obj=image)
    return image
