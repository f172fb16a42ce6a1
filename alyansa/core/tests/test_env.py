from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from alyansa.core.env import (
    ConfigError,
    env_bool,
    env_int,
    parse_database_url,
    parse_email_url,
)
from alyansa.core.sealing import new_key

DATA = Path("/srv/alyansa")


def test_a_relative_sqlite_url_lives_in_the_data_folder() -> None:
    config = parse_database_url("sqlite:///alyansa.sqlite3", data_dir=DATA)
    assert config["NAME"] == "/srv/alyansa/alyansa.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]  # type: ignore[index]
    assert config["OPTIONS"]["timeout"] == 20  # type: ignore[index]


def test_an_absolute_sqlite_url_is_kept() -> None:
    assert parse_database_url("sqlite:////var/db/a.db", data_dir=DATA)["NAME"] == "/var/db/a.db"


def test_a_postgres_url_gives_every_part() -> None:
    config = parse_database_url(
        "postgres://alya:s%40cret@db.internal:6543/alliance?sslmode=require", data_dir=DATA
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "alya",
        "s@cret",
        "db.internal",
        "6543",
        "alliance",
    )
    assert config["OPTIONS"] == {
        "sslmode": "require",
        "pool": {"min_size": 1, "max_size": 10, "timeout": 120},
    }
    assert config["CONN_MAX_AGE"] == 0  # the pool, not a connection kept per thread


@pytest.mark.parametrize(
    "url", ["nonsense", "mysql://x@y/z", "postgres://host-only", "postgres:///nohost", "sqlite://"]
)
def test_a_bad_database_url_is_refused_in_one_sentence(url: str) -> None:
    with pytest.raises(ConfigError, match=r"^DATABASE_URL '.+' .+\.$"):
        parse_database_url(url, data_dir=DATA)


def test_email_urls() -> None:
    smtp = parse_email_url("smtp://mailer:pw@mail.example.org:587")
    assert (smtp.host, smtp.port, smtp.user, smtp.use_tls, smtp.use_ssl) == (
        "mail.example.org",
        587,
        "mailer",
        True,
        False,
    )
    assert parse_email_url("smtps://mail.example.org").port == 465
    assert parse_email_url("smtps://mail.example.org").use_ssl
    assert parse_email_url("console://").backend.endswith("console.EmailBackend")
    assert parse_email_url("file:///tmp/mail").file_path == "/tmp/mail"
    with pytest.raises(ConfigError, match="EMAIL_URL 'carrier-pigeon://coop' is not understood"):
        parse_email_url("carrier-pigeon://coop")


def test_typed_helpers_refuse_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ConfigError, match="SOME_FLAG must be true or false"):
        env_bool("SOME_FLAG", default=False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ConfigError, match="whole number"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-1")
    with pytest.raises(ConfigError, match="at least 0"):
        env_int("SOME_NUMBER", 1, minimum=0)


def run_alyansa(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: no database choice and no test-only switches from this process.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "alyansa.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_bad_configuration_stops_the_command_with_one_clear_sentence(tmp_path: Path) -> None:
    result = run_alyansa("check", DATABASE_URL="nonsense", ALYANSA_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL 'nonsense' is not understood" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_demands_a_secret_key(tmp_path: Path) -> None:
    result = run_alyansa("check", ALYANSA_ENV="production", ALYANSA_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = run_alyansa(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ALYANSA_ENV="production",
        ALYANSA_DATA_DIR=str(tmp_path),
        SECRET_KEY="a-production-secret-that-is-long-and-random-0123456789abcdef",
        ALLOWED_HOSTS="alliance.example.org",
        EMAIL_URL="smtp://mailer:pw@mail.example.org:587",
        ENCRYPTION_KEY=new_key(),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_demands_an_encryption_key_kept_apart_from_the_database(
    tmp_path: Path,
) -> None:
    production = {
        "ALYANSA_ENV": "production",
        "ALYANSA_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "a-production-secret-that-is-long-and-random-0123456789abcdef",
        "ALLOWED_HOSTS": "alliance.example.org",
        "EMAIL_URL": "smtp://mailer:pw@mail.example.org:587",
    }
    missing = run_alyansa("check", **production)
    assert missing.returncode == 2
    assert "ENCRYPTION_KEY must be set" in missing.stderr
    wrong = run_alyansa("check", **production, ENCRYPTION_KEY="not-a-key")
    assert wrong.returncode == 2
    assert "ENCRYPTION_KEY must hold keys" in wrong.stderr
    assert not (tmp_path / "encryption_key").exists()


def test_development_keeps_a_generated_secret_key(tmp_path: Path) -> None:
    first = run_alyansa("check", ALYANSA_ENV="development", ALYANSA_DATA_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    run_alyansa("check", ALYANSA_ENV="development", ALYANSA_DATA_DIR=str(tmp_path))
    assert (tmp_path / "secret_key").read_text() == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_data_folder_database_and_generated_secrets_are_owner_only_whatever_the_umask(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    old = os.umask(0)  # the subprocess inherits it
    try:
        result = run_alyansa("check", ALYANSA_ENV="development", ALYANSA_DATA_DIR=str(data))
        assert result.returncode == 0, result.stderr
        # SQLite gives its write-ahead log and shared-memory files the database file's mode.
        database = sqlite3.connect(data / "alyansa.sqlite3")
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE member (name TEXT)")
        database.execute("INSERT INTO member VALUES ('Lina Santos')")
        database.commit()
        wal_modes = [
            oct((data / f"alyansa.sqlite3{suffix}").stat().st_mode & 0o777)
            for suffix in ("-wal", "-shm")
        ]
        database.close()
    finally:
        os.umask(old)
    modes = {
        path.name: oct(path.stat().st_mode & 0o777)
        for path in (
            data,
            data / "secret_key",
            data / "encryption_key",
            data / "alyansa.sqlite3",
            data / "tmp",
        )
    }
    assert modes == {
        "data": "0o700",
        "secret_key": "0o600",
        "encryption_key": "0o600",
        "alyansa.sqlite3": "0o600",
        "tmp": "0o700",
    }
    assert wal_modes == ["0o600", "0o600"]
