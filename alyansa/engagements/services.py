"""Every change to engagements, their delegations, interventions, follow-up tasks, private
calendar addresses and the secretariat's report. Each is one transaction with one audit row.

The rules they keep: an engagement ends after it starts, in a time zone that exists; a change
that subscribed calendars must see raises its sequence; a cancelled engagement stays (so feeds
can say STATUS:CANCELLED) and is not changed again; an outcome is reported once the engagement
has begun; a person sits once in a delegation, is named publicly only with consent recorded
(with its date), and an erased person is not added; a speaker belongs to the delegation.
"""

from __future__ import annotations

import datetime
import secrets
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.accounts.tasks import email_queue
from alyansa.assemblies.models import AgendaItem, ItemKind
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.languages import per_language
from alyansa.core.text import single_line
from alyansa.engagements.audit_actions import AuditAction
from alyansa.engagements.errors import EngagementRuleError
from alyansa.engagements.models import (
    Accreditation,
    CalendarToken,
    DelegationMember,
    Engagement,
    FollowUp,
    Intervention,
    Kind,
    Role,
    SecretariatReport,
    hash_feed_secret,
)
from alyansa.engagements.reporting import report_build
from alyansa.governance.models import Body
from alyansa.members.models import Language, Person, Region
from alyansa.statements.models import Statement

# A late task's owner is reminded again after this long, not at every run of the worker.
REMINDER_INTERVAL = datetime.timedelta(days=7)
# What a subscribed calendar shows: a change to one of these raises the sequence.
CALENDAR_FIELDS = (
    "title",
    "titles",
    "description",
    "descriptions",
    "kind",
    "starts_at",
    "ends_at",
    "time_zone",
    "place",
    "online",
    "online_url",
    "is_public",
)


@lru_cache(maxsize=1)
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass(frozen=True)
class EngagementFields:
    """What the secretariat records of an engagement (forms and the API fill it)."""

    title: str
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    organizer: str = ""
    place: str = ""
    online: bool = False
    online_url: str = ""
    description: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    is_public: bool = True
    languages: Sequence[Language] = ()
    regions: Sequence[Region] = ()
    bodies: Sequence[Body] = ()
    statements: Sequence[Statement] = ()


def _checked(data: EngagementFields) -> dict[str, Any]:
    """The row's values from `data`, or a refusal that says which rule."""
    title = single_line(data.title)[:300]
    if not title:
        raise EngagementRuleError(_("Give the engagement a title."))
    if data.kind not in Kind.values:
        raise EngagementRuleError(_("Choose one of the kinds of engagement."))
    if data.time_zone not in known_time_zones():
        raise EngagementRuleError(
            _("%(zone)s is not a time zone; give one such as Europe/Zurich.")
            % {"zone": data.time_zone}
        )
    if timezone.is_naive(data.starts_at) or timezone.is_naive(data.ends_at):
        raise EngagementRuleError(_("Give the times with their time zone."))
    if data.ends_at < data.starts_at:
        raise EngagementRuleError(_("The engagement ends before it starts."))
    if not data.place.strip() and not data.online:
        raise EngagementRuleError(_("Say where the engagement takes place, or that it is online."))
    unknown = [s for s in data.statements if not s.is_public()]
    if unknown:
        raise EngagementRuleError(_("Only published statements can be linked as positions."))
    return {
        "title": title,
        "titles": per_language(data.titles, max_length=300, default=title),
        "description": data.description.strip(),
        "descriptions": per_language(
            data.descriptions, max_length=20_000, default=data.description.strip(), one_line=False
        ),
        "kind": data.kind,
        "organizer": single_line(data.organizer)[:200],
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "time_zone": data.time_zone,
        "place": single_line(data.place)[:300],
        "online": data.online,
        "online_url": data.online_url.strip(),
        "is_public": data.is_public,
    }


def _set_relations(engagement: Engagement, data: EngagementFields) -> None:
    engagement.languages.set(data.languages)
    engagement.regions.set(data.regions)
    engagement.bodies.set(data.bodies)
    engagement.statements.set(data.statements)


