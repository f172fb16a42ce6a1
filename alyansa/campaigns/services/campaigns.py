"""Campaigns and the workflow of a call to action: drafted and submitted by the secretariat,
issued by an officer (the statements' approval rule), then closed or cancelled.

Issuing a call fixes who is called: one Answer per called organization, in the state *no
answer*, with the organization's own time zone; then the call goes by e-mail (delivery.py).

These check the workflow's rules only: who may take each step (the secretariat drafts,
submits and edits, an officer returns and issues, either closes and cancels) is checked by the
views before they call (views/staff.py), so the demo and commands call the same services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.campaigns.audit_actions import Action
from alyansa.campaigns.errors import CampaignRuleError
from alyansa.campaigns.models import (
    DEFAULT_REMINDER_OFFSETS,
    Answer,
    Audience,
    CallToAction,
    Campaign,
    links_cleaned,
    zone_of_country,
)
from alyansa.campaigns.services.delivery import call_send
from alyansa.core.languages import per_language
from alyansa.core.text import single_line
from alyansa.members.models import (
    Chapter,
    Country,
    MembershipCategory,
    Organization,
    OrganizationQuerySet,
    Region,
)
from alyansa.statements.models import Statement, Topic

Status = CallToAction.Status
MAX_TEXT = 20_000
# Reminders further than this from the action are not reminders any more.
MAX_OFFSET_DAYS = 90
# Addresses of the app's own pages beside /campaigns/<slug>/.
RESERVED_SLUGS = frozenset(
    {
        "new",
        "dashboard",
        "calls",
        "reminders",
        "r",
        "answers",
        "photos",
        "organizations",
        "calendars",
    }
)


def _check_period(starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise CampaignRuleError(_("The end cannot come before the start."))


@transaction.atomic
def campaign_create(
    *,
    acting_user: User,
    slug: str,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    names: dict[str, str] | None = None,
    goals: dict[str, str] | None = None,
    lead_body: Any = None,
    lead_chapter: Chapter | None = None,
    topics: Iterable[Topic] = (),
    statements: Iterable[Statement] = (),
    links: Sequence[Any] = (),
    is_public: bool = True,
) -> Campaign:
    """The secretariat starts a campaign."""
    _check_period(starts_on, ends_on)
    name = single_line(name)[:200]
    if not name:
        raise CampaignRuleError(_("Give the campaign a name."))
    if slug in RESERVED_SLUGS:
        raise CampaignRuleError(_("This address is taken by a page of the site."))
    if Campaign.objects.filter(slug=slug).exists():
        raise CampaignRuleError(_("Another campaign has this address."))
    campaign = Campaign.objects.create(
        slug=slug,
        name=name,
        names=per_language(names, max_length=200, default=name),
        goals=per_language(goals, max_length=MAX_TEXT, one_line=False),
        starts_on=starts_on,
        ends_on=ends_on,
        lead_body=lead_body,
        lead_chapter=lead_chapter,
        links=links_cleaned(links),
        is_public=is_public,
    )
    campaign.topics.set(topics)
    campaign.statements.set(statements)
    audit_record(actor=acting_user, action=Action.CAMPAIGN_CREATE, obj=campaign)
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    acting_user: User,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    names: dict[str, str] | None = None,
    goals: dict[str, str] | None = None,
    lead_body: Any = None,
    lead_chapter: Chapter | None = None,
    topics: Iterable[Topic] = (),
    statements: Iterable[Statement] = (),
    links: Sequence[Any] = (),
    is_public: bool = True,
) -> Campaign:
    _check_period(starts_on, ends_on)
    name = single_line(name)[:200]
    if not name:
        raise CampaignRuleError(_("Give the campaign a name."))
    campaign.name = name
    campaign.names = per_language(names, max_length=200, default=name)
    campaign.goals = per_language(goals, max_length=MAX_TEXT, one_line=False)
    campaign.starts_on, campaign.ends_on = starts_on, ends_on
    campaign.lead_body, campaign.lead_chapter = lead_body, lead_chapter
    campaign.links = links_cleaned(links)
    campaign.is_public = is_public
    campaign.save()
    campaign.topics.set(topics)
    campaign.statements.set(statements)
    audit_record(actor=acting_user, action=Action.CAMPAIGN_UPDATE, obj=campaign)
    return campaign


def _offsets(offsets: Iterable[int] | None) -> list[int]:
    chosen = sorted({int(o) for o in (DEFAULT_REMINDER_OFFSETS if offsets is None else offsets)})
    if any(abs(offset) > MAX_OFFSET_DAYS for offset in chosen):
        raise CampaignRuleError(
            _("Reminders go at most %(days)d days before or after the action.")
            % {"days": MAX_OFFSET_DAYS}
        )
    return chosen


def _check_call_dates(
    starts_on: datetime.date, ends_on: datetime.date | None, report_by: datetime.date
) -> None:
    _check_period(starts_on, ends_on)
    if report_by < starts_on:
        raise CampaignRuleError(_("Reports are due after the action, not before it."))


def _set_audience(
    call: CallToAction,
    *,
    regions: Iterable[Region],
    chapters: Iterable[Chapter],
    countries: Iterable[Country],
    organizations: Iterable[Organization],
) -> None:
    region_list, chapter_list = list(regions), list(chapters)
    country_list, organization_list = list(countries), list(organizations)
    chosen: dict[str, list[Any]] = {
        Audience.REGIONS: region_list,
        Audience.CHAPTERS: chapter_list,
        Audience.COUNTRIES: country_list,
        Audience.CHOSEN: organization_list,
    }
    if call.audience in chosen and not chosen[call.audience]:
        raise CampaignRuleError(_("Choose whom the call goes to."))
    # Only the list the audience names is kept: a region left over from an earlier choice
    # must not change who is called.
    call.regions.set(region_list if call.audience == Audience.REGIONS else [])
    call.chapters.set(chapter_list if call.audience == Audience.CHAPTERS else [])
    call.countries.set(country_list if call.audience == Audience.COUNTRIES else [])
    call.organizations.set(organization_list if call.audience == Audience.CHOSEN else [])


@transaction.atomic
def call_create(
    *,
    acting_user: User,
    title: str,
    kind: str,
    starts_on: datetime.date,
    report_by: datetime.date,
    ends_on: datetime.date | None = None,
    campaign: Campaign | None = None,
    titles: dict[str, str] | None = None,
    text: dict[str, str] | None = None,
    audience: str = Audience.ALL,
    regions: Iterable[Region] = (),
    chapters: Iterable[Chapter] = (),
    countries: Iterable[Country] = (),
    organizations: Iterable[Organization] = (),
    statements: Iterable[Statement] = (),
    links: Sequence[Any] = (),
    reminder_offsets: Iterable[int] | None = None,
    is_public: bool = True,
) -> CallToAction:
    """The secretariat drafts a call to action."""
    _check_call_dates(starts_on, ends_on, report_by)
    title = single_line(title)[:200]
    if not title:
        raise CampaignRuleError(_("Give the call a title."))
    call = CallToAction.objects.create(
        campaign=campaign,
        title=title,
        titles=per_language(titles, max_length=200, default=title),
        text=per_language(text, max_length=MAX_TEXT, one_line=False),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        report_by=report_by,
        audience=audience,
        links=links_cleaned(links),
        reminder_offsets=_offsets(reminder_offsets),
        is_public=is_public,
        created_by=acting_user,
    )
    _set_audience(
        call, regions=regions, chapters=chapters, countries=countries, organizations=organizations
    )
    call.statements.set(statements)
    audit_record(actor=acting_user, action=Action.CALL_CREATE, obj=call)
    return call


@transaction.atomic
def call_update(
    *,
    call: CallToAction,
    acting_user: User,
    title: str,
    kind: str,
    starts_on: datetime.date,
    report_by: datetime.date,
    ends_on: datetime.date | None = None,
    campaign: Campaign | None = None,
    titles: dict[str, str] | None = None,
    text: dict[str, str] | None = None,
    audience: str = Audience.ALL,
    regions: Iterable[Region] = (),
    chapters: Iterable[Chapter] = (),
    countries: Iterable[Country] = (),
    organizations: Iterable[Organization] = (),
    statements: Iterable[Statement] = (),
    links: Sequence[Any] = (),
    reminder_offsets: Iterable[int] | None = None,
    is_public: bool = True,
) -> CallToAction:
    """The secretariat edits a call. Once issued, who is called stays as it was (the answers
    are made), and every change counts for calendar subscribers."""
    locked = CallToAction.objects.select_for_update().get(pk=call.pk)
    if locked.status in (Status.CLOSED, Status.CANCELLED):
        raise CampaignRuleError(_("A closed or cancelled call is not edited any more."))
    _check_call_dates(starts_on, ends_on, report_by)
    title = single_line(title)[:200]
    if not title:
        raise CampaignRuleError(_("Give the call a title."))
    issued = locked.issued_at is not None
    locked.campaign = campaign
    locked.title = title
    locked.titles = per_language(titles, max_length=200, default=title)
    locked.text = per_language(text, max_length=MAX_TEXT, one_line=False)
    locked.kind = kind
    locked.starts_on, locked.ends_on, locked.report_by = starts_on, ends_on, report_by
    locked.links = links_cleaned(links)
    locked.reminder_offsets = _offsets(reminder_offsets)
    locked.is_public = is_public
    locked.updated_at = timezone.now()
    if issued:
        locked.sequence += 1
    else:
        locked.audience = audience
    locked.save()
    if not issued:
        _set_audience(
            locked,
            regions=regions,
            chapters=chapters,
            countries=countries,
            organizations=organizations,
        )
    locked.statements.set(statements)
    audit_record(actor=acting_user, action=Action.CALL_UPDATE, obj=locked)
    return locked


def _move(call: CallToAction, *, expected: Iterable[str], to: str) -> tuple[CallToAction, bool]:
    """Lock the row and check the step; (call, False) when it is there already (a double click
    changes nothing)."""
    locked = CallToAction.objects.select_for_update().get(pk=call.pk)
    if locked.status == to:
        return locked, False
    if locked.status not in set(expected):
        raise CampaignRuleError(
            _("This cannot be done while the call is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    locked.status = to
    return locked, True


@transaction.atomic
def call_submit(*, call: CallToAction, acting_user: User) -> CallToAction:
    """The secretariat sends a draft to the officers."""
    call, moved = _move(call, expected=[Status.DRAFT], to=Status.IN_REVIEW)
    if moved:
        call.save(update_fields=["status"])
        audit_record(actor=acting_user, action=Action.CALL_SUBMIT, obj=call)
    return call


@transaction.atomic
def call_return_to_draft(*, call: CallToAction, acting_user: User, note: str = "") -> CallToAction:
    """An officer sends a call in review back to the secretariat."""
    call, moved = _move(call, expected=[Status.IN_REVIEW], to=Status.DRAFT)
    if moved:
        call.save(update_fields=["status"])
        audit_record(
            actor=acting_user, action=Action.CALL_RETURN, obj=call, changes={"note": note[:500]}
        )
    return call


def called_organizations(call: CallToAction) -> OrganizationQuerySet:
    """The current members the call goes to, by its audience."""
    members = Organization.objects.current_members()
    audience = call.audience
    if audience == Audience.FULL:
        return members.filter(membership__category=MembershipCategory.FULL)
    if audience == Audience.ASSOCIATE:
        return members.filter(membership__category=MembershipCategory.ASSOCIATE)
    if audience == Audience.REGIONS:
        return members.filter(region__in=call.regions.all())
    if audience == Audience.CHAPTERS:
        return members.filter(chapters__in=call.chapters.all()).distinct()
    if audience == Audience.COUNTRIES:
        return members.filter(country__in=call.countries.all())
    if audience == Audience.CHOSEN:
        return members.filter(pk__in=call.organizations.values("pk"))
    return members


@transaction.atomic
def call_issue(*, call: CallToAction, acting_user: User) -> CallToAction:
    """An officer issues a call in review. Who is called is fixed now: one answer per called
    organization, in the state *no answer*; then the call goes to them by e-mail."""
    call, moved = _move(call, expected=[Status.IN_REVIEW], to=Status.ISSUED)
    if not moved:
        return call
    called = list(called_organizations(call).select_related("country").only("pk", "country__code"))
    if not called:
        raise CampaignRuleError(_("No member organization is called: choose whom it goes to."))
    call.issued_at = timezone.now()
    call.issued_by = acting_user
    call.save(update_fields=["status", "issued_at", "issued_by"])
    Answer.objects.bulk_create(
        [
            Answer(call=call, organization=org, time_zone=zone_of_country(org.country.code))
            for org in called
        ],
        ignore_conflicts=True,
    )
    audit_record(
        actor=acting_user, action=Action.CALL_ISSUE, obj=call, changes={"called": len(called)}
    )
    # Queued in this transaction (the task table is in the same database): no mail if the
    # issue rolls back, and no issue without its mail.
    call_send(call_id=call.pk)
    return call


@transaction.atomic
def call_close(*, call: CallToAction, acting_user: User) -> CallToAction:
    """Close an issued call: no more reminders; answers and reports stay as they are."""
    call, moved = _move(call, expected=[Status.ISSUED], to=Status.CLOSED)
    if moved:
        call.closed_at = timezone.now()
        call.save(update_fields=["status", "closed_at"])
        audit_record(actor=acting_user, action=Action.CALL_CLOSE, obj=call)
    return call


@transaction.atomic
def call_cancel(*, call: CallToAction, acting_user: User, note: str) -> CallToAction:
    """Cancel a call (the calendars remove it); say why."""
    if not note.strip():
        raise CampaignRuleError(_("Say why the call is cancelled."))
    call, moved = _move(
        call, expected=[Status.DRAFT, Status.IN_REVIEW, Status.ISSUED], to=Status.CANCELLED
    )
    if moved:
        call.sequence += 1
        call.closed_at = timezone.now()
        call.save(update_fields=["status", "sequence", "closed_at"])
        audit_record(
            actor=acting_user, action=Action.CALL_CANCEL, obj=call, changes={"note": note[:500]}
        )
    return call
