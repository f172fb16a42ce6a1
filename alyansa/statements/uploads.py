"""Files uploaded to import statements from: written to disk under DATA_DIR/imports/statements/
as they arrive (never held in memory, never in the system's temporary folder, which may be
small), and kept there until the import has finished or is discarded."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from alyansa.core.files import FOLDER_MODE, open_private, private_folder
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import ImportJob

# A WordPress export of a large site is a few hundred MB at most.
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
WXR_SUFFIXES = (".xml", ".wxr")
MARKDOWN_SUFFIXES = (".md", ".markdown")
WXR_NAME, ZIP_NAME, MARKDOWN_FOLDER = "export.xml", "markdown.zip", "markdown"


def is_markdown_member(info: zipfile.ZipInfo) -> bool:
    """A Markdown file in a .zip (not a folder, nor the hidden files macOS adds)."""
    name = info.filename
    base = name.rsplit("/", 1)[-1]
    return (
        not info.is_dir()
        and name.lower().endswith(MARKDOWN_SUFFIXES)
        and not name.startswith("__MACOSX/")
        and not base.startswith(".")
    )


def imports_root() -> Path:
    return Path(settings.DATA_DIR) / "imports" / "statements"


def _temporary_folder() -> Path:
    return private_folder(imports_root() / "tmp")


class TemporaryUpload(UploadedFile):
    """An uploaded file being written to a temporary file under the data folder."""

    def __init__(self, name: str, content_type: str, size: int, charset: str | None) -> None:
        self.temporary = tempfile.NamedTemporaryFile(suffix=".upload", dir=_temporary_folder())  # noqa: SIM115
        super().__init__(self.temporary, name, content_type, size, charset)

    def temporary_file_path(self) -> str:
        return str(self.temporary.name)

    def close(self) -> None:
        with contextlib.suppress(FileNotFoundError):  # moved or deleted already
            self.temporary.close()


class DataFolderUploadHandler(FileUploadHandler):
    """Writes every uploaded file straight to disk under the data folder, and stops reading
    the files once together they pass `limit` bytes (`too_large` then says so)."""

    def __init__(self, request: Any = None, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = MAX_UPLOAD_BYTES if limit is None else limit
        self.received = 0
        self.too_large = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.too_large:
            raise SkipFile()
        self.file = TemporaryUpload(self.file_name or "", self.content_type or "", 0, self.charset)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            self.file.close()
            raise SkipFile()
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()


@dataclass
class StoredUpload:
    folder: str
    kind: str  # ImportJob.Kind
    filename: str  # for people: the name (or names) it was uploaded as
    size: int


def _safe_name(name: str, taken: set[str]) -> str:
    """A file name without folders or odd characters; its stem stays (it may be an address)."""
    base = re.sub(r"[^\w.-]+", "-", Path(name.replace("\\", "/")).name).strip(".-") or "file"
    stem, suffix = Path(base).stem[:100] or "file", Path(base).suffix.lower()
    candidate, number = f"{stem}{suffix}", 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    taken.add(candidate)
    return candidate


def _save(upload: Any, target: Path) -> None:
    """Keep the upload at `target`: a hard link to its temporary file when it has one (no
    copy), else copied chunk by chunk."""
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        with contextlib.suppress(OSError):
            os.link(temporary(), target)  # the temporary file is 0600 already
            return
    with open_private(target) as out:
        for chunk in upload.chunks():
            out.write(chunk)


def store_upload(files: Sequence[Any]) -> StoredUpload:
    """Keep the uploaded files for an import: one WordPress export (.xml), one .zip of Markdown
    files, or one or more Markdown files. Refuses anything else, with a message for the form."""
    files = [f for f in files if f is not None]
    if not files:
        raise StatementRuleError(_("Choose a file to import."), field="files")
    suffixes = [Path(f.name or "").suffix.lower() for f in files]
    zipped = len(files) == 1 and suffixes[0] == ".zip"
    if len(files) == 1 and suffixes[0] in WXR_SUFFIXES:
        kind = ImportJob.Kind.WXR
    elif zipped or all(suffix in MARKDOWN_SUFFIXES for suffix in suffixes):
        kind = ImportJob.Kind.MARKDOWN
    else:
        raise StatementRuleError(
            _(
                "Upload a WordPress export (.xml), a .zip of Markdown files, or one or "
                "more Markdown (.md) files."
            ),
            field="files",
        )
    size = sum(f.size or 0 for f in files)
    if size > MAX_UPLOAD_BYTES:
        raise StatementRuleError(
            _("The upload is larger than %(size)d MB.") % {"size": MAX_UPLOAD_MB}, field="files"
        )
    folder = secrets.token_hex(8)
    target = private_folder(imports_root()) / folder
    target.mkdir(mode=FOLDER_MODE)
    try:
        if kind == ImportJob.Kind.WXR:
            _save(files[0], target / WXR_NAME)
        elif zipped:
            _save(files[0], target / ZIP_NAME)
            _check_zip(target / ZIP_NAME)
        else:
            (target / MARKDOWN_FOLDER).mkdir(mode=FOLDER_MODE)
            taken: set[str] = set()
            for upload in files:
                _save(upload, target / MARKDOWN_FOLDER / _safe_name(upload.name or "", taken))
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    names = ", ".join(Path(f.name or "").name for f in files)
    return StoredUpload(folder=folder, kind=kind, filename=names[:300], size=size)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            found = any(is_markdown_member(info) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise StatementRuleError(_("This .zip file cannot be opened."), field="files") from error
    if not found:
        raise StatementRuleError(_("This .zip file holds no Markdown (.md) files."), field="files")


def source_path(folder: str) -> Path:
    """What the importer reads for the upload kept in `folder`."""
    base = imports_root() / folder
    for name in (WXR_NAME, ZIP_NAME):
        if (base / name).exists():
            return base / name
    return base / MARKDOWN_FOLDER


def remove_folder(folder: str) -> None:
    if folder and re.fullmatch(r"[0-9a-f]+", folder):
        shutil.rmtree(imports_root() / folder, ignore_errors=True)


def folders_on_disk(*, older_than_seconds: int = 86400) -> list[str]:
    """Upload folders last changed before `older_than_seconds` ago (a younger one may belong
    to an upload whose job is being saved right now)."""
    root = imports_root()
    if not root.exists():
        return []
    cutoff = time.time() - older_than_seconds
    return [
        path.name
        for path in root.iterdir()
        if path.is_dir() and re.fullmatch(r"[0-9a-f]+", path.name) and path.stat().st_mtime < cutoff
    ]


def remove_old_temporary_files(*, older_than_seconds: int) -> None:
    """Temporary files of uploads cut off halfway (the process stopped) are left behind."""
    folder = imports_root() / "tmp"
    if not folder.exists():
        return
    cutoff = time.time() - older_than_seconds
    for path in folder.iterdir():
        with contextlib.suppress(OSError):  # removed meanwhile by another process
            if path.stat().st_mtime < cutoff:
                path.unlink()
