"""An organization at risk counts in every public total and is never named: not its name,
acronym or address, in no page, file, feed or API answer, and its photos stay private."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from alyansa.campaigns.models import Answer
from alyansa.campaigns.services import campaign_create, new_submission_key, report_submit
from alyansa.campaigns.testing import make_call, picture
from alyansa.members.testing import make_country, make_organization

pytestmark = pytest.mark.django_db

SECRET = ("Hidden Domestic Workers Network", "HDWN", "hidden-network")


@pytest.fixture
def public_outputs(team):  # type: ignore[no-untyped-def]
    secretariat, officer = team
    country = make_country("HK")
    hidden = make_organization(SECRET[0], acronym=SECRET[1], country=country, at_risk=True)
    hidden.slug = SECRET[2]
    hidden.save(update_fields=["slug"])
    make_organization("Open Union", acronym="OU", country=country)
    campaign = campaign_create(
        acting_user=secretariat, slug="day", name="Day", starts_on=datetime.date(2025, 12, 1)
    )
    call = make_call(
        secretariat=secretariat,
        officer=officer,
        campaign=campaign,
        starts_on=datetime.date(2025, 12, 18),
        report_by=datetime.date(2025, 12, 30),
    )
    photos = {}
    for answer in Answer.objects.filter(call=call):
        report, _changed = report_submit(
            answer=answer,
            acting_user=secretariat,
            key=new_submission_key(),
            summary="Rally.",
            held_on=call.starts_on,
            city="Kowloon" if answer.organization.at_risk else "Central",
            country=country,
            participants_low=100,
            is_public=True,
            photos_public=True,
            photos=[picture()],
        )
        photos[answer.organization.at_risk] = report.photos.get().key
    return call, photos


def _texts(call) -> dict[str, str]:  # type: ignore[no-untyped-def]
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)):
        pages = {
            name: client.get(url)
            for name, url in {
                "index": reverse("campaigns:index"),
                "campaign": reverse("campaigns:campaign", args=["day"]),
                "call": reverse("campaigns:call", args=[call.pk]),
                "combined": reverse("campaigns:combined_report", args=[call.pk]),
                "pdf": reverse("campaigns:combined_report_pdf", args=[call.pk]),
                "feed": reverse("campaigns:campaign_calendar", args=["day"]),
                "api_calls": reverse("api-v1:campaigns_calls"),
                "api_call": reverse("api-v1:campaigns_call", args=[call.pk]),
                "api_reports": reverse("api-v1:campaigns_call_reports", args=[call.pk]),
            }.items()
        }
    texts = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        if name == "pdf":
            reader = PdfReader(io.BytesIO(response.content))
            texts[name] = "".join(page.extract_text() for page in reader.pages)
        else:
            texts[name] = response.content.decode()
    return texts


def test_an_organization_at_risk_is_never_named_in_public_outputs(public_outputs) -> None:
    call, _photos = public_outputs
    texts = _texts(call)
    for name, text in texts.items():
        for secret in SECRET:
            assert secret not in text, f"{secret} in {name}"
        assert "Kowloon" not in text, f"the at-risk organization's city in {name}"
    # It counts: two actions, two cities, 200 taking part.
    assert "200" in texts["api_reports"] and '"actions":2' in texts["api_reports"].replace(" ", "")
    assert "Open Union" in texts["call"]
    assert "2 actions in 2 cities in 1 countries" in texts["combined"]


def test_the_photos_of_an_organization_at_risk_are_not_public(public_outputs) -> None:
    _call, photos = public_outputs
    client = Client()
    assert client.get(reverse("campaigns:photo", args=[photos[False]])).status_code == 200
    assert client.get(reverse("campaigns:photo", args=[photos[True]])).status_code == 404
