"""Campaigns' roles for the privacy matrix: before the flag, the organization is called to a
public call of the matrix campaign and reports publicly, with a public photo; after it, it
reports to a second call. Their pages, combined reports (HTML and PDF), feed and API answers
must count it and never name it; staff's screens of those calls (the board, its CSV, the
answer) give the stand-in to officers."""

import datetime

from django.urls import reverse

from alyansa.campaigns.models import Answer
from alyansa.campaigns.services import new_submission_key, report_submit
from alyansa.campaigns.testing import make_call, picture
from alyansa.core.testing import World


def _call_and_report(world: World, title: str, key: str) -> None:
    call = make_call(
        secretariat=world.users["secretariat"],
        officer=world.users["officer"],
        campaign=world.objects["campaign"],
        title=title,
        starts_on=datetime.date(2025, 12, 18),
    )
    answer = Answer.objects.get(call=call, organization=world.objects["secret"])
    report_submit(
        answer=answer,
        acting_user=world.objects["secret_coordinator"],
        key=new_submission_key(),
        summary="A vigil for the detained.",
        held_on=call.starts_on,
        city="Tsuen Wan",
        country=answer.organization.country,
        participants_low=30,
        is_public=True,
        photos_public=True,
        photos=[picture()],
    )
    world.objects[key] = call


def before_flag(world: World) -> None:
    _call_and_report(world, "Privacy call before the flag", "privacy_call_before")


def after_flag(world: World) -> None:
    _call_and_report(world, "Privacy call after the flag", "privacy_call_after")


def public_paths(world: World) -> list[str]:
    paths = []
    for key in ("privacy_call_before", "privacy_call_after"):
        call_id = world.objects[key].pk
        paths += [
            reverse("campaigns:call", args=[call_id]),
            reverse("campaigns:combined_report", args=[call_id]),
            reverse("api-v1:campaigns_call_reports", args=[call_id]),
        ]
    return paths


def staff_paths(world: World) -> list[str]:
    paths = [reverse("campaigns:organization", args=[world.objects["secret"].pk])]
    for key in ("privacy_call_before", "privacy_call_after"):
        call = world.objects[key]
        answer = Answer.objects.get(call=call, organization=world.objects["secret"])
        paths += [
            reverse("campaigns:call", args=[call.pk]),
            reverse("campaigns:board", args=[call.pk]),
            reverse("campaigns:board_csv", args=[call.pk]),
            reverse("campaigns:answer", args=[answer.pk]),
        ]
    return paths
