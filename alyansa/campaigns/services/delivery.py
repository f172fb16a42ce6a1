"""The call's e-mail, reminders to the silent, and the weekly digest of silent organizations.

Every message goes to the organization's coordinators (their accounts' addresses; the
organization's own address when it has no coordinator with an account), in the organization's
language, carrying its personal report link. The queued tasks carry only ids: the link is made
in the worker, so the task table never holds a secret.

Reminders go only to organizations that have not answered, at the offsets the call sets (days
before the action, or after its last day), counted in each organization's own time zone. A
`Reminder` row per call, organization and offset, written before the mail is queued and unique
in the database, keeps a restarted worker from sending one twice.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from alyansa.accounts.models import RoleGrant
from alyansa.accounts.roles import Role
from alyansa.audit.services import audit_record
from alyansa.campaigns.audit_actions import Action
from alyansa.campaigns.links import report_token
from alyansa.campaigns.models import (
    Answer,
    AnswerState,
    CallToAction,
    Digest,
    Reminder,
)
from alyansa.core.text import single_line
from alyansa.members.models import Chapter, Organization

logger = logging.getLogger(__name__)
BATCH = 100


# --- who receives, in which language ----------------------------------------------------------


def recipients_of(organizations: Iterable[Organization]) -> dict[int, list[str]]:
    """Each organization's coordinators' addresses (its own address when it has none)."""
    by_scope = {f"members.organization:{org.pk}": org for org in organizations}
    found: dict[int, list[str]] = defaultdict(list)
    grants = RoleGrant.objects.filter(
        role=Role.COORDINATOR, scope__in=list(by_scope), user__is_active=True
    ).values_list("scope", "user__email")
    for scope, email in grants:
        found[by_scope[scope].pk].append(email)
    for org in by_scope.values():
        if not found[org.pk] and org.email:
            found[org.pk].append(org.email)
    return {pk: sorted(set(emails)) for pk, emails in found.items() if emails}


def language_of(organization: Organization) -> str:
    """The first of the organization's languages that the site speaks, else the site's own.
    Reads `organization.languages.all()`, so a prefetch serves a whole batch."""
    known = {code for code, _name in settings.LANGUAGES}
    for language in organization.languages.all():
        if language.code in known:
            return str(language.code)
    return str(settings.LANGUAGE_CODE)


def report_link(answer: Answer) -> str:
    return settings.SITE_URL + reverse(
        "campaigns:report_link", kwargs={"token": report_token(answer)}
    )


def _message(template: str, context: dict[str, Any], *, to: list[str]) -> EmailMultiAlternatives:
    subject = single_line(render_to_string(f"campaigns/email/{template}_subject.txt", context))
    body = render_to_string(f"campaigns/email/{template}_body.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=to)


def _send_to_answers(answers: Sequence[Answer], template: str, extra: dict[int, Any]) -> int:
    """One e-mail per answer's organization, in its language; returns how many were sent."""
    recipients = recipients_of([answer.organization for answer in answers])
    messages = []
    for answer in answers:
        to = recipients.get(answer.organization_id)
        if not to:
            continue
        with translation.override(language_of(answer.organization)):
            context = {
                "call": answer.call,
                "answer": answer,
                "organization": answer.organization,
                "link": report_link(answer),
                "site_url": settings.SITE_URL,
                **extra.get(answer.pk, {}),
            }
            messages.append(_message(template, context, to=to))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def _answers(ids: Sequence[int]) -> list[Answer]:
    return list(
        Answer.objects.filter(pk__in=ids)
        .select_related("call", "organization")
        .prefetch_related("organization__languages")
        .order_by("pk")
    )


# --- the call ---------------------------------------------------------------------------------


def call_send(*, call_id: int) -> None:
    """Queue the call's e-mail to every called organization, a batch per task."""
    ids = list(Answer.objects.filter(call_id=call_id).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        send_call_emails.enqueue(answer_ids=ids[start : start + BATCH])


@task()
def send_call_emails(*, answer_ids: list[int]) -> None:
    answers = [a for a in _answers(answer_ids) if a.call.status == CallToAction.Status.ISSUED]
    _send_to_answers(answers, "call", {})


# --- reminders --------------------------------------------------------------------------------


def local_day(moment: datetime.datetime, zone: str) -> datetime.date:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(zone)).date()


def due_offset(call: CallToAction, *, today: datetime.date, issued_on: datetime.date) -> int | None:
    """The reminder due today for an organization whose day is `today`: the latest offset whose
    day has come and fell after the call was issued (the call's own e-mail went that day), as
    long as reports are still awaited. A missed earlier offset is not sent late once a later
    one is due: one reminder, the current one."""
    if today > call.report_by:
        return None
    due = [o for o in call.offsets if issued_on < call.reminder_day(o) <= today]
    return max(due, key=call.reminder_day) if due else None


