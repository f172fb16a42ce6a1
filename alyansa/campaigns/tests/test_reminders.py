"""Reminders go only to the silent, once per offset, in each organization's own time zone —
whatever the answers do and however often the worker runs (a property test over random
answer histories)."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.campaigns.models import Answer, AnswerState, DeclineReason, Reminder
from alyansa.campaigns.services import (
    answer_decline,
    answer_pledge,
    digests_send,
    reminders_send,
)
from alyansa.campaigns.testing import make_call, staff
from alyansa.members.testing import make_chapter, make_country, make_organization

pytestmark = pytest.mark.django_db

# Organizations in Manila, Los Angeles (the US's first zone is New York: the answer's zone is
# set to Los Angeles), London and Auckland: a day apart at the edges.
ZONES = {"PH": "Asia/Manila", "US": "America/Los_Angeles", "GB": "Europe/London", "NZ": None}
ACTION_DAY = datetime.date(2027, 12, 18)
ISSUED_AT = datetime.datetime(2027, 11, 1, 12, tzinfo=datetime.UTC)
OFFSETS = [-14, -3, 2]


def _world():  # type: ignore[no-untyped-def]
    secretariat, officer = staff()
    organizations = []
    for code, zone in ZONES.items():
        org = make_organization(f"Union {code}", country=make_country(code))
        make_user(f"Coordinator {code}", role=Role.COORDINATOR, scope=org)
        organizations.append((org, zone))

    with time_machine.travel(ISSUED_AT, tick=False):
        call = make_call(
            secretariat=secretariat,
            officer=officer,
            starts_on=ACTION_DAY,
            report_by=ACTION_DAY + datetime.timedelta(days=10),
            reminder_offsets=OFFSETS,
        )
    for org, zone in organizations:
        if zone:
            Answer.objects.filter(call=call, organization=org).update(time_zone=zone)
    return call, [org for org, _zone in organizations], secretariat


def expected_now(call, answers, sent, now):  # type: ignore[no-untyped-def]
    """What the rule says, restated: for each silent organization, the latest offset whose
    day (in its zone) has come and came after the issue, unless sent already. (The benchmark
    checks its reminder run against this too.)"""
    wanted = set()
    for answer in answers:
        if answer.state != AnswerState.NO_ANSWER:
            continue
        zone = zoneinfo.ZoneInfo(answer.time_zone)
        today, issued = now.astimezone(zone).date(), call.issued_at.astimezone(zone).date()
        if today > call.report_by:
            continue
        days = {
            o: (call.starts_on if o < 0 else call.last_day) + datetime.timedelta(days=o)
            for o in call.reminder_offsets
        }
        due = [o for o, day in days.items() if issued < day <= today]
        if due:
            latest = max(due, key=lambda o: days[o])
            if (answer.organization_id, latest) not in sent:
                wanted.add((answer.organization_id, latest))
    return wanted


# A history: steps of (hours to move on, organization index, what it does: nothing, pledge,
# decline), with the reminder run after each step, sometimes twice (a restarted worker).
steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=24 * 12),
        st.integers(min_value=0, max_value=len(ZONES) - 1),
        st.sampled_from(["nothing", "pledge", "decline"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=steps)
def test_reminders_go_only_to_the_silent_and_never_twice(history) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        call, organizations, secretariat = _world()
        now = ISSUED_AT
        mail.outbox.clear()
        for hours, index, act, run_twice in history:
            now += datetime.timedelta(hours=hours)
            answer = Answer.objects.get(call=call, organization=organizations[index])
            if act == "pledge" and answer.state != AnswerState.PLEDGED:
                answer_pledge(answer=answer, acting_user=secretariat, planned_on=None, city="")
            elif act == "decline":
                answer_decline(
                    answer=answer, acting_user=secretariat, reason=DeclineReason.CAPACITY
                )
            answers = list(Answer.objects.filter(call=call))
            sent_before = set(Reminder.objects.values_list("organization_id", "offset"))
            predicted = expected_now(call, answers, sent_before, now)
            outbox_before = len(mail.outbox)
            assert reminders_send(now=now) == len(predicted)
            if run_twice:
                assert reminders_send(now=now) == 0
            sent_after = set(Reminder.objects.values_list("organization_id", "offset"))
            assert sent_after - sent_before == predicted
            # Never to an organization that has answered: its mail was not sent either.
            answered = {a.organization_id for a in answers if a.state != AnswerState.NO_ANSWER}
            assert not {org for org, _offset in predicted} & answered
            assert len(mail.outbox) - outbox_before == len(predicted)
        transaction.set_rollback(True)


def test_the_day_is_counted_in_each_organizations_own_zone(clock) -> None:
    _world()
    three_days_before = ACTION_DAY - datetime.timedelta(days=3)
    # Early on 15 December in Manila, it is still 14 December in Los Angeles.
    moment = datetime.datetime.combine(
        three_days_before, datetime.time(1), zoneinfo.ZoneInfo("Asia/Manila")
    )
    assert reminders_send(now=moment - datetime.timedelta(days=10)) == 4  # -14, for all
    assert reminders_send(now=moment) == 2  # Manila and Auckland: already the 15th there
    reminded = set(Reminder.objects.filter(offset=-3).values_list("organization__name", flat=True))
    assert reminded == {"Union PH", "Union NZ"}


def test_the_weekly_digest_lists_a_chapters_silent_organizations_once_a_week(team) -> None:
    call, organizations, secretariat = _world()
    chapter = make_chapter("Chapter", organizations=organizations[:2])
    chapter.email = "chapter@example.org"
    chapter.save(update_fields=["email"])
    answer_decline(
        answer=Answer.objects.get(call=call, organization=organizations[0]),
        acting_user=secretariat,
        reason=DeclineReason.SAFETY,
    )
    mail.outbox.clear()
    assert digests_send() == 1
    assert digests_send() == 0
    [digest] = mail.outbox
    assert "Union US" in digest.body and "Union PH" not in digest.body
