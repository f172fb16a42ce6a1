from __future__ import annotations

from pathlib import Path

from django.db.utils import ConnectionHandler

from alyansa.core.env import parse_database_url


def test_sqlite_runs_in_wal_mode_and_waits_for_the_writer(  # type: ignore[no-untyped-def]
    tmp_path: Path, django_db_blocker
) -> None:
    config = parse_database_url("sqlite:///alyansa.sqlite3", data_dir=tmp_path)
    connection = ConnectionHandler({"default": config})["default"]
    # A database of its own, outside the test database that pytest-django guards.
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            pragmas = {}
            for name in ("journal_mode", "synchronous", "busy_timeout"):
                cursor.execute(f"PRAGMA {name}")
                pragmas[name] = cursor.fetchone()[0]
        connection.close()
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20_000}
    assert (tmp_path / "alyansa.sqlite3").exists()
