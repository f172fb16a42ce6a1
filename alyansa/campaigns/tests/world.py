"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

import datetime

from django.utils import timezone

from alyansa.campaigns.links import organization_calendar_token, report_token
from alyansa.campaigns.models import Answer
from alyansa.campaigns.services import (
    call_submit,
    campaign_create,
    new_submission_key,
    report_submit,
)
from alyansa.campaigns.testing import make_call, picture
from alyansa.core.testing import World


def extend(world: World) -> None:
    """A public campaign with an issued call whose deadline has passed (the coordinator's
    organization reported with a public photo, the other one privately), a draft and a call
    in review."""
    secretariat, officer = world.users["secretariat"], world.users["officer"]
    own, other = world.objects["organization"], world.objects["other_organization"]
    campaign = campaign_create(
        acting_user=secretariat,
        slug="matrix-campaign",
        name="Matrix campaign",
        starts_on=datetime.date(2024, 12, 1),
    )
    issued = make_call(
        secretariat=secretariat,
        officer=officer,
        campaign=campaign,
        title="Matrix Migrants Day",
        starts_on=datetime.date(2024, 12, 18),
    )
    world.objects["campaign"] = campaign
    world.objects["call"] = issued
    world.objects["call_draft"] = make_call(secretariat=secretariat, title="Matrix draft")
    in_review = make_call(secretariat=secretariat, title="Matrix in review")

    world.objects["call_in_review"] = call_submit(call=in_review, acting_user=secretariat)
    for key, organization, public in (("answer", own, True), ("answer_other", other, False)):
        answer = Answer.objects.get(call=issued, organization=organization)
        report, _changed = report_submit(
            answer=answer,
            acting_user=secretariat,
            key=new_submission_key(),
            summary="A rally at the plaza.",
            held_on=issued.starts_on,
            city="Quezon City",
            country=organization.country,
            participants_low=120,
            is_public=public,
            photos_public=public,
            photos=[picture()],
        )
        world.objects[key] = answer
        world.objects[f"photo_of_{key}"] = report.photos.get()
    # A call still awaiting reports: its personal links work.
    upcoming = make_call(
        secretariat=secretariat,
        officer=officer,
        title="Matrix upcoming day",
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    world.objects["answer_upcoming"] = Answer.objects.get(call=upcoming, organization=own)
    world.objects["report_token"] = report_token(world.objects["answer_upcoming"])
    world.objects["calendar_token"] = organization_calendar_token(own)
