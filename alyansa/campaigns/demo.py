"""This app's part of the demo alliance (called by alyansa/portal/demo.py, after the treasury).

- A campaign, "International Migrants Day", with three calls last December: know-your-rights
  forums (closed), an online action, and the Migrants Day mobilization on 18 December, called
  to every member. Answers are uneven by region, as the alliance's own report says: many
  reported (some with photos, most of those public), some pledged and never reported, some
  declined with a reason, many silent. Its deadline has passed: the combined report is out.
- This year's Migrants Day call, issued two weeks before the day: a few pledges so far, most
  organizations silent (the reminders are due), and the demo coordinator's organization among
  the silent ones, so that its page shows the open call and the report form.
"""

from __future__ import annotations

import datetime
import io
import random

from django.db.models import QuerySet
from django.utils import timezone
from PIL import Image, ImageDraw

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.campaigns.models import Answer, CallKind, CallToAction, DeclineReason
from alyansa.campaigns.services import (
    answer_decline,
    answer_pledge,
    call_close,
    call_create,
    call_issue,
    call_submit,
    campaign_create,
    new_submission_key,
    report_submit,
)
from alyansa.members.demo import DEMO_COORDINATOR_ORG
from alyansa.statements.models import Statement

# How often organizations of each region (by its order) answer a call.
ANSWER_RATES = [0.75, 0.55, 0.4, 0.3, 0.6, 0.45, 0.5]
SUMMARIES = [
    "A rally in front of the labour ministry with banners and a cultural programme; our "
    "demands were read in three languages.",
    "A forum on wage theft and the right to keep one's passport, with a lawyer from a "
    "migrants' legal aid group.",
    "A candle-lighting for the migrants who died at sea this year, and a short march.",
    "A picnic and know-your-rights session in the park on our day off.",
    "A dialogue with parliamentarians on the ratification of ILO Convention 189.",
]
COLOURS = ["#7a1f2b", "#1f5f8b", "#2e7d32", "#b26a00", "#5b4a8a"]


def _picture(rng: random.Random) -> bytes:
    """A made-up 'photo': bands of colour (a banner at a rally, seen from far away)."""
    image = Image.new("RGB", (640, 420), rng.choice(COLOURS))
    draw = ImageDraw.Draw(image)
    for row in range(6):
        top = 220 + row * 30
        draw.rectangle((rng.randint(0, 200), top, rng.randint(400, 640), top + 18), fill="#f4f4f7")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def _issue(call: CallToAction, secretariat: User, officer: User, at: datetime.datetime) -> None:
    call_submit(call=call, acting_user=secretariat)
    call_issue(call=call, acting_user=officer)
    CallToAction.objects.filter(pk=call.pk).update(issued_at=at)


def _answers(call: CallToAction) -> QuerySet[Answer]:
    return Answer.objects.filter(call=call).select_related("organization__region").order_by("pk")


def _past_answers(
    call: CallToAction, rng: random.Random, secretariat: User, *, photos: int
) -> tuple[int, int]:
    """Answers to a call whose day has passed; returns (reports, photos) made."""
    reports = pictures = 0
    issued = call.issued_at or timezone.now()
    for answer in _answers(call):
        rate = ANSWER_RATES[(answer.organization.region.position or 0) % len(ANSWER_RATES)]
        roll = rng.random()
        if roll > rate:
            continue  # silent: information too
        when = issued + datetime.timedelta(hours=rng.randint(2, 24 * 25))
        if roll < rate * 0.6:
            with_photo = pictures < photos and rng.random() < 0.4
            report_submit(
                answer=answer,
                acting_user=secretariat,
                key=new_submission_key(),
                summary=rng.choice(SUMMARIES),
                held_on=call.starts_on,
                city=answer.organization.city or "—",
                country=answer.organization.country,
                participants_low=(low := rng.choice([12, 25, 40, 60, 150, 300])),
                participants_high=rng.choice([None, None, low * 2]),
                is_public=rng.random() < 0.7,
                photos_public=with_photo,
                photos=[_picture(rng)] if with_photo else [],
            )
            reports += 1
            pictures += with_photo
        elif roll < rate * 0.75:
            answer_pledge(
                answer=answer,
                acting_user=secretariat,
                planned_on=call.starts_on,
                city=answer.organization.city,
            )
        else:
            answer_decline(
                answer=answer,
                acting_user=secretariat,
                reason=rng.choice(DeclineReason.values),
                note="",
            )
        Answer.objects.filter(pk=answer.pk).update(answered_at=when, changed_at=when)
    return reports, pictures


