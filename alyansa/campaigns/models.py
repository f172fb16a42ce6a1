"""Campaigns, calls to action, and each organization's answer to each call.

A `Campaign` groups calls and materials. A `CallToAction` is drafted by the secretariat,
submitted, and issued by an officer (the statements' approval rule); issuing it fixes who is
called by creating one `Answer` per called organization, in the state *no answer*. The answer
then moves to *pledged*, *declined* or *reported*; a `Report` holds what happened and its
`ReportPhoto`s. `Reminder` rows make reminders idempotent: one per call, organization and
offset, whatever the worker does.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from babel.core import get_global
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.statements.models import in_language

# Reminders go this many days from the action's day (negative: before it; positive: after
# the end of its window) unless the secretariat sets others for a call.
DEFAULT_REMINDER_OFFSETS = [-14, -3, 2]


def zone_of_country(code: str) -> str:
    """The main time zone of a country (CLDR's first zone for the territory), else UTC. A
    country that spans several zones gets its first; the organization's answer may say
    otherwise (Answer.time_zone)."""
    zones = get_global("territory_zones").get(code.upper()) or []
    return zones[0] if zones else "UTC"


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(_("%(zone)s is not a time zone.") % {"zone": value}) from error


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def public(self) -> CampaignQuerySet:
        return self.filter(is_public=True)


class Campaign(models.Model):
    """A campaign of the alliance: goals, a period, who leads it, what it is about, and its
    materials (linked statements and links; pictures are kept as ReportPhoto-like files)."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # {"tl": "..."}: the name in other languages; `name` is shown where none is given.
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)
    # {"en": "...", "tl": "..."}: the goals in Markdown, per language.
    goals = models.JSONField(_("goals"), default=dict, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    lead_body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("leading body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_chapter = models.ForeignKey(
        "members.Chapter",
        verbose_name=_("leading chapter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = models.ManyToManyField(
        "statements.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )
    statements = models.ManyToManyField(
        "statements.Statement", verbose_name=_("statements"), blank=True, related_name="+"
    )
    # [{"title": "...", "url": "https://..."}]
    links = models.JSONField(_("links"), default=list, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return in_language(self.names, self.name)

    @property
    def local_goals(self) -> str:
        return in_language(self.goals, next(iter(self.goals.values()), ""))


class CallKind(models.TextChoices):
    MOBILIZATION = "mobilization", _("Mobilization")
    EDUCATION = "education", _("Education session")
    STATEMENT = "statement", _("Statement or sign-on")
    ONLINE = "online", _("Online action")
    LOBBY = "lobby", _("Lobby or dialogue")
    SOLIDARITY = "solidarity", _("Solidarity message")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    ALL = "all", _("All member organizations")
    FULL = "full", _("Full members")
    ASSOCIATE = "associate", _("Associate members")
    REGIONS = "regions", _("Members in some regions")
    CHAPTERS = "chapters", _("Members of some chapters")
    COUNTRIES = "countries", _("Members in some countries")
    CHOSEN = "chosen", _("Chosen organizations")


class CallQuerySet(models.QuerySet["CallToAction"]):
    def issued(self) -> CallQuerySet:
        """Issued once: open, closed, or cancelled after issue (its answers stay)."""
        return self.filter(issued_at__isnull=False)

    def open(self) -> CallQuerySet:
        return self.filter(status=CallToAction.Status.ISSUED)

    def public(self) -> CallQuerySet:
        return self.issued().filter(is_public=True).exclude(status=CallToAction.Status.CANCELLED)


class CallToAction(models.Model):
    """A call to the members to act on a day or in a window of days, in each organization's
    own time zone (18 December in Hong Kong and in Los Angeles)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        ISSUED = "issued", _("Issued")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    title = models.CharField(_("title"), max_length=200)
    titles = models.JSONField(_("title in other languages"), default=dict, blank=True)
    # {"en": "...", "tl": "..."}: what to do, in Markdown, per language.
    text = models.JSONField(_("what to do"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CallKind.choices)
    starts_on = models.DateField(_("day of action"))
    ends_on = models.DateField(_("last day of action"), null=True, blank=True)
    report_by = models.DateField(_("report back by"))
    audience = models.CharField(
        _("who is called"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    regions = models.ManyToManyField(
        "members.Region", verbose_name=_("regions"), blank=True, related_name="+"
    )
    chapters = models.ManyToManyField(
        "members.Chapter", verbose_name=_("chapters"), blank=True, related_name="+"
    )
    countries = models.ManyToManyField(
        "members.Country", verbose_name=_("countries"), blank=True, related_name="+"
    )
    organizations = models.ManyToManyField(
        "members.Organization", verbose_name=_("organizations"), blank=True, related_name="+"
    )
    statements = models.ManyToManyField(
        "statements.Statement", verbose_name=_("statements"), blank=True, related_name="+"
    )
    links = models.JSONField(_("links"), default=list, blank=True)
    reminder_offsets = models.JSONField(
        _("reminders (days from the action)"), default=list, blank=True
    )
    is_public = models.BooleanField(_("public"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Grows with every change a calendar subscriber must see (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("call to action")
        verbose_name_plural = _("calls to action")
        indexes = [models.Index(fields=["status", "starts_on"])]

    def __str__(self) -> str:
        return self.local_title

    @property
    def local_title(self) -> str:
        return in_language(self.titles, self.title)

    def text_in(self, language: str | None = None) -> str:
        return in_language(self.text, next(iter(self.text.values()), ""), language)

    @property
    def local_text(self) -> str:
        return self.text_in(None)

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.starts_on

    @property
    def offsets(self) -> list[int]:
        return sorted({int(offset) for offset in self.reminder_offsets})

    def reminder_day(self, offset: int) -> datetime.date:
        """The day a reminder at `offset` is due: counted back from the action's first day, or
        on from its last day."""
        base = self.starts_on if offset < 0 else self.last_day
        return base + datetime.timedelta(days=offset)


class AnswerState(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    PLEDGED = "pledged", _("Pledged")
    REPORTED = "reported", _("Reported")
    DECLINED = "declined", _("Declined")


class DeclineReason(models.TextChoices):
    CAPACITY = "capacity", _("Not enough people or time")
    SAFETY = "safety", _("Too risky for our members")
    RESOURCES = "resources", _("No money or materials")
    PRIORITIES = "priorities", _("Other priorities now")
    DISAGREE = "disagree", _("We disagree with the call")
    OTHER = "other", _("Other reason")


ANSWERED_STATES = frozenset({AnswerState.PLEDGED, AnswerState.REPORTED, AnswerState.DECLINED})


class Answer(models.Model):
    """One organization's answer to one call. Made when the call is issued (no answer); its
    history (who changed it, when, from what to what) is in the audit trail."""

    call = models.ForeignKey(CallToAction, on_delete=models.CASCADE, related_name="answers")
    organization = models.ForeignKey(
        "members.Organization", on_delete=models.CASCADE, related_name="campaign_answers"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=AnswerState.choices, default=AnswerState.NO_ANSWER
    )
    # The organization's own zone: its days (the action, reminders, deadlines) are counted there.
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    planned_city = models.CharField(_("city"), max_length=100, blank=True)
    decline_reason = models.CharField(
        _("reason"), max_length=16, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("in your words"), blank=True)
    # When it first answered (for the response rate as it grows) and when it last changed.
    answered_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    # Changing it revokes every personal report link sent before (see links.py).
    link_generation = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "organization__name"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["call", "organization"], name="one_answer_per_call")
        ]
        indexes = [
            models.Index(fields=["call", "state"]),
            models.Index(fields=["organization", "call"]),
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.organization_id}: {self.state}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> datetime.date:
        """Today in the organization's own zone."""
        return timezone.localtime(timezone.now(), self.zone).date()

    @property
    def answered(self) -> bool:
        return self.state in ANSWERED_STATES


class Report(models.Model):
    """What an organization did for a call. Never names people: how many took part is a
    number or a range."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="report")
    summary = models.TextField(_("what happened"))
    held_on = models.DateField(_("date"))
    held_until = models.DateField(_("until"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = models.ForeignKey(
        "members.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    participants_low = models.PositiveIntegerField(_("people taking part"), null=True, blank=True)
    participants_high = models.PositiveIntegerField(_("up to"), null=True, blank=True)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    # Pictures are shown to the public only with this tick (and only if the report is public).
    photos_public = models.BooleanField(_("photos may be public"), default=False)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["is_public"])]

    def __str__(self) -> str:
        return f"{self.city} {self.held_on}"

    @property
    def participants(self) -> int:
        """The number counted in totals: the lower end of a range (never more than reported)."""
        return self.participants_low or 0

    @property
    def participants_label(self) -> str:
        low, high = self.participants_low, self.participants_high
        if low is None:
            return ""
        if high is None or high == low:
            return f"{low:,}"
        return f"{low:,}\N{EN DASH}{high:,}"


class Submission(models.Model):
    """The key of a report form already taken: sending the same form again (a double tap, a
    retry after the connection dropped) changes nothing."""

    key = models.CharField(max_length=64, primary_key=True)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class ReportPhoto(models.Model):
    """A photo of a report, decoded and re-encoded on upload: nothing but pixels is kept."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    key = models.CharField(max_length=32, unique=True)
    image = models.ImageField(upload_to="campaigns/photos/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.key


class Reminder(models.Model):
    """One reminder sent to one organization for one call at one offset. The unique constraint
    is what keeps a restarted worker from sending it twice."""

    call = models.ForeignKey(CallToAction, on_delete=models.CASCADE, related_name="reminders")
    organization = models.ForeignKey(
        "members.Organization", on_delete=models.CASCADE, related_name="+"
    )
    offset = models.SmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organization", "offset"], name="one_reminder_per_offset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.organization_id} {self.offset:+d}"


class Digest(models.Model):
    """The weekly digest of silent organizations sent for one chapter or region, once a week."""

    scope = models.CharField(max_length=100)  # 'members.chapter:3', 'members.region:2'
    week = models.DateField()  # the Monday of the week
    sent_at = models.DateTimeField(default=timezone.now)
    silent = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "week"], name="one_digest_a_week")]

    def __str__(self) -> str:
        return f"{self.scope} {self.week}"


def links_cleaned(links: Any) -> list[dict[str, str]]:
    """Links as kept on a row: [{"title", "url"}], http(s) only, at most 20."""
    kept = []
    for link in links or []:
        url = str(link.get("url", "") if isinstance(link, dict) else link).strip()[:500]
        title = str(link.get("title", "") if isinstance(link, dict) else "").strip()[:200]
        if url.startswith(("https://", "http://")):
            kept.append({"title": title or url, "url": url})
    return kept[:20]
