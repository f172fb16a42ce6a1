from __future__ import annotations

from pathlib import Path

from django.db.utils import ConnectionHandler

from alyansa.core.env import parse_database_url


def test_sqlite_runs_in_wal_mode_and_waits_for_the_writer(tmp_path: Path) -> None:
    config = parse_database_url("sqlite:///alyansa.sqlite3", data_dir=tmp_path)
    connection = ConnectionHandler({"default": config})["default"]
    try:
        with connection.cursor() as cursor:
            pragmas = {}
            for name in ("journal_mode", "synchronous", "busy_timeout"):
                cursor.execute(f"PRAGMA {name}")
                pragmas[name] = cursor.fetchone()[0]
    finally:
        connection.close()
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20_000}
    assert (tmp_path / "alyansa.sqlite3").exists()
