from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from alyansa.audit.models import AuditEvent
from alyansa.members.testing import make_chapter, make_organization
from alyansa.statements import services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import Endorsement, Statement
from alyansa.statements.testing import make_statement
from conftest import client_for

pytestmark = pytest.mark.django_db
Status = Statement.Status


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    cache.clear()


@pytest.fixture
def statement():  # type: ignore[no-untyped-def]
    return make_statement(
        title="Stop the deportations", status=Status.PUBLISHED, open_for_endorsement=True
    )


def endorse(client, statement, **fields):  # type: ignore[no-untyped-def]
    data = {
        "organization_name": "Kasama Hong Kong",
        "country": "Hong Kong",
        "kind": "ally",
        "email": "kasama@example.org",
        **fields,
    }
    return client.post(reverse("statements:endorse", args=[statement.slug]), data)


def confirmation_link() -> str:
    body = mail.outbox[-1].body
    return next(line for line in body.splitlines() if "/endorse/confirm/" in line).strip()


def test_an_organization_endorses_by_confirming_the_emailed_link_then_moderation_shows_it(
    statement, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = endorse(Client(), statement)
    assert "Check your e-mail" in response.content.decode()
    endorsement = Endorsement.objects.get()
    assert endorsement.status == Endorsement.Status.PENDING
    assert mail.outbox[-1].to == ["kasama@example.org"]
    link = confirmation_link()
    path = link.removeprefix("http://127.0.0.1:8000")
    # Following the link (as a mail scanner does) confirms nothing; pressing the button does.
    assert Client().get(path).status_code == 200
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.PENDING
    assert Client().post(path).status_code == 200
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.CONFIRMED
    assert endorsement.email == ""  # the address is forgotten once it has served
    assert "Kasama" not in Client().get(statement.get_absolute_url()).content.decode()
    queue = client_for(secretariat).get(reverse("statements:moderation")).content.decode()
    assert "Kasama Hong Kong" in queue
    client_for(secretariat).post(
        reverse("statements:moderate", args=[endorsement.pk]), {"decision": "approve"}
    )
    page = Client().get(statement.get_absolute_url()).content.decode()
    assert "Kasama Hong Kong" in page and "1 endorsement" in page


def test_the_same_organization_endorsing_twice_is_one_endorsement(
    statement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        endorse(Client(), statement)
        endorse(Client(), statement, organization_name="  KASAMA hong-kong ")
        endorse(Client(), statement, organization_name="Another name", email="KASAMA@example.org")
    assert Endorsement.objects.count() == 1


def test_a_crash_between_submission_and_the_email_loses_nothing(
    statement, django_capture_on_commit_callbacks
):
    # The first submission is committed but its mail never leaves (the worker died).
    services.endorsement_submit(
        statement=statement, organization_name="Migrante", email="m@example.org"
    )
    assert Endorsement.objects.get().status == Endorsement.Status.PENDING
    # Sending the form again sends a fresh link to the same row, and that link works.
    with django_capture_on_commit_callbacks(execute=True):
        endorse(Client(), statement, organization_name="Migrante", email="m@example.org")
    assert Endorsement.objects.count() == 1
    path = confirmation_link().removeprefix("http://127.0.0.1:8000")
    assert Client().post(path).status_code == 200
    assert Endorsement.objects.get().status == Endorsement.Status.CONFIRMED


def test_a_new_link_cancels_the_old_one(statement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        endorse(Client(), statement)
    old = confirmation_link().removeprefix("http://127.0.0.1:8000")
    with django_capture_on_commit_callbacks(execute=True):
        endorse(Client(), statement)
    assert Client().post(old).status_code == 404
    assert Endorsement.objects.get().status == Endorsement.Status.PENDING


def test_a_forged_link_confirms_nothing(statement):
    endorsement = services.endorsement_submit(
        statement=statement, organization_name="X", email="x@example.org"
    )
    assert services.endorsement_confirm(token=f"{endorsement.pk}.{'0' * 40}") is None
    assert services.endorsement_confirm(token="nonsense") is None


def test_the_honeypot_catches_bots_without_telling_them(
    statement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = endorse(Client(), statement, website="http://spam.example")
    assert "Check your e-mail" in response.content.decode()
    assert not Endorsement.objects.exists()
    assert mail.outbox == []


def test_too_many_endorsements_from_one_network_are_held_off(statement):
    client = Client()
    for n in range(10):
        assert (
            endorse(
                client, statement, organization_name=f"Org {n}", email=f"o{n}@example.org"
            ).status_code
            == 200
        )
    assert (
        endorse(client, statement, organization_name="Org 11", email="o11@example.org").status_code
        == 429
    )
    assert Endorsement.objects.count() == 10


def test_a_statement_that_is_not_open_takes_no_endorsement():
    closed = make_statement(status=Status.PUBLISHED)
    with pytest.raises(StatementRuleError, match="not open for endorsement"):
        services.endorsement_submit(statement=closed, organization_name="X", email="x@example.org")
    assert Client().get(reverse("statements:endorse", args=[closed.slug])).status_code == 404


def test_unconfirmed_endorsements_are_forgotten_after_two_weeks(statement):
    services.endorsement_submit(statement=statement, organization_name="X", email="x@example.org")
    assert services.endorsement_forget_unconfirmed() == 0
    later = timezone.now() + timedelta(days=services.ENDORSEMENT_CONFIRM_DAYS + 1)
    assert services.endorsement_forget_unconfirmed(now=later) == 1
    assert AuditEvent.objects.filter(action="endorsement.forget_unconfirmed").exists()


def test_a_member_organization_is_recognized_by_its_acronym(statement):
    member = make_organization("Kapisanan ng mga Manggagawa", acronym="KASAMA")
    by_acronym = services.endorsement_submit(
        statement=statement, organization_name="kasama", email="k@example.org"
    )
    assert by_acronym.organization == member
    assert by_acronym.kind == Endorsement.Kind.MEMBER
    again = services.endorsement_submit(
        statement=statement, organization_name="Kapisanan ng mga Manggagawa", email="k2@example.org"
    )
    assert again.pk == by_acronym.pk


def test_a_chapter_issues_a_statement_in_its_own_name_and_the_archive_filters_by_it():
    chapter = make_chapter("Alliance Philippines")
    statement = make_statement(
        title="From the chapter", status=Status.PUBLISHED, issuer_chapter=chapter
    )
    make_statement(title="From the alliance", status=Status.PUBLISHED)
    assert statement.issuer_kind == Statement.Issuer.CHAPTER
    html = (
        Client()
        .get(reverse("statements:archive"), {"issuer": f"chapter-{chapter.pk}"})
        .content.decode()
    )
    assert "From the chapter" in html and "From the alliance" not in html
    assert "Alliance Philippines" in Client().get(statement.get_absolute_url()).content.decode()


def test_a_title_with_line_breaks_is_kept_on_one_line_and_its_confirmation_mail_is_sent(
    django_capture_on_commit_callbacks,
):
    statement = make_statement(
        title="Stop the\r\ndeportations\n", status=Status.PUBLISHED, open_for_endorsement=True
    )
    assert statement.translations.get().title == "Stop the deportations"
    with django_capture_on_commit_callbacks(execute=True):
        endorse(Client(), statement)
    assert mail.outbox[-1].subject == "Confirm your endorsement: Stop the deportations"


def test_a_title_stored_with_a_line_break_before_the_rule_still_gets_its_mail_sent(
    statement, django_capture_on_commit_callbacks
):
    statement.translations.update(title="Stop the\ndeportations & raids")
    with django_capture_on_commit_callbacks(execute=True):
        endorse(Client(), statement)
    assert mail.outbox[-1].subject == "Confirm your endorsement: Stop the deportations & raids"


def test_the_note_on_an_endorsement_that_cannot_be_shown_is_in_the_reader_s_language() -> None:
    with translation.override("fr"):
        french = str(services.UNNAMEABLE_ENDORSEMENT)
    with translation.override("en"):
        english = str(services.UNNAMEABLE_ENDORSEMENT)
    assert english.startswith("This name is an organization's")
    assert french != english
