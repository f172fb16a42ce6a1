"""The demo shows campaigns to a newcomer: answers in every state, reports with photos, an
open call with its reminders due (the whole demo alliance loads: tens of seconds)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from alyansa.accounts.models import User
from alyansa.campaigns.models import Answer, AnswerState, CallToAction, ReportPhoto
from alyansa.members.demo import DEMO_COORDINATOR_ORG
from alyansa.portal.demo import demo_load
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_campaign_with_answers_in_every_state_and_photos() -> None:
    demo_load()
    migrants_day = CallToAction.objects.get(title="International Migrants Day: take to the streets")
    states = set(Answer.objects.filter(call=migrants_day).values_list("state", flat=True))
    assert states == set(AnswerState.values)
    assert Answer.objects.filter(call=migrants_day).count() > 100
    assert ReportPhoto.objects.filter(report__is_public=True, report__photos_public=True).exists()
    assert migrants_day.campaign.calls.count() == 3
    page = Client().get(reverse("campaigns:campaign", args=["migrants-day"]))
    assert b"actions in" in page.content and b"/campaigns/photos/" in page.content
    secretariat = User.objects.filter(role_grants__role="secretariat").first()
    board = client_for(secretariat).get(reverse("campaigns:board", args=[migrants_day.pk]))
    assert board.status_code == 200
    own = Answer.objects.get(
        call__status=CallToAction.Status.ISSUED,
        call__campaign__isnull=True,
        organization__name=DEMO_COORDINATOR_ORG,
    )
    assert own.state == AnswerState.NO_ANSWER
