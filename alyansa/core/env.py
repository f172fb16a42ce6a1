"""Typed readers for environment variables that fail loudly, in one sentence, on a bad value."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message is one sentence for the operator."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ConfigError(f"{name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def parse_database_url(
    url: str, *, data_dir: Path, pool_size: int = 10, pool_timeout: int = 120
) -> dict[str, object]:
    """Turn DATABASE_URL into Django's DATABASES entry: sqlite:///path or postgres://...
    PostgreSQL connections come from a pool of at most `pool_size` per process, for which a
    request waits at most `pool_timeout` seconds."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        raw_path = unquote(parsed.path)
        if parsed.netloc or not raw_path or raw_path == "/":
            raise ConfigError(
                f"DATABASE_URL {url!r} is not a SQLite URL of the form sqlite:///path/to/file.db."
            )
        # As in SQLAlchemy: sqlite:///name.db is relative (to the data folder),
        # sqlite:////abs/name.db is absolute.
        path = Path(raw_path[1:])
        if not path.is_absolute():
            path = data_dir / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; the busy timeout makes a second
                # writer wait instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": None},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        if not parsed.hostname and not parse_qs(parsed.query).get("host"):
            raise ConfigError(f"DATABASE_URL {url!r} names no PostgreSQL host.")
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ConfigError(f"DATABASE_URL {url!r} names no PostgreSQL database.")
        options: dict[str, str] = {
            key: values[-1] for key, values in parse_qs(parsed.query).items() if key != "host"
        }
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or parse_qs(parsed.query)["host"][-1],
            "PORT": str(parsed.port or ""),
            # A bounded pool, not persistent connections: under ASGI every request runs its
            # sync code in a thread of its own, and with CONN_MAX_AGE each of those threads
            # kept its own connection open after the request (bursts of requests reached
            # PostgreSQL's max_connections). A request takes a connection from the pool at
            # its first query and gives it back when it ends; past `pool_size` it waits up to
            # `timeout` seconds for one, then is answered 503 (docs/deployment.md).
            "CONN_MAX_AGE": 0,
            "OPTIONS": {
                **options,
                "pool": {"min_size": 1, "max_size": pool_size, "timeout": pool_timeout},
            },
        }
    raise ConfigError(
        f"DATABASE_URL {url!r} is not understood: use sqlite:///path/to/file.db "
        "or postgres://user:password@host:5432/name."
    )


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    file_path: str = ""


def parse_email_url(url: str) -> EmailConfig:
    """EMAIL_URL: smtp://user:pass@host:587?tls=1, smtps://..., console://, file:///dir, memory://"""
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    if parsed.scheme == "console":
        return EmailConfig("django.core.mail.backends.console.EmailBackend")
    if parsed.scheme == "memory":
        return EmailConfig("django.core.mail.backends.locmem.EmailBackend")
    if parsed.scheme == "file":
        if not parsed.path:
            raise ConfigError(f"EMAIL_URL {url!r} names no folder: use file:///path/to/folder.")
        return EmailConfig(
            "django.core.mail.backends.filebased.EmailBackend", file_path=unquote(parsed.path)
        )
    if parsed.scheme in {"smtp", "smtps"}:
        if not parsed.hostname:
            raise ConfigError(f"EMAIL_URL {url!r} names no mail server.")
        try:
            port = parsed.port or (465 if parsed.scheme == "smtps" else 587)
        except ValueError:
            raise ConfigError(f"EMAIL_URL {url!r} has a port that is not a number.") from None
        tls_flag = query.get("tls", ["1" if parsed.scheme == "smtp" and port == 587 else "0"])[-1]
        return EmailConfig(
            "django.core.mail.backends.smtp.EmailBackend",
            host=parsed.hostname,
            port=port,
            user=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            use_tls=parsed.scheme == "smtp" and tls_flag.lower() in _TRUE,
            use_ssl=parsed.scheme == "smtps",
        )
    raise ConfigError(
        f"EMAIL_URL {url!r} is not understood: use smtp://user:password@host:587, "
        "smtps://..., console://, file:///folder or memory://."
    )


def parse_redis_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"REDIS_URL {url!r} is not understood: use redis://host:6379/0.")
    return url
