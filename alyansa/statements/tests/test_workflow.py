import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_token, make_user
from alyansa.audit.models import AuditEvent
from alyansa.statements import selectors, services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import Correction, Statement
from alyansa.statements.testing import make_statement
from conftest import client_for

pytestmark = pytest.mark.django_db
Status = Statement.Status


def bearer(user):  # type: ignore[no-untyped-def]
    return Client(headers={"authorization": f"Bearer {make_token(user)}"})


def draft(secretariat, **extra):  # type: ignore[no-untyped-def]
    return services.statement_create(
        acting_user=secretariat,
        slug=extra.pop("slug", "migrants-day"),
        source_language="en",
        title="Migrants are workers",
        issued_on=timezone.now().date(),
        body="First text.",
        **extra,
    )


def test_the_secretariat_drafts_and_the_first_version_is_kept(secretariat):
    statement = draft(secretariat)
    translation = statement.translations.get()
    assert statement.status == Status.DRAFT
    assert translation.is_source
    assert list(translation.versions.values_list("number", flat=True)) == [1]
    assert AuditEvent.objects.for_object(statement).filter(action="statement.create").count() == 1


def test_an_officer_cannot_draft_and_a_plain_user_cannot_either(officer, plain_user):
    for user in (officer, plain_user):
        page = client_for(user).post(
            reverse("statements:create"),
            {
                "slug": "migrants-day",
                "source_language": "en",
                "title": "Migrants are workers",
                "issued_on": "2026-12-18",
                "issuer_kind": Statement.Issuer.ALLIANCE,
            },
        )
        assert page.status_code == 403
        api = bearer(user).post(
            reverse("api-v1:statement_create"),
            json.dumps(
                {
                    "slug": "migrants-day",
                    "source_language": "en",
                    "title": "Migrants are workers",
                    "issued_on": "2026-12-18",
                }
            ),
            content_type="application/json",
        )
        assert api.status_code == 403
        assert api.json()["error"]["message"] == "You may not do this."
    assert not Statement.objects.exists()


def test_only_an_officer_approves_a_statement_in_review(secretariat, officer):
    statement = draft(secretariat)
    with pytest.raises(StatementRuleError, match="while the statement is “Draft”"):
        services.statement_approve(statement=statement, acting_user=officer)  # still a draft
    services.statement_submit(statement=statement, acting_user=secretariat)
    approve = reverse("statements:approve", args=[statement.slug])
    assert client_for(secretariat).post(approve).status_code == 403
    api = bearer(secretariat).post(reverse("api-v1:statement_approve", args=[statement.slug]))
    assert api.status_code == 403
    assert api.json()["error"]["message"] == "You may not do this."
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    statement = services.statement_approve(statement=statement, acting_user=officer)
    assert statement.status == Status.APPROVED
    assert statement.approved_by == officer


def test_a_statement_cannot_be_published_before_it_is_approved(secretariat):
    statement = draft(secretariat)
    with pytest.raises(StatementRuleError, match="Only an approved statement can be published"):
        services.statement_publish(statement=statement, acting_user=secretariat)


def approved(secretariat, officer, **extra):  # type: ignore[no-untyped-def]
    statement = draft(secretariat, **extra)
    services.statement_submit(statement=statement, acting_user=secretariat)
    return services.statement_approve(statement=statement, acting_user=officer)


def test_a_statement_published_for_later_is_public_only_once_its_time_has_passed(
    secretariat, officer
):
    statement = approved(secretariat, officer)
    later = timezone.now() + timedelta(hours=2)
    statement = services.statement_publish(statement=statement, acting_user=officer, at=later)
    assert statement.is_scheduled
    assert not Statement.objects.published().filter(pk=statement.pk).exists()
    # No job has to run: the time passing is enough.
    assert (
        Statement.objects.published(now=later + timedelta(seconds=1))
        .filter(pk=statement.pk)
        .exists()
    )


def test_publishing_twice_changes_nothing(secretariat, officer):
    statement = approved(secretariat, officer)
    first = services.statement_publish(statement=statement, acting_user=secretariat)
    second = services.statement_publish(statement=statement, acting_user=officer)
    assert first.published_at == second.published_at
    assert AuditEvent.objects.filter(action="statement.publish").count() == 1


def test_editing_an_approved_statement_sends_it_back_to_review(secretariat, officer):
    statement = approved(secretariat, officer)
    services.statement_translation_save(
        statement=statement, language="en", acting_user=secretariat, title="Migrants are workers!"
    )
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    assert statement.approved_by is None


