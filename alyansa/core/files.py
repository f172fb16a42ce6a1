"""Files and folders that only their owner may read, whatever the process's umask.

The data folder holds the SQLite database, uploads, generated secrets and backups: all of them
are made readable by Alyansa's own user only (files 0600, folders 0700), never by the other
accounts of the machine. A mode given at creation can only lose bits to the umask, never gain
them, so these helpers are safe under a permissive umask (000) as under a strict one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> Path:
    """`path` as a folder only its owner may enter: made (with its parents) if missing."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    return path


def open_private(path: Path, mode: str = "wb") -> IO[bytes]:
    """Open `path` for writing (truncated, or made) as a file only its owner may read. A file
    that was there already is narrowed to 0600 too."""
    if mode not in {"wb", "xb"}:
        raise ValueError(f"open_private writes bytes ('wb' or 'xb'), not {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if mode == "xb" else os.O_TRUNC)
    descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
        return os.fdopen(descriptor, mode)
    except BaseException:
        os.close(descriptor)
        raise


def write_private(path: Path, data: bytes) -> None:
    with open_private(path) as out:
        out.write(data)


def read_or_create_secret(path: Path, make: Callable[[], str]) -> str:
    """The secret kept in `path`, made by `make()` and written 0600 the first time (never
    over one that a process starting at the same moment has just made)."""
    if not path.exists():
        with contextlib.suppress(FileExistsError), open_private(path, "xb") as out:
            out.write(make().encode())
    return path.read_text().strip()


def private_sqlite_file(path: Path) -> None:
    """Make the SQLite database file 0600 before SQLite opens it: SQLite gives its -wal and
    -shm files the database file's mode, so they follow. A database made by an older version
    under a permissive umask is narrowed (when it is ours to change)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(FILE_MODE)