def reminders_expected(
    call: CallToAction,
    silent: Iterable[tuple[int, str]],
    sent: set[tuple[int, int]],
    now: datetime.datetime,
) -> list[tuple[int, int]]:
    """(organization id, offset) of the reminders to send now for `call`, given its silent
    organizations as (id, time zone) and the (organization id, offset) already sent."""
    assert call.issued_at is not None
    days: dict[str, tuple[datetime.date, datetime.date]] = {}
    wanted = []
    for organization_id, zone in silent:
        if zone not in days:
            days[zone] = (local_day(now, zone), local_day(call.issued_at, zone))
        today, issued_on = days[zone]
        offset = due_offset(call, today=today, issued_on=issued_on)
        if offset is not None and (organization_id, offset) not in sent:
            wanted.append((organization_id, offset))
    return wanted


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the silent organizations of every open call whose reminder is due. Safe to run
    at any time and as often as wanted (the worker runs it every hour). Returns how many
    reminders were queued."""
    now = now or timezone.now()
    total = 0
    for call_id in CallToAction.objects.open().values_list("pk", flat=True):
        total += _remind_for_call(call_id, now)
    return total


@transaction.atomic
def _remind_for_call(call_id: int, now: datetime.datetime) -> int:
    # The lock makes two runs at once (two workers) take turns; the unique constraint would
    # stop a second row anyway.
    call = CallToAction.objects.select_for_update().get(pk=call_id)
    if call.status != CallToAction.Status.ISSUED or not call.offsets:
        return 0
    silent = Answer.objects.filter(call=call, state=AnswerState.NO_ANSWER).values_list(
        "organization_id", "time_zone"
    )
    sent = set(Reminder.objects.filter(call=call).values_list("organization_id", "offset"))
    wanted = reminders_expected(call, silent, sent, now)
    if not wanted:
        return 0
    Reminder.objects.bulk_create(
        [
            Reminder(call=call, organization_id=org, offset=offset, sent_at=now)
            for org, offset in wanted
        ]
    )
    audit_record(
        actor=None,
        action=Action.REMINDER_SEND,
        obj=call,
        changes={"organizations": len(wanted), "offsets": sorted({o for _org, o in wanted})},
    )
    ids = list(
        Answer.objects.filter(
            call=call, organization_id__in=[org for org, _offset in wanted]
        ).values_list("pk", flat=True)
    )
    # Queued in the same transaction as the Reminder rows: both or neither.
    for start in range(0, len(ids), BATCH):
        send_reminder_emails.enqueue(answer_ids=ids[start : start + BATCH])
    return len(wanted)


@task()
def send_reminder_emails(*, answer_ids: list[int]) -> None:
    """The reminders, to those still silent when the worker gets to them."""
    answers = [
        a
        for a in _answers(answer_ids)
        if a.state == AnswerState.NO_ANSWER and a.call.status == CallToAction.Status.ISSUED
    ]
    _send_to_answers(answers, "reminder", {})


# --- weekly digest ----------------------------------------------------------------------------


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def silent_by_chapter(chapters: Sequence[Chapter]) -> dict[int, list[Answer]]:
    """For each chapter, the no-answer answers of its organizations in open calls (a regional
    coordinating body: of the organizations of its region)."""
    silent = list(
        Answer.objects.filter(
            state=AnswerState.NO_ANSWER, call__status=CallToAction.Status.ISSUED
        ).select_related("call", "organization")
    )
    members: dict[int, set[int]] = defaultdict(set)
    for chapter_id, org_id in Chapter.organizations.through.objects.values_list(
        "chapter_id", "organization_id"
    ):
        members[chapter_id].add(org_id)
    found: dict[int, list[Answer]] = {}
    for chapter in chapters:
        if chapter.kind == Chapter.Kind.REGIONAL:
            listed = [a for a in silent if a.organization.region_id == chapter.region_id]
        else:
            listed = [a for a in silent if a.organization_id in members[chapter.pk]]
        if listed:
            found[chapter.pk] = listed
    return found


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Once a week, each chapter (with an address) gets the list of its silent organizations
    in open calls. Returns how many digests were queued."""
    week = _monday(timezone.localdate(now or timezone.now()))
    chapters = list(Chapter.objects.exclude(email=""))
    done = set(Digest.objects.filter(week=week).values_list("scope", flat=True))
    chapters = [c for c in chapters if f"members.chapter:{c.pk}" not in done]
    count = 0
    for chapter_id, answers in silent_by_chapter(chapters).items():
        with transaction.atomic():
            _digest, created = Digest.objects.get_or_create(
                scope=f"members.chapter:{chapter_id}",
                week=week,
                defaults={"silent": len(answers)},
            )
            if created:
                audit_record(
                    actor=None,
                    action=Action.DIGEST_SEND,
                    obj=Chapter.objects.get(pk=chapter_id),
                    changes={"silent": len(answers)},
                )
                send_digest.enqueue(chapter_id=chapter_id)
                count += 1
    return count


@task()
def send_digest(*, chapter_id: int) -> None:
    chapter = Chapter.objects.filter(pk=chapter_id).exclude(email="").first()
    if chapter is None:
        return
    answers = silent_by_chapter([chapter]).get(chapter.pk, [])
    if not answers:
        return
    by_call: dict[CallToAction, list[Organization]] = defaultdict(list)
    for answer in answers:
        by_call[answer.call].append(answer.organization)
    context = {"chapter": chapter, "calls": dict(by_call), "site_url": settings.SITE_URL}
    _message("digest", context, to=[chapter.email]).send()
