"""Secrets kept at rest, read as a thief of the database or of a backup would read them: the
raw rows of allauth's two-factor table and of the background-task queue hold no secret."""

from __future__ import annotations

import io
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from alyansa.accounts.testing import make_user
from alyansa.core.sealing import SealError, new_key
from alyansa.members.services import application_submit
from alyansa.members.testing import Profile, make_country

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def raw_rows(model) -> str:  # type: ignore[no-untyped-def]
    """Every row of the model's table as the database returns it, as one text."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a table name from our models
        return repr(cursor.fetchall())


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_the_totp_secret_and_the_recovery_seed_are_not_in_the_database_row() -> None:
    user = make_user("Sara")
    secret = generate_totp_secret()
    totp = TOTP.activate(user, secret)
    recovery = RecoveryCodes.activate(user)
    codes = recovery.generate_codes()
    rows = raw_rows(Authenticator)
    seed = Authenticator.objects.get(pk=recovery.instance.pk).data["seed"]
    assert secret not in rows and secret.lower() not in rows
    assert not any(code in rows for code in codes)
    assert "sealed:v1:" in seed and seed in rows
    # allauth still reads them through the adapter.
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(current_code(secret))
    assert RecoveryCodes(Authenticator.objects.get(pk=recovery.instance.pk)).validate_code(codes[3])


def test_rotating_the_key_seals_every_secret_again_so_that_the_old_key_can_go(settings) -> None:
    old, new = new_key(), new_key()
    settings.ENCRYPTION_KEYS = [old]
    user = make_user("Sara")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    # A secret an older version kept in clear.
    legacy_secret = generate_totp_secret()
    legacy = Authenticator.objects.create(
        user=make_user("Olu"), type=Authenticator.Type.TOTP, data={"secret": legacy_secret}
    )
    assert legacy_secret in raw_rows(Authenticator)

    settings.ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "3 two-factor secret(s)" in out.getvalue()
    settings.ENCRYPTION_KEYS = [new]

    assert legacy_secret not in raw_rows(Authenticator)
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert TOTP(totp).validate_code(current_code(secret))
    recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert RecoveryCodes(recovery).generate_codes() == codes
    assert TOTP(Authenticator.objects.get(pk=legacy.pk)).validate_code(current_code(legacy_secret))
    settings.ENCRYPTION_KEYS = [old]
    with pytest.raises(SealError, match="cannot be opened with ENCRYPTION_KEY"):
        RecoveryCodes(recovery).generate_codes()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_password_and_confirmation_links_never_stay_readable_in_the_task_table() -> None:
    user = make_user("Forgetful")
    with override_settings(TASKS=DATABASE_QUEUE):
        Client().post(reverse("account_reset_password"), {"email": user.email})
        _application, secret = application_submit(
            profile=Profile(name="Kasapi", country=make_country("PH")),
            contact_name="Ana",
            contact_email="ana@example.org",
        )
        queued = raw_rows(DBTaskResult)
        call_command("worker", batch=True, interval=0.01, verbosity=0)
        sent = raw_rows(DBTaskResult)
    assert len(mail.outbox) == 2
    reset_link = re.search(r"/accounts/password/reset/key/\S+", mail.outbox[0].body)
    assert reset_link
    for rows in (queued, sent):
        assert "SUCCESSFUL" in rows or "READY" in rows
        for clear in (reset_link.group(0), secret, user.email, "ana@example.org", "Kasapi"):
            assert clear not in rows
