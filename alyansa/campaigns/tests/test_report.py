"""The coordinator's report: one phone screen without JavaScript, reached by a personal link
that stays out of later addresses; a form sent twice makes one report; photos lose every
metadata."""

from __future__ import annotations

import datetime
import gzip
import io
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.campaigns.links import SALT, report_token
from alyansa.campaigns.models import Answer, AnswerState, Report, ReportPhoto
from alyansa.campaigns.services import new_submission_key, report_submit
from alyansa.campaigns.testing import make_call, picture
from alyansa.members.testing import make_organization
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(team, member_organization) -> Answer:  # type: ignore[no-untyped-def]
    secretariat, officer = team
    call = make_call(
        secretariat=secretariat,
        officer=officer,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    return Answer.objects.get(call=call)


def _report_form(client: Client, url: str) -> dict[str, str]:
    page = client.get(url).content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', page)
    assert key, "the form carries its key"
    return {"action": "report", "key": key.group(1)}


def _report_data(answer: Answer, **more: object) -> dict[str, object]:
    return {
        "summary": "A forum on wage theft.",
        "held_on": answer.call.starts_on.isoformat(),
        "city": "Quezon City",
        "country": answer.organization.country_id,
        "participants_low": "35",
        "participants_high": "50",
        **more,
    }


def test_the_personal_link_opens_the_form_without_an_account_and_leaves_the_token_behind(
    answer,
) -> None:
    client = Client()
    response = client.get(reverse("campaigns:report_link", args=[report_token(answer)]))
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:answer", args=[answer.pk])
    assert response["Referrer-Policy"] == "no-referrer"
    url = response["Location"]
    data = {**_report_form(client, url), **_report_data(answer)}
    assert client.post(url, data).status_code == 302
    answer.refresh_from_db()
    assert answer.state == AnswerState.REPORTED
    assert answer.report.participants_label == "35\N{EN DASH}50"


def test_without_the_link_the_form_is_not_found(answer) -> None:
    assert Client().get(reverse("campaigns:answer", args=[answer.pk])).status_code == 404


@pytest.mark.parametrize("change", ["forged", "revoked", "expired"])
def test_a_forged_revoked_or_expired_link_opens_nothing(answer, change) -> None:
    token = report_token(answer)
    if change == "forged":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif change == "revoked":
        Answer.objects.filter(pk=answer.pk).update(link_generation=1)
    else:
        token = signing.dumps({"a": answer.pk, "g": 0, "e": 700000}, salt=SALT, compress=True)
    client = Client()
    response = client.get(reverse("campaigns:report_link", args=[token]), follow=True)
    assert response.status_code == 404
    assert response.redirect_chain == [(reverse("campaigns:link_expired"), 302)]
    assert client.get(reverse("campaigns:answer", args=[answer.pk])).status_code == 404


def test_a_form_sent_again_makes_one_report_and_adds_no_photo(answer, coordinator_of) -> None:
    client = client_for(coordinator_of)
    url = reverse("campaigns:answer", args=[answer.pk])
    form = _report_form(client, url)
    for _attempt in range(3):  # the connection dropped: the browser sends it again
        data = {**form, **_report_data(answer), "photos": io.BytesIO(picture())}
        data["photos"].name = "rally.jpg"
        assert client.post(url, data).status_code == 302
    assert Report.objects.filter(answer=answer).count() == 1
    assert ReportPhoto.objects.filter(report__answer=answer).count() == 1


def test_photos_are_re_encoded_without_any_metadata(answer, coordinator_of) -> None:
    original = picture(gps=True)
    assert b"Secret Phone 3000" in original
    report, _changed = report_submit(
        answer=answer,
        acting_user=coordinator_of,
        key=new_submission_key(),
        summary="Rally.",
        held_on=answer.call.starts_on,
        city="Manila",
        country=answer.organization.country,
        photos=[original],
    )
    with report.photos.get().image.open("rb") as stored:
        data = stored.read()
    assert b"Secret Phone 3000" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert "icc_profile" not in image.info


def test_the_report_page_fits_a_phone_on_a_slow_connection(answer) -> None:
    client = Client()
    client.get(reverse("campaigns:report_link", args=[report_token(answer)]))
    response = client.get(reverse("campaigns:answer", args=[answer.pk]))
    page = response.content
    assert len(gzip.compress(page)) < 30 * 1024
    assert len(page) < 60 * 1024  # even uncompressed
    assert b"<script" not in page
    assert b'name="viewport"' in page
    assert response["Cache-Control"] == "private, no-store"


def test_a_signed_in_coordinator_reaches_only_its_own_answers(team, answer) -> None:

    stranger = make_user("Stranger", role=Role.COORDINATOR, scope=make_organization("Other"))
    response = client_for(stranger).get(reverse("campaigns:answer", args=[answer.pk]))
    assert response.status_code == 404
