"""Alyansa's one settings file: every value comes from the environment (docs/configuration.md)."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from alyansa.core.env import (
    ConfigError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    parse_email_url,
    parse_redis_url,
)
from alyansa.core.files import private_folder, private_sqlite_file, read_or_create_secret
from alyansa.core.sealing import check_key, new_key

BASE_DIR = Path(__file__).resolve().parent

ALYANSA_ENV = env_choice("ALYANSA_ENV", "production", ("production", "development", "test"))
PRODUCTION = ALYANSA_ENV == "production"
DEBUG = env_bool("DEBUG", default=ALYANSA_ENV == "development")
if PRODUCTION and DEBUG:
    raise ConfigError("DEBUG must not be on when ALYANSA_ENV is production.")

# The data folder and what Alyansa writes in it are its own user's only (docs/security/at-rest.md).
DATA_DIR = private_folder(
    Path(env_str("ALYANSA_DATA_DIR", str(BASE_DIR.parent / "data"))).resolve()
)


def _secret_key() -> str:
    """Production needs SECRET_KEY set; elsewhere one is generated once and kept in DATA_DIR."""
    from_env = env_str("SECRET_KEY", "")
    if from_env:
        if PRODUCTION and len(from_env) < 40:
            raise ConfigError("SECRET_KEY must be at least 40 characters long in production.")
        return from_env
    if PRODUCTION:
        raise ConfigError("SECRET_KEY must be set when ALYANSA_ENV is production.")
    return read_or_create_secret(DATA_DIR / "secret_key", lambda: secrets.token_urlsafe(50))


SECRET_KEY = _secret_key()


def _encryption_keys() -> list[str]:
    """Seals two-factor secrets and queued e-mails at rest (alyansa/core/sealing.py). Kept apart
    from the database: production needs ENCRYPTION_KEY set; elsewhere one is generated once
    into DATA_DIR (0600). Several keys, separated by commas, while rotating: the first seals."""
    keys = env_list("ENCRYPTION_KEY", [])
    for key in keys:
        try:
            check_key(key)
        except ValueError:
            raise ConfigError(
                "ENCRYPTION_KEY must hold keys made by `alyansa rotate_encryption_key "
                "--new-key` (44 characters each), separated by commas."
            ) from None
    if keys:
        return keys
    if PRODUCTION:
        raise ConfigError(
            "ENCRYPTION_KEY must be set when ALYANSA_ENV is production "
            "(`alyansa rotate_encryption_key --new-key` prints one)."
        )
    return [read_or_create_secret(DATA_DIR / "encryption_key", new_key)]


ENCRYPTION_KEYS = _encryption_keys()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError(
        "ALLOWED_HOSTS must list this site's host names when ALYANSA_ENV is production."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", "sqlite:///alyansa.sqlite3"),
        data_dir=DATA_DIR,
        pool_size=env_int("DATABASE_POOL_SIZE", 10, minimum=1),
        pool_timeout=env_int("DATABASE_POOL_TIMEOUT", 120, minimum=1),
    )
}
USING_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if USING_SQLITE:
    private_sqlite_file(Path(str(DATABASES["default"]["NAME"])))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = parse_redis_url(env_str("REDIS_URL", "")) if env_str("REDIS_URL", "") else ""
# Two sites on one Redis must not read each other's cache or hear each other's live events:
# every key and channel a site uses there starts with this, named after its own database.
REDIS_KEY_PREFIX = (
    env_str("REDIS_KEY_PREFIX", "")
    or "alyansa-"
    + hashlib.sha256(
        f"{DATABASES['default'].get('HOST', '')}:{DATABASES['default'].get('PORT', '')}:"
        f"{DATABASES['default']['NAME']}".encode()
    ).hexdigest()[:12]
)
if not set(REDIS_KEY_PREFIX) <= set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
):
    raise ConfigError("REDIS_KEY_PREFIX may hold only letters, digits, '-', '_' and '.'.")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
        }
    }
elif USING_SQLITE:
    # One process with SQLite, so an in-process cache is shared by every request.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Several processes share PostgreSQL: rate limits must be shared too.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "alyansa_cache",
        }
    }

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "alyansa.core",
    "alyansa.accounts",
    "alyansa.audit",
    "alyansa.members",
    "alyansa.governance",
    "alyansa.statements",
    "alyansa.assemblies",
    "alyansa.voting",
    "alyansa.treasury",
    "alyansa.campaigns",
    "alyansa.engagements",
    "alyansa.programs",
    "alyansa.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alyansa.core.request_context.RequestContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alyansa.accounts.middleware.RequireStaffTwoFactorMiddleware",
    "alyansa.accounts.middleware.PrivateAnswersNotCachedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "alyansa.urls"
ASGI_APPLICATION = "alyansa.asgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alyansa.portal.context_processors.site",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: e-mail only, verified, no open sign-up (the secretariat invites people).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "alyansa.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
# Per account ("key"/"user") as well as per address: a whole hall can share one address, so the
# per-address limits are generous and the per-account ones strict. Failed sign-ins count per
# account *and* address (AccountAdapter), so that a stranger cannot lock an account out.
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "100/m/ip,5/5m/key",
    "reset_password": "60/m/ip,3/10m/key",
    "reset_password_from_key": "60/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
ALYANSA_SITE_NAME = env_str("ALYANSA_SITE_NAME", "Alyansa")
MFA_TOTP_ISSUER = ALYANSA_SITE_NAME
MFA_ADAPTER = "alyansa.accounts.adapter.MFAAdapter"

LANGUAGE_CODE = "en"
LANG_INFO["tl"] = {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"}
LANGUAGES = [
    ("en", _("English")),
    ("tl", _("Tagalog")),
    ("id", _("Indonesian")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# A request body up to this size stays in memory. Photos (at most 15 MB, statements'
# MAX_IMAGE_BYTES) must never touch a disk before their location data is stripped; larger
# bodies (member lists, statement imports) spool inside the data folder, in files deleted at
# once (alyansa/asgi.py points Python's temporary folder there too).
FILE_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = str(private_folder(DATA_DIR / "tmp"))
# The private keys of the open polls' ballot boxes (voting/ballotbox.py): never in the database,
# destroyed at each poll's close. Every server process of the site must see the same folder.
BALLOT_KEY_DIR = Path(env_str("BALLOT_KEY_DIR", str(DATA_DIR / "ballot-keys"))).resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL = parse_email_url(env_str("EMAIL_URL", "" if PRODUCTION else "console://") or "console://")
if PRODUCTION and not env_str("EMAIL_URL", ""):
    raise ConfigError("EMAIL_URL must be set when ALYANSA_ENV is production (smtp://...).")
EMAIL_BACKEND = EMAIL.backend
EMAIL_HOST = EMAIL.host
EMAIL_PORT = EMAIL.port
EMAIL_HOST_USER = EMAIL.user
EMAIL_HOST_PASSWORD = EMAIL.password
EMAIL_USE_TLS = EMAIL.use_tls
EMAIL_USE_SSL = EMAIL.use_ssl
EMAIL_FILE_PATH = EMAIL.file_path
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Alyansa <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("ALYANSA_TASKS_IMMEDIATE", default=False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Privacy: how long IP addresses and request logs are kept (docs/security/privacy.md).
AUDIT_IP_RETENTION_DAYS = env_int("AUDIT_IP_RETENTION_DAYS", 30, minimum=0)
TASK_RESULT_RETENTION_DAYS = env_int("TASK_RESULT_RETENTION_DAYS", 14, minimum=1)
UNCONFIRMED_APPLICATION_DAYS = env_int("UNCONFIRMED_APPLICATION_DAYS", 14, minimum=1)

# Security headers. No 'unsafe-inline' anywhere: pages carry no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is hard to undo, so it is the operator's choice
        # (docs/configuration.md), not a warning on every check.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

NINJA_PAGINATION_PER_PAGE = 50
SERIALIZATION_MODULES = {"exactjson": "alyansa.portal.serializer"}
NINJA_PAGINATION_CLASS = "alyansa.core.bounds.BoundedPagination"
