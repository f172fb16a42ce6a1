from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant
from alyansa.accounts.testing import make_user
from alyansa.audit.models import AuditEvent
from alyansa.audit.services import audit_forget_ip_addresses, audit_record
from alyansa.core.request_context import RequestContextMiddleware

pytestmark = pytest.mark.django_db


def test_a_change_made_during_a_request_keeps_the_address_it_came_from() -> None:
    actor = make_user("Sara")
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")

    def view(_request):  # type: ignore[no-untyped-def]
        return audit_record(actor=actor, action="test.change", obj=actor)

    event = RequestContextMiddleware(view)(request)
    assert event.ip_address == "203.0.113.9"
    assert event.actor_label == str(actor)
    assert audit_record(actor=None, action="test.outside").ip_address is None


def test_addresses_are_forgotten_after_the_retention_period(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_IP_RETENTION_DAYS = 30
    old = AuditEvent.objects.create(
        action="old", ip_address="203.0.113.1", at=timezone.now() - timedelta(days=31)
    )
    recent = AuditEvent.objects.create(
        action="recent", ip_address="203.0.113.2", at=timezone.now() - timedelta(days=29)
    )
    assert audit_forget_ip_addresses() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None
    assert old.action == "old"
    assert recent.ip_address == "203.0.113.2"


def test_the_secretariat_reads_and_searches_the_trail(secretariat) -> None:  # type: ignore[no-untyped-def]
    someone = make_user("Rosa Example")
    role_grant(user=someone, role=Role.OFFICER, acting_user=secretariat)
    client = Client()
    client.force_login(secretariat)
    page = client.get(reverse("portal:audit_trail"), {"q": "Rosa"}).content.decode()
    assert "role.grant" in page
    assert "Rosa Example" in page
    assert (
        "user.create"
        not in client.get(reverse("portal:audit_trail"), {"q": "no-such-thing"}).content.decode()
    )


def test_the_trail_page_makes_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    secretariat, django_assert_max_num_queries
) -> None:
    for number in range(60):
        audit_record(actor=secretariat, action=f"test.{number}", obj=secretariat)
    client = Client()
    client.force_login(secretariat)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("portal:audit_trail")).status_code == 200
