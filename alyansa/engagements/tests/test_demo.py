"""The demo shows every part of engagements (about 10 s: the whole demo alliance loads)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from alyansa.engagements.models import (
    DelegationMember,
    Engagement,
    FollowUp,
    Kind,
    SecretariatReport,
)
from alyansa.portal.demo import demo_load
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_years_of_engagements_some_upcoming_and_a_report() -> None:
    demo_load()
    now = timezone.now()
    engagements = Engagement.objects.all()
    assert engagements.count() >= 12
    assert engagements.filter(starts_at__gt=now).count() >= 3
    assert engagements.filter(kind=Kind.UN_SESSION).count() >= 4
    assert engagements.filter(kind=Kind.REGIONAL).count() >= 3
    assert engagements.filter(cancelled_at__isnull=False).count() == 1
    assert engagements.filter(is_public=False).count() == 1
    assert engagements.exclude(outcome="").count() >= 5
    assert DelegationMember.objects.filter(name_public=False).exists()
    assert DelegationMember.objects.filter(person__organization__at_risk=True).exists()
    assert FollowUp.objects.late(timezone.localdate()).count() >= 1
    assert SecretariatReport.objects.count() == 1
    # The demo's pages and feed answer.
    for url in (reverse("engagements:list"), reverse("engagements:feed")):
        assert client_for(None).get(url).status_code == 200
