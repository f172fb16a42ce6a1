import asyncio
import os
import random
from collections.abc import Awaitable, Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms

from alyansa.core.asgi_body import PrivateSpoolASGIHandler
from alyansa.statements import services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import StatementImage
from alyansa.statements.testing import make_statement
from conftest import client_for

pytestmark = pytest.mark.django_db


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (4000, 3000), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (14.0, 35.0, 0.0), 3: "E", 4: (121.0, 0.0, 0.0)}  # GPSInfo
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_an_uploaded_photo_is_resized_and_loses_its_exif_and_gps(secretariat, settings):
    original = photo_with_gps()
    assert Image.open(BytesIO(original)).getexif().get(0x8825)
    image = services.statement_image_upload(data=original, alt="A rally", acting_user=secretariat)
    assert image.image.url.startswith(settings.MEDIA_URL)
    with Image.open(image.image.path) as stored:
        assert max(stored.size) == services.MAX_IMAGE_SIDE
        assert not stored.getexif()
        assert "exif" not in stored.info and "icc_profile" not in stored.info


def test_a_file_that_is_not_a_picture_is_refused_with_a_message(secretariat):
    with pytest.raises(StatementRuleError, match="This file is not a picture we can read"):
        services.statement_image_upload(
            data=b"<svg onload=alert(1)>", alt="x", acting_user=secretariat
        )


def test_only_the_secretariat_uploads(officer):
    statement = make_statement(slug="pictured")
    response = client_for(officer).post(
        reverse("statements:image_upload", args=[statement.slug]),
        {"image": SimpleUploadedFile("rally.jpg", photo_with_gps()), "alt": "A rally"},
    )
    assert response.status_code == 403
    assert not StatementImage.objects.exists()


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """Every marker segment of a JPEG file, in order, as (marker, payload); entropy-coded
    data between them is skipped. Only what a JPEG can hold outside its pixels is named."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    segments, at = [(0xD8, b"")], 2
    while at < len(data):
        assert data[at] == 0xFF, f"no marker at byte {at}"
        marker = data[at + 1]
        if marker == 0xD9:  # end of image: nothing may follow it
            segments.append((marker, b""))
            assert data[at + 2 :] == b"", "bytes after the end of the image"
            return segments
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        segments.append((marker, data[at + 4 : at + 2 + length]))
        at += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            while not (data[at] == 0xFF and data[at + 1] not in {0x00, *range(0xD0, 0xD8)}):
                at += 1
    raise AssertionError("no end of image")


PIXEL_MARKERS = {
    0xD8,  # start of image
    0xDB,  # quantization tables
    0xC0,  # frame (baseline)
    0xC2,  # frame (progressive)
    0xC4,  # Huffman tables
    0xDD,  # restart interval
    0xDA,  # start of scan
    0xD9,  # end of image
}


def photo_with_everything_but_pixels() -> bytes:
    image = Image.new("RGB", (1200, 900), "navy")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (14.0, 35.0, 0.0), 3: "E", 4: (121.0, 0.0, 0.0)}  # GPSInfo
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = BytesIO()
    image.save(
        out,
        format="JPEG",
        exif=exif,
        icc_profile=srgb,
        comment=b"Taken at the safe house, 12 Calle Luna",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><GPSLatitude>14,35N</GPSLatitude></x:xmpmeta>',
    )
    data = out.getvalue()
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0b\x1c\x02\x5a\x00\x05Luna"
    app13 = b"\xff\xed" + (len(iptc) + 2).to_bytes(2, "big") + iptc
    return data[:2] + app13 + data[2:]


def test_nothing_but_pixels_survives_in_an_uploaded_jpeg(secretariat):
    original = photo_with_everything_but_pixels()
    found = {marker for marker, _payload in jpeg_segments(original)}
    assert {0xE1, 0xE2, 0xED, 0xFE} <= found  # EXIF and XMP, ICC, IPTC, comment
    image = services.statement_image_upload(data=original, alt="A rally", acting_user=secretariat)
    stored = Path(image.image.path).read_bytes()
    segments = jpeg_segments(stored)
    extra = [
        (hex(marker), payload[:12])
        for marker, payload in segments
        if marker not in PIXEL_MARKERS and not (marker == 0xE0 and payload[:5] == b"JFIF\x00")
    ]
    assert extra == []
    assert b"Calle Luna" not in stored and b"GPSLatitude" not in stored


def big_photo_with_gps() -> bytes:
    """A phone-sized photo (3 to 5 MB, noise compresses badly) that says where it was taken."""
    size = (2000, 1600)
    image = Image.frombytes("RGB", size, random.Random(7).randbytes(size[0] * size[1] * 3))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (14.0, 35.0, 0.0), 3: "E", 4: (121.0, 0.0, 0.0)}
    out = BytesIO()
    image.save(out, format="JPEG", quality=95, exif=exif)
    return out.getvalue()


def body_messages(body: bytes, size: int = 65536) -> Callable[[], Awaitable[dict[str, Any]]]:
    """An ASGI `receive` that hands over `body` in chunks, as uvicorn does."""
    chunks = [body[at : at + size] for at in range(0, len(body), size)]

    async def receive() -> dict[str, Any]:
        chunk = chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    return receive


def test_a_photo_over_two_and_a_half_mb_never_touches_a_disk_before_it_is_stripped(
    secretariat, settings, tmp_path
):
    photo = big_photo_with_gps()
    assert 2_621_440 < len(photo) <= services.MAX_IMAGE_BYTES
    # The ASGI server's body: kept in memory, not rolled over into a temporary file.
    body = asyncio.run(PrivateSpoolASGIHandler().read_body(body_messages(photo)))
    assert not body._rolled

    # The form's upload: held in memory by Django's upload handlers. Had it been spooled to a
    # temporary file, the upload would fail: the folder for temporary uploads is not there.
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "no-temporary-folder")
    statement = make_statement()
    client_for(secretariat).post(
        reverse("statements:image_upload", args=[statement.slug]),
        {"image": SimpleUploadedFile("rally.jpg", photo, "image/jpeg"), "alt": "A rally"},
    )
    [image] = StatementImage.objects.all()
    with Image.open(image.image.path) as stored:
        assert not stored.getexif()


def test_a_body_too_large_for_memory_spools_inside_the_data_folder_in_a_nameless_file(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = asyncio.run(PrivateSpoolASGIHandler().read_body(body_messages(b"x" * 4096, 512)))
    assert body._rolled
    where = os.readlink(f"/proc/self/fd/{body.fileno()}")
    body.close()
    assert where.startswith(settings.FILE_UPLOAD_TEMP_DIR + "/")
    assert where.endswith("(deleted)")