def load(rng: random.Random) -> list[str]:
    secretariat = User.objects.filter(role_grants__role=Role.SECRETARIAT).first()
    officer = User.objects.filter(role_grants__role=Role.OFFICER).first()
    if secretariat is None or officer is None:
        return []
    today = timezone.localdate()
    last_year = today.year - 1
    day = datetime.date(last_year, 12, 18)
    statements = list(Statement.objects.published().filter(slug__contains="migrants-day")[:2])
    campaign = campaign_create(
        acting_user=secretariat,
        slug="migrants-day",
        name="International Migrants Day",
        names={"tl": "Pandaigdigang Araw ng mga Migrante", "es": "Día Internacional del Migrante"},
        goals={
            "en": "Make the 18th of December a day of action in every country where our members "
            "organize: for the ratification of the Migrant Workers Convention, against the "
            "criminalization of undocumented migrants, and for decent work for domestic "
            "workers."
        },
        starts_on=datetime.date(last_year, 11, 20),
        ends_on=datetime.date(last_year, 12, 31),
        statements=statements,
        links=[
            {
                "title": "UN: International Migrants Day",
                "url": "https://www.un.org/en/observances/migrants-day",
            }
        ],
    )
    plan = [
        (CallKind.EDUCATION, "Know-your-rights forums", datetime.date(last_year, 11, 28)),
        (
            CallKind.ONLINE,
            "Online day of action: #RightsNotCompacts",
            datetime.date(last_year, 12, 10),
        ),
        (CallKind.MOBILIZATION, "International Migrants Day: take to the streets", day),
    ]
    made = []
    for kind, title, starts_on in plan:
        call = call_create(
            acting_user=secretariat,
            campaign=campaign,
            title=title,
            kind=kind,
            starts_on=starts_on,
            report_by=starts_on + datetime.timedelta(days=14),
            text={
                "en": f"{title}. Hold it in your city on the day, in your own time zone, and "
                "tell us afterwards what you did: how many took part, where, and what came of "
                "it. Never send names of the people who took part."
            },
            statements=statements,
        )
        issued_at = timezone.make_aware(
            datetime.datetime.combine(starts_on - datetime.timedelta(days=21), datetime.time(9))
        )
        _issue(call, secretariat, officer, issued_at)
        call.refresh_from_db()
        made.append(call)
    reports, pictures = 0, 0
    for call, photos in zip(made, (2, 0, 8), strict=True):
        got = _past_answers(call, rng, secretariat, photos=photos)
        reports, pictures = reports + got[0], pictures + got[1]
    call_close(call=made[0], acting_user=secretariat)
    # This year's call: two weeks to go, a few pledges, most silent (reminders are due).
    upcoming = call_create(
        acting_user=secretariat,
        title=f"International Migrants Day {today.year}",
        kind=CallKind.MOBILIZATION,
        starts_on=today + datetime.timedelta(days=13),
        report_by=today + datetime.timedelta(days=27),
        text={"en": "Once more on the 18th: rallies, forums, solidarity messages. Pledge now."},
    )
    _issue(upcoming, secretariat, officer, timezone.now() - datetime.timedelta(days=3))
    for answer in _answers(upcoming):
        if answer.organization.name != DEMO_COORDINATOR_ORG and rng.random() < 0.2:
            answer_pledge(
                answer=answer,
                acting_user=secretariat,
                planned_on=upcoming.starts_on,
                city=answer.organization.city,
            )
    return [
        f"Campaigns: 4 calls to action; last year's Migrants Day had {reports} reports "
        f"({pictures} with photos). Response board: /campaigns/dashboard/"
    ]
