"""The alyansa command's operations: demo, backup and restore, serve, worker, maintenance."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from alyansa.accounts.demo import DEMO_DOMAIN
from alyansa.accounts.models import RoleGrant, User
from alyansa.accounts.tasks import email_queue
from alyansa.accounts.testing import make_user
from alyansa.audit.models import AuditEvent
from alyansa.portal.backup import BackupError, backed_up_models, backup_restore, backup_write
from alyansa.portal.demo import RealDataPresent, demo_load
from alyansa.portal.services import maintenance_run
from alyansa.statements.models import Statement
from alyansa.statements.selectors import ArchiveFilters, statements_public
from alyansa.statements.services import SEARCH_INDEX

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list[dict[str, object]]]:
    """Every backed-up row, by model, as plain values."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in backed_up_models()
    }


def test_a_backup_restores_to_the_same_data(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    demo_load()
    upload = Path(settings.MEDIA_ROOT) / "images" / "photo.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("an uploaded file")
    before = snapshot()
    archive = tmp_path / "backup.tar.gz"
    manifest = backup_write(archive)
    assert manifest["rows"]["accounts.user"] == User.objects.count()

    # As on a new machine: an empty database, whose search index is empty too.
    call_command("flush", interactive=False, verbosity=0)
    SEARCH_INDEX.clear()
    upload.unlink()
    assert User.objects.count() == 0
    backup_restore(archive)
    assert snapshot() == before
    assert upload.read_text() == "an uploaded file"
    statement = Statement.objects.published().first()
    assert statement is not None
    title_word = statement.translations.first().title.split()[-1]
    found = statements_public(ArchiveFilters(query=title_word))
    assert statement in found, "the search index is rebuilt after a restore"


def test_restore_refuses_to_overwrite_data_unless_asked(tmp_path: Path) -> None:
    make_user("Someone")
    archive = tmp_path / "backup.tar.gz"
    backup_write(archive)
    with pytest.raises(BackupError, match="--replace"):
        backup_restore(archive)
    backup_restore(archive, replace=True)
    assert User.objects.count() == 1


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="not an Alyansa backup"):
        backup_restore(bogus)


def test_the_demo_loads_once_and_never_into_real_data() -> None:
    lines = demo_load()
    assert lines and any("password" in line for line in lines)
    users = User.objects.count()
    assert users >= 2
    assert all(user.email.endswith(DEMO_DOMAIN) for user in User.objects.all())
    assert demo_load() is None
    assert User.objects.count() == users


def test_the_demo_refuses_a_database_with_real_accounts() -> None:
    make_user("A real person")
    with pytest.raises(RealDataPresent, match="already holds real accounts"):
        demo_load()
    assert not RoleGrant.objects.exists()


def test_the_demo_is_the_same_every_time() -> None:
    demo_load()
    first = sorted(User.objects.values_list("email", "display_name"))
    call_command("flush", interactive=False, verbosity=0)
    demo_load()
    assert sorted(User.objects.values_list("email", "display_name")) == first


def test_serve_refuses_several_processes_on_sqlite(settings) -> None:  # type: ignore[no-untyped-def]
    settings.USING_SQLITE = True
    with pytest.raises(CommandError, match="several processes need PostgreSQL"):
        call_command("serve", workers=2)


def test_mail_waits_in_the_database_queue_until_the_worker_sends_it() -> None:
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        email_queue(subject="Hello", body="Body", to=["a@example.org"])
        assert len(mail.outbox) == 0
        call_command("worker", batch=True, interval=0.01, verbosity=0)
        assert len(mail.outbox) == 1
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_maintenance_forgets_old_addresses(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_IP_RETENTION_DAYS = 0
    AuditEvent.objects.create(action="x", ip_address="198.51.100.4")
    assert maintenance_run()["ip_addresses_forgotten"] == 1


def test_maintenance_deletes_applications_never_confirmed(settings) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from alyansa.members.models import Application
    from alyansa.members.services import Profile, application_submit
    from alyansa.members.testing import make_country

    settings.UNCONFIRMED_APPLICATION_DAYS = 14
    country = make_country("PH")
    stale, _secret = application_submit(
        profile=Profile(name="Stale", country=country),
        contact_name="A",
        contact_email="a@example.org",
    )
    Application.objects.filter(pk=stale.pk).update(submitted_at=timezone.now() - timedelta(days=15))
    fresh, _secret = application_submit(
        profile=Profile(name="Fresh", country=country),
        contact_name="B",
        contact_email="b@example.org",
    )
    assert maintenance_run()["unconfirmed_applications_deleted"] == 1
    assert list(Application.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_the_demos_worker_writes_its_mail_to_a_folder_the_newcomer_can_open(
    tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from django.core.mail import EmailMessage, get_connection

    from alyansa.core.env import parse_email_url
    from alyansa.portal.management.commands.demo import demo_worker_env

    monkeypatch.delenv("EMAIL_URL", raising=False)
    env = demo_worker_env(tmp_path / "demo-mail")

    config = parse_email_url(env["EMAIL_URL"])
    assert config.file_path == str((tmp_path / "demo-mail").resolve())
    assert env["DJANGO_SETTINGS_MODULE"] == "alyansa.settings"
    connection = get_connection(config.backend, file_path=config.file_path)
    EmailMessage("Confirm", "Open the link", to=["a@example.org"], connection=connection).send()
    assert len(list((tmp_path / "demo-mail").iterdir())) == 1


def test_the_demo_names_the_address_it_is_served_on(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings
    from django.core.management import call_command

    from alyansa.assemblies.badges import sign_in_address

    monkeypatch.setenv("SITE_URL", "")  # restored (to unset) after the test: the command sets it
    monkeypatch.delenv("SITE_URL")
    before = settings.SITE_URL
    try:
        call_command("demo", no_serve=True, port=8123, stdout=io.StringIO())
        assert sign_in_address().startswith("http://127.0.0.1:8123/")
    finally:
        settings.SITE_URL = before
