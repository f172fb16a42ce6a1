from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from alyansa.statements import services

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
    with pytest.raises(ValidationError):
        services.statement_image_upload(
            data=b"<svg onload=alert(1)>", alt="x", acting_user=secretariat
        )


def test_only_the_secretariat_uploads(officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.statement_image_upload(data=photo_with_gps(), alt="x", acting_user=officer)
