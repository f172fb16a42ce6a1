"""Plain factory functions for tests of assemblies (and of the voting app above them)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alyansa.assemblies.models import AgendaItem, Assembly, Attendance, Credential, Participant
from alyansa.assemblies.permissions import SESSION_KEY
from alyansa.assemblies.services import (
    assembly_create,
    assembly_set_status,
    attendance_check_in,
    credential_issue,
    item_create,
    participant_register,
)
from alyansa.members.models import Organization
from alyansa.members.testing import make_organization

_numbers = itertools.count(1)


def make_assembly(
    title: str = "",
    *,
    status: str = Assembly.Status.IN_SESSION,
    starts_at: datetime.datetime | None = None,
    days: int = 3,
    time_zone: str = "Asia/Manila",
    **setup: Any,
) -> Assembly:
    """An assembly, by default in session (so items can be opened and decided)."""
    number = next(_numbers)
    starts_at = starts_at or timezone.now() - datetime.timedelta(hours=1)
    assembly = assembly_create(
        title=title or f"General Assembly {number}",
        theme=setup.pop("theme", "Migrant workers' rights are human rights"),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(days=days),
        time_zone=time_zone,
        acting_user=None,
        **setup,
    )
    steps = [Assembly.Status.ANNOUNCED, Assembly.Status.IN_SESSION, Assembly.Status.CLOSED]
    for step in steps[: steps.index(status) + 1] if status in steps else []:
        assembly = assembly_set_status(assembly=assembly, status=step, acting_user=None)
    return assembly


def make_delegate(
    name: str = "",
    *,
    assembly: Assembly,
    organization: Organization | None = None,
    present: bool = False,
) -> Participant:
    """A delegate of a (new, full member) organization; `present` checks them in at the door."""
    participant = participant_register(
        assembly=assembly,
        kind=Participant.Kind.DELEGATE,
        organization=organization or make_organization(),
        display_name=name or f"Delegate {next(_numbers)}",
        acting_user=None,
    )
    if present:
        check_in(participant)
    return participant


def make_guest(name: str = "", *, assembly: Assembly, kind: str = "guest") -> Participant:
    return participant_register(
        assembly=assembly, kind=kind, display_name=name or "Guest", acting_user=None
    )


def make_credential(participant: Participant) -> tuple[Credential, str]:
    return credential_issue(participant=participant, acting_user=None)


def check_in(participant: Participant) -> Attendance:
    return attendance_check_in(participant=participant, method=Attendance.Method.DOOR)


def make_item(
    assembly: Assembly, kind: str = "procedural", title: str = "", **fields: Any
) -> AgendaItem:
    return item_create(
        assembly=assembly,
        kind=kind,
        title=title or f"Item {next(_numbers)}",
        acting_user=None,
        **fields,
    )


def sign_in_delegate(client: Client, secret: str) -> None:
    """Sign a test client in with a credential, as the QR code's page posts it."""
    client.get(reverse("assemblies:signin_form"))  # the form's CSRF cookie, as a phone gets it
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("assemblies:signin_form"), {"code": secret, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302, response.status_code


def sign_in_delegate_session(client: Client, credential: Credential) -> None:
    """Put a credential in a test client's session directly, as the sign-in view does (for
    suites that sign in hundreds of times, past the per-credential rate limit)."""
    session = client.session
    session[SESSION_KEY] = credential.pk
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