@transaction.atomic
def engagement_create(*, data: EngagementFields, acting_user: User) -> Engagement:
    """A new engagement on the calendar (public ones appear in the feeds at once)."""
    engagement = Engagement.objects.create(**_checked(data))
    _set_relations(engagement, data)
    audit_record(actor=acting_user, action=AuditAction.ENGAGEMENT_CREATE, obj=engagement)
    return engagement


def _locked(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_for_update().get(pk=engagement.pk)


@transaction.atomic
def engagement_update(
    *, engagement: Engagement, data: EngagementFields, acting_user: User
) -> Engagement:
    """Change an engagement. A change that calendars show raises its sequence, so that
    subscribed calendars replace the event; a cancelled engagement is not changed any more."""
    engagement = _locked(engagement)
    if engagement.is_cancelled:
        raise EngagementRuleError(_("This engagement was cancelled; it is kept as it was."))
    values = _checked(data)
    before = {name: getattr(engagement, name) for name in values}
    for name, value in values.items():
        setattr(engagement, name, value)
    changes = model_changes(engagement, before, list(values))
    if any(name in CALENDAR_FIELDS for name in changes):
        engagement.sequence += 1
    engagement.updated_at = timezone.now()
    engagement.save()
    _set_relations(engagement, data)
    audit_record(
        actor=acting_user, action=AuditAction.ENGAGEMENT_UPDATE, obj=engagement, changes=changes
    )
    return engagement


@transaction.atomic
def engagement_cancel(*, engagement: Engagement, acting_user: User) -> Engagement:
    """Cancel an engagement: it stays on the calendar, marked cancelled, and the feeds say
    STATUS:CANCELLED with a higher sequence so that subscribed calendars drop it."""
    engagement = _locked(engagement)
    if engagement.is_cancelled:
        raise EngagementRuleError(_("This engagement is cancelled already."))
    engagement.cancelled_at = timezone.now()
    engagement.sequence += 1
    engagement.updated_at = engagement.cancelled_at
    engagement.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    audit_record(actor=acting_user, action=AuditAction.ENGAGEMENT_CANCEL, obj=engagement)
    return engagement


@transaction.atomic
def outcome_report(
    *,
    engagement: Engagement,
    outcome: str,
    outcomes: dict[str, str] | None = None,
    acting_user: User,
) -> Engagement:
    """Record what came of an engagement, once it has begun."""
    engagement = _locked(engagement)
    if engagement.starts_at > timezone.now():
        raise EngagementRuleError(_("An outcome is reported once the engagement has begun."))
    text = outcome.strip()
    if not text:
        raise EngagementRuleError(_("Write what came of the engagement."))
    engagement.outcome = text
    engagement.outcomes = per_language(outcomes, max_length=50_000, default=text, one_line=False)
    engagement.outcome_reported_at = timezone.now()
    engagement.updated_at = engagement.outcome_reported_at
    engagement.save(update_fields=["outcome", "outcomes", "outcome_reported_at", "updated_at"])
    audit_record(actor=acting_user, action=AuditAction.OUTCOME_REPORT, obj=engagement)
    return engagement


def _consent_time(name_public: bool, before: datetime.datetime | None) -> datetime.datetime | None:
    if not name_public:
        return None
    return before or timezone.now()


@transaction.atomic
def delegate_add(
    *,
    engagement: Engagement,
    person: Person,
    role: str,
    acting_user: User,
    accreditation: str = Accreditation.NOT_NEEDED,
    accreditation_reference: str = "",
    name_public: bool = False,
    notes: str = "",
) -> DelegationMember:
    """Put a person in the delegation, once. Ticking `name_public` records their consent (and
    when it was recorded); without it they are never named in public."""
    if person.erased_at is not None:
        raise EngagementRuleError(_("This person's record was erased."))
    if role not in Role.values:
        raise EngagementRuleError(_("Choose the person's role in the delegation."))
    if accreditation not in Accreditation.values:
        raise EngagementRuleError(_("Choose the state of the accreditation."))
    if DelegationMember.objects.filter(engagement=engagement, person=person).exists():
        raise EngagementRuleError(_("This person is in the delegation already."))
    member = DelegationMember.objects.create(
        engagement=engagement,
        person=person,
        role=role,
        accreditation=accreditation,
        accreditation_reference=single_line(accreditation_reference)[:200],
        name_public=name_public,
        consent_recorded_at=_consent_time(name_public, None),
        notes=notes.strip(),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.DELEGATE_ADD,
        obj=member,
        changes={"role": role, "name_public": name_public},
    )
    return member


@transaction.atomic
def delegate_update(
    *,
    member: DelegationMember,
    role: str,
    accreditation: str,
    accreditation_reference: str,
    name_public: bool,
    notes: str,
    acting_user: User,
) -> DelegationMember:
    """Change a member's role, accreditation, consent or notes. Withdrawing consent takes the
    name off every public page and feed at the next rendering."""
    member = DelegationMember.objects.select_for_update().get(pk=member.pk)
    if role not in Role.values:
        raise EngagementRuleError(_("Choose the person's role in the delegation."))
    if accreditation not in Accreditation.values:
        raise EngagementRuleError(_("Choose the state of the accreditation."))
    values: dict[str, Any] = {
        "role": role,
        "accreditation": accreditation,
        "accreditation_reference": single_line(accreditation_reference)[:200],
        "name_public": name_public,
        "consent_recorded_at": _consent_time(name_public, member.consent_recorded_at),
        "notes": notes.strip(),
    }
    before = {name: getattr(member, name) for name in values}
    for name, value in values.items():
        setattr(member, name, value)
    changes = model_changes(member, before, list(values))
    if changes:
        member.save(update_fields=list(changes))
        # The notes stay out of the audit trail: it is read by more people than the notes.
        changes.pop("notes", None)
        audit_record(
            actor=acting_user, action=AuditAction.DELEGATE_UPDATE, obj=member, changes=changes
        )
    return member


@transaction.atomic
def delegate_remove(*, member: DelegationMember, acting_user: User) -> None:
    if member.interventions.exists():
        raise EngagementRuleError(_("This person delivered an intervention; keep them listed."))
    audit_record(actor=acting_user, action=AuditAction.DELEGATE_REMOVE, obj=member)
    member.delete()


@transaction.atomic
def intervention_add(
    *,
    engagement: Engagement,
    title: str,
    texts: dict[str, str],
    acting_user: User,
    speaker: DelegationMember | None = None,
    delivered_on: datetime.date | None = None,
) -> Intervention:
    """Record what the delegation said, in as many languages as it was written."""
    clean_title = single_line(title)[:300]
    if not clean_title:
        raise EngagementRuleError(_("Give the intervention a title."))
    cleaned = per_language(texts, max_length=50_000, one_line=False)
    if not cleaned:
        raise EngagementRuleError(_("Write the intervention's text in at least one language."))
    if speaker is not None and speaker.engagement_id != engagement.pk:
        raise EngagementRuleError(_("The speaker must be a member of this delegation."))
    intervention = Intervention.objects.create(
        engagement=engagement,
        speaker=speaker,
        title=clean_title,
        texts=cleaned,
        delivered_on=delivered_on,
    )
    audit_record(actor=acting_user, action=AuditAction.INTERVENTION_ADD, obj=intervention)
    return intervention


@transaction.atomic
def follow_up_add(
    *, engagement: Engagement, title: str, owner: User, due_on: datetime.date, acting_user: User
) -> FollowUp:
    """A task that came out of the engagement, for one owner, by a date."""
    clean_title = single_line(title)[:300]
    if not clean_title:
        raise EngagementRuleError(_("Say what is to be done."))
    if not owner.is_active:
        raise EngagementRuleError(_("The owner's account is closed; choose someone else."))
    task = FollowUp.objects.create(
        engagement=engagement, title=clean_title, owner=owner, due_on=due_on
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.FOLLOW_UP_ADD,
        obj=task,
        changes={"owner": owner.pk, "due_on": due_on.isoformat()},
    )
    return task


@transaction.atomic
def follow_up_mark(*, task: FollowUp, done: bool, acting_user: User) -> FollowUp:
    """Mark a task done, or open again (done by mistake). Marking it as it is writes nothing."""
    task = FollowUp.objects.select_for_update().get(pk=task.pk)
    if task.is_done == done:
        return task
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    audit_record(
        actor=acting_user, action=AuditAction.FOLLOW_UP_MARK, obj=task, changes={"done": done}
    )
    return task


@transaction.atomic
def follow_ups_remind_late(*, now: datetime.datetime | None = None) -> int:
    """E-mail the owner of every late, open task (through the task queue), at most once per
    REMINDER_INTERVAL per task. Run by the worker's hourly maintenance. Returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        FollowUp.objects.late(today)
        .filter(owner__is_active=True)
        .exclude(last_reminded_at__gt=now - REMINDER_INTERVAL)
        .select_related("owner", "engagement")
        .select_for_update(of=("self",))
    )
    reminded = []
    for task in due:
        owner = task.owner
        if not owner.email:
            continue
        email_queue(
            subject=_("Late: %(task)s") % {"task": task.title},
            body=_(
                "The task “%(task)s”, from the engagement “%(engagement)s”, was due on "
                "%(due)s and is not marked done.\n\n%(url)s\n"
            )
            % {
                "task": task.title,
                "engagement": task.engagement.title,
                "due": task.due_on.isoformat(),
                "url": settings.SITE_URL.rstrip("/") + task.engagement.get_absolute_url(),
            },
            to=[owner.email],
        )
        reminded.append(task.pk)
    if reminded:
        FollowUp.objects.filter(pk__in=reminded).update(last_reminded_at=now)
        audit_record(actor=None, action=AuditAction.FOLLOW_UPS_REMIND, changes={"tasks": reminded})
    return len(reminded)


@transaction.atomic
def calendar_token_issue(*, person: Person, acting_user: User) -> tuple[CalendarToken, str]:
    """A new private calendar address for a person; the ones before it stop working. The
    secret is shown once and only its hash is kept."""
    if person.erased_at is not None:
        raise EngagementRuleError(_("This person's record was erased."))
    now = timezone.now()
    CalendarToken.objects.active().filter(person=person).update(revoked_at=now)
    secret = secrets.token_urlsafe(32)
    token = CalendarToken.objects.create(person=person, token_hash=hash_feed_secret(secret))
    audit_record(actor=acting_user, action=AuditAction.CALENDAR_TOKEN_ISSUE, obj=token)
    return token, secret


@transaction.atomic
def calendar_token_revoke(*, token: CalendarToken, acting_user: User) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=acting_user, action=AuditAction.CALENDAR_TOKEN_REVOKE, obj=token)


def calendar_token_find(secret: str) -> CalendarToken | None:
    """The active token for a secret from an address, or None (as for one never issued)."""
    if not secret or len(secret) > 100:
        return None
    return (
        CalendarToken.objects.active()
        .select_related("person")
        .filter(token_hash=hash_feed_secret(secret), person__erased_at__isnull=True)
        .first()
    )


@transaction.atomic
def report_attach(
    *, item: AgendaItem, start: datetime.date, end: datetime.date, acting_user: User
) -> SecretariatReport:
    """Attach the report on engagements for a period to a report item of an assembly's
    agenda, as it is now. A corrected one may replace it until the item is decided."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.kind != ItemKind.REPORT:
        raise EngagementRuleError(_("The secretariat's report goes to a report item."))
    if item.outcome:
        raise EngagementRuleError(_("This item has been decided: its report stays as it was."))
    if end < start:
        raise EngagementRuleError(_("The period ends before it starts."))
    report = SecretariatReport.objects.create(
        item=item,
        period_start=start,
        period_end=end,
        content=report_build(start, end).to_content(),
        attached_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.REPORT_ATTACH,
        obj=report,
        changes={"item": item.pk},
    )
    return report
