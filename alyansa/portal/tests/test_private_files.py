"""What Alyansa writes to disk is readable by its own user only, even under a permissive umask:
uploads, backup archives and what a restore puts back (the database and generated secrets are
tested in alyansa/core/tests/test_env.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from alyansa.portal.backup import backup_restore, backup_write
from alyansa.statements import services, uploads

pytestmark = pytest.mark.django_db


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def a_photo() -> bytes:
    out = BytesIO()
    Image.new("RGB", (64, 48), "green").save(out, format="JPEG")
    return out.getvalue()


def test_an_uploaded_picture_and_its_folders_are_owner_only(
    secretariat, settings, permissive_umask
):
    image = services.statement_image_upload(data=a_photo(), alt="x", acting_user=secretariat)
    stored = Path(image.image.path)
    assert mode(stored) == 0o600
    folder = stored.parent
    while folder != Path(settings.MEDIA_ROOT).parent:
        assert mode(folder) == 0o700, folder
        folder = folder.parent


def test_alyansa_serves_the_pictures_that_no_other_account_may_read(secretariat):
    image = services.statement_image_upload(data=a_photo(), alt="x", acting_user=secretariat)
    response = Client().get(image.image.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(image.image.path).read_bytes()
    assert Client().get("/media/../secret_key").status_code in {400, 404}


def test_only_public_pictures_are_served_from_the_media_folder(settings):
    """Receipts and other private uploads live in the media folder too: only their own views,
    which check who asks, hand them out."""
    receipt = Path(settings.MEDIA_ROOT) / "receipts" / "taxi.jpg"
    receipt.parent.mkdir(parents=True)
    receipt.write_bytes(a_photo())
    for path in ("/media/receipts/taxi.jpg", "/media/statements/../receipts/taxi.jpg"):
        assert Client().get(path).status_code == 404, path


@pytest.mark.django_db(transaction=True)  # a backup opens its own REPEATABLE READ transaction
def test_a_backup_archive_and_the_files_a_restore_puts_back_are_owner_only(
    tmp_path, settings, secretariat, permissive_umask
):
    upload = Path(settings.MEDIA_ROOT) / "statements" / "photo.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(a_photo())
    archive = tmp_path / "backup.tar.gz"
    backup_write(archive)
    assert mode(archive) == 0o600
    upload.unlink()
    upload.parent.rmdir()
    backup_restore(archive, replace=True)
    assert mode(upload) == 0o600
    assert mode(upload.parent) == 0o700


def test_a_statement_import_upload_is_kept_owner_only(settings, tmp_path, permissive_umask):
    settings.DATA_DIR = tmp_path / "data"
    stored = uploads.store_upload([SimpleUploadedFile("a.md", b"---\ntitle: A\n---\nText")])
    folder = uploads.imports_root() / stored.folder
    assert mode(uploads.imports_root()) == 0o700
    assert mode(folder) == 0o700
    [kept] = (folder / uploads.MARKDOWN_FOLDER).iterdir()
    assert mode(kept) == 0o600
