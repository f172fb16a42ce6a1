"""At-risk organizations and statements: counted as endorsers, never named; never joint
issuers in public (members/public.py is the one projection)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.core.testing import comparable
from alyansa.members.services import organization_update
from alyansa.members.testing import make_organization
from alyansa.statements import services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import Endorsement, Statement
from alyansa.statements.testing import make_statement
from conftest import client_for

pytestmark = pytest.mark.django_db

SECRET_NAME = "Nasyonal na Migrante sa Riyadh"


@pytest.fixture
def at_risk():
    return make_organization(SECRET_NAME, acronym="NMWR", at_risk=True)


@pytest.fixture
def statement():
    return make_statement(
        title="Stop the deportations",
        slug="stop-deportations",
        status=Statement.Status.PUBLISHED,
        open_for_endorsement=True,
    )


def _public_pages(statement):
    client = client_for(None)
    return [
        client.get(reverse("statements:detail", args=[statement.slug])).content.decode(),
        client.get(reverse("statements:endorsers", args=[statement.slug])).content.decode(),
        client.get(f"/api/v1/statements/{statement.slug}/endorsements").content.decode(),
    ]


def _no_trace(text, org):
    for secret in [org.name, org.acronym, org.slug]:
        assert secret.casefold() not in text.casefold()


def test_the_public_form_never_turns_an_acronym_into_an_at_risk_member(
    at_risk, statement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        endorsement = services.endorsement_submit(
            statement=statement, organization_name="NMWR", email="someone@example.org"
        )
    assert endorsement.organization is None
    assert endorsement.kind == Endorsement.Kind.ALLY
    assert endorsement.organization_name == "NMWR"
    assert SECRET_NAME not in mail.outbox[-1].body


def test_moderation_says_so_and_cannot_publish_a_typed_at_risk_name(
    at_risk, statement, secretariat
):
    endorsement = services.endorsement_submit(
        statement=statement, organization_name="nmwr", email="someone@example.org"
    )
    endorsement.status = Endorsement.Status.CONFIRMED
    endorsement.save(update_fields=["status"])
    queue = client_for(secretariat).get(reverse("statements:moderation")).content.decode()
    assert "cannot be named in public" in queue
    with pytest.raises(StatementRuleError, match="cannot be named in public: it cannot be shown"):
        services.endorsement_moderate(
            endorsement=endorsement, acting_user=secretariat, approve=True
        )
    for page in _public_pages(statement):
        _no_trace(page, at_risk)


def test_an_at_risk_member_endorses_through_its_coordinator_and_is_counted_unnamed(
    at_risk, statement
):
    coordinator = make_user("Nadia", role=Role.COORDINATOR, scope=at_risk)
    response = client_for(coordinator).post(
        reverse("statements:endorse_member", args=[statement.slug]), {"organization": at_risk.pk}
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.endorsement_count == 1
    detail, endorsers, api = _public_pages(statement)
    assert "1 organization that cannot be named" in detail
    assert "1 organization that cannot be named" in endorsers
    assert "a member organization that cannot be named" in api
    for page in (detail, endorsers, api):
        _no_trace(page, at_risk)


def test_a_coordinator_cannot_endorse_for_an_organization_it_does_not_coordinate(
    at_risk, statement, coordinator_of
):
    response = client_for(coordinator_of).post(
        reverse("statements:endorse_member", args=[statement.slug]), {"organization": at_risk.pk}
    )
    assert response.status_code == 404
    assert not Endorsement.objects.exists()


def test_an_endorser_marked_at_risk_after_the_fact_disappears_from_the_cached_page(
    statement, secretariat
):
    org = make_organization("Later Union", acronym="LATR")
    services.endorsement_record(
        statement=statement, organization_name="", organization=org, acting_user=secretariat
    )
    assert "Later Union" in _public_pages(statement)[0]  # now cached
    organization_update(organization=org, changes={"at_risk": True}, acting_user=secretariat)
    for page in _public_pages(statement):
        _no_trace(page, org)
    assert "1 organization that cannot be named" in _public_pages(statement)[0]


def test_an_at_risk_organization_cannot_be_made_a_joint_issuer(at_risk, secretariat):
    other = make_organization("Kanlungan Centre")
    with pytest.raises(StatementRuleError, match="cannot issue a statement jointly"):
        services.statement_create(
            title="Joint",
            slug="joint",
            source_language="en",
            body="Text",
            issued_on=statement_day(),
            issuer_kind=Statement.Issuer.JOINT,
            issuer_organizations=[at_risk, other],
            acting_user=secretariat,
        )
    with pytest.raises(StatementRuleError, match="an organization's that cannot be named"):
        services.statement_create(
            title="Joint",
            slug="joint",
            source_language="en",
            body="Text",
            issued_on=statement_day(),
            issuer_kind=Statement.Issuer.JOINT,
            issuer_name="Kanlungan and NMWR",
            acting_user=secretariat,
        )


def test_an_import_cannot_make_an_at_risk_organization_a_joint_issuer(at_risk, secretariat):
    other = make_organization("Kanlungan Centre")
    with pytest.raises(StatementRuleError, match="cannot issue a statement jointly"):
        services.statement_import(
            title="Joint, from the old site",
            slug="joint-old",
            source_language="en",
            body="Text",
            published_at=timezone.now(),
            issuer_kind=Statement.Issuer.JOINT,
            issuer_organizations=[at_risk, other],
            acting_user=secretariat,
        )
    assert not Statement.objects.filter(slug="joint-old").exists()


def test_a_joint_issuer_marked_at_risk_after_the_fact_is_counted_not_named(secretariat):
    first = make_organization("Kanlungan Centre")
    second = make_organization("Later Union", acronym="LATR")
    statement = make_statement(slug="joint", status=Statement.Status.PUBLISHED)
    statement.issuer_kind = Statement.Issuer.JOINT
    statement.save(update_fields=["issuer_kind"])
    statement.issuer_organizations.set([first, second])
    organization_update(organization=second, changes={"at_risk": True}, acting_user=secretariat)
    statement.refresh_from_db()
    assert statement.issuer_display() == ("Kanlungan Centre, 1 organization that cannot be named")
    client = client_for(None)
    _no_trace(client.get(reverse("statements:detail", args=["joint"])).content.decode(), second)
    found = client.get(reverse("statements:archive"), {"issuer": f"organization-{second.pk}"})
    unknown = client.get(reverse("statements:archive"), {"issuer": "organization-999999"})
    assert comparable(found.content) == comparable(
        unknown.content.replace(b"999999", str(second.pk).encode())
    )


def statement_day():
    return timezone.localdate()