def test_a_correction_to_a_published_statement_needs_a_public_note(secretariat, officer):
    statement = approved(secretariat, officer)
    services.statement_publish(statement=statement, acting_user=officer)
    with pytest.raises(StatementRuleError, match="This statement is published: say what"):
        services.statement_translation_save(
            statement=statement, language="en", acting_user=secretariat, title="Fixed"
        )
    services.statement_translation_save(
        statement=statement,
        language="en",
        acting_user=secretariat,
        title="Fixed",
        body="Second text.",
        correction_note="The date of the rally was wrong.",
    )
    assert Correction.objects.get(statement=statement).note == "The date of the rally was wrong."
    versions = list(statement.translations.get().versions.all())
    assert [v.number for v in versions] == [2, 1]
    diff = selectors.version_diff(versions[1], versions[0])
    assert ("removed", "First text.") in [(line.kind, line.text) for line in diff]
    assert ("added", "Second text.") in [(line.kind, line.text) for line in diff]


def test_a_withdrawn_statement_keeps_its_public_note_and_cannot_be_edited(secretariat, officer):
    statement = approved(secretariat, officer)
    services.statement_publish(statement=statement, acting_user=officer)
    with pytest.raises(StatementRuleError, match="Say why the statement is withdrawn"):
        services.statement_withdraw(statement=statement, acting_user=officer, note="  ")
    statement = services.statement_withdraw(
        statement=statement, acting_user=officer, note="Superseded by the joint statement."
    )
    assert statement.withdrawal_note == "Superseded by the joint statement."
    assert Statement.objects.readable().filter(pk=statement.pk).exists()
    assert not Statement.objects.published().filter(pk=statement.pk).exists()
    with pytest.raises(StatementRuleError, match="A withdrawn statement cannot be changed"):
        services.statement_translation_save(
            statement=statement,
            language="en",
            acting_user=secretariat,
            title="x",
            correction_note="x",
        )


def test_a_translation_is_out_of_date_once_its_source_changes_after_it(secretariat):
    statement = draft(secretariat)
    arabic = services.statement_translation_save(
        statement=statement, language="ar", acting_user=secretariat, title="المهاجرون عمال"
    )
    source = statement.translations.get(language="en")
    assert not arabic.is_outdated(source)
    source = services.statement_translation_save(
        statement=statement,
        language="en",
        acting_user=secretariat,
        title="Migrants are workers",
        body="A new paragraph.",
    )
    arabic.refresh_from_db()
    assert arabic.is_outdated(source)
    # A typo fixed in the translation alone does not bring it up to date...
    arabic = services.statement_translation_save(
        statement=statement,
        language="ar",
        acting_user=secretariat,
        title="المهاجرون عمّال",
        up_to_date=False,
    )
    assert arabic.is_outdated(source)
    # ...a translator who follows the new source does.
    arabic = services.statement_translation_save(
        statement=statement, language="ar", acting_user=secretariat, title="المهاجرون عمّال"
    )
    assert not arabic.is_outdated(source)


def test_two_statements_cannot_share_an_address_or_use_a_bad_one(secretariat):
    draft(secretariat, slug="one")
    with pytest.raises(StatementRuleError, match="Another statement already has this address"):
        draft(secretariat, slug="one")
    with pytest.raises(StatementRuleError, match="may only hold lower-case letters"):
        draft(secretariat, slug="Not A Slug")


def test_the_factory_makes_a_published_statement_with_translations():
    statement = make_statement(
        status=Status.PUBLISHED, translations={"ar": "بيان", "es": "Declaración"}
    )
    assert statement.is_public()
    assert sorted(statement.translations.values_list("language", flat=True)) == ["ar", "en", "es"]


def test_the_workflow_page_offers_each_role_only_the_steps_it_may_take(secretariat, officer):
    make_statement(slug="steps", status=Status.IN_REVIEW)
    url = reverse("statements:workflow", args=["steps"])
    as_secretariat = client_for(secretariat).get(url).content.decode()
    as_officer = client_for(officer).get(url).content.decode()
    edit = reverse("statements:edit", args=["steps", "en"])
    approve = reverse("statements:approve", args=["steps"])
    upload = reverse("statements:image_upload", args=["steps"])
    assert edit in as_secretariat and upload in as_secretariat and approve not in as_secretariat
    assert approve in as_officer and edit not in as_officer and upload not in as_officer


def test_each_officer_is_emailed_when_a_statement_awaits_their_approval(
    secretariat, officer, plain_user, django_capture_on_commit_callbacks, mailoutbox
):
    second = make_user("Otto Officer", role=Role.OFFICER)
    statement = draft(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_submit(statement=statement, acting_user=secretariat)
        services.statement_submit(statement=statement, acting_user=secretariat)  # a double click

    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([officer.email, second.email])
    mail = mailoutbox[0]
    assert len(mail.to) == 1  # no officer learns another's address
    assert "Migrants are workers" in mail.subject
    assert f"/statements/manage/{statement.slug}/" in mail.body
    assert plain_user.email not in {m.to[0] for m in mailoutbox}
