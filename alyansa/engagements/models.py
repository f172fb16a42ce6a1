"""Engagements: the external events the alliance takes part in (UN sessions, forums, regional
consultations, meetings with officials), who represents it there, what it said, and what came
of it.

Times are stored in UTC and shown in the event's own zone (`time_zone`: Geneva, New York,
Bangkok), which the calendar feeds carry as a VTIMEZONE. What the public may see of the
delegation is decided by `alyansa/engagements/naming.py`, never here.
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.members.models import translated


class Kind(models.TextChoices):
    UN_SESSION = "un_session", _("UN session or hearing")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental forum")
    REGIONAL = "regional", _("Regional consultation")
    SUMMIT = "summit", _("Summit")
    OFFICIALS = "officials", _("Meeting with officials")
    CONFERENCE = "conference", _("Conference")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    SPEAKER = "speaker", _("Speaker")
    PANELIST = "panelist", _("Panelist")
    OBSERVER = "observer", _("Observer")


class Accreditation(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def public(self) -> EngagementQuerySet:
        """What the public calendar shows: public engagements, cancelled ones included (marked
        as such, so that subscribed calendars remove them)."""
        return self.filter(is_public=True)

    def between(self, start: datetime.datetime, end: datetime.datetime) -> EngagementQuerySet:
        """Engagements that overlap [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def upcoming(self, now: datetime.datetime | None = None) -> EngagementQuerySet:
        return self.filter(ends_at__gt=now or timezone.now())


class Engagement(models.Model):
    """One external event. `title` and `description` are the default texts; `titles` and
    `descriptions` hold them in other languages ({"fr": "..."})."""

    title = models.CharField(_("title"), max_length=300)
    titles = models.JSONField(_("title in other languages"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    descriptions = models.JSONField(_("description in other languages"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organizer = models.CharField(_("organizer"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("address to follow online"), blank=True)
    languages = models.ManyToManyField(
        "members.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    regions = models.ManyToManyField(
        "members.Region",
        verbose_name=_("regions concerned"),
        blank=True,
        related_name="engagements",
        help_text=_("Leave empty for a global engagement."),
    )
    bodies = models.ManyToManyField(
        "governance.Body",
        verbose_name=_("governing bodies"),
        blank=True,
        related_name="engagements",
        help_text=_("The bodies that mandated the delegation or follow the engagement."),
    )
    statements = models.ManyToManyField(
        "statements.Statement",
        verbose_name=_("statements presented"),
        blank=True,
        related_name="engagements",
    )
    is_public = models.BooleanField(_("public"), default=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Grows with every change a subscribed calendar must see (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    outcome = models.TextField(_("outcome report"), blank=True)
    outcomes = models.JSONField(_("outcome report in other languages"), default=dict, blank=True)
    outcome_reported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        indexes = [
            models.Index(fields=["is_public", "starts_at"], name="eng_public_starts"),
            models.Index(fields=["starts_at"], name="eng_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="eng_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagements:detail", kwargs={"engagement_id": self.pk})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local(self, moment: datetime.datetime) -> datetime.datetime:
        return moment.astimezone(self.zone)

    @property
    def local_start(self) -> datetime.datetime:
        return self.local(self.starts_at)

    @property
    def local_end(self) -> datetime.datetime:
        return self.local(self.ends_at)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def title_text(self) -> str:
        return translated(self.titles, self.title)

    @property
    def description_text(self) -> str:
        return translated(self.descriptions, self.description)

    @property
    def outcome_text(self) -> str:
        return translated(self.outcomes, self.outcome)


class DelegationMember(models.Model):
    """A person who represents the alliance at an engagement, in a role. `name_public` records
    the person's consent to be named on public pages and feeds; `notes` (travel, visas) are
    for the secretariat only."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="delegation")
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="engagement_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    accreditation = models.CharField(
        _("accreditation"),
        max_length=12,
        choices=Accreditation.choices,
        default=Accreditation.NOT_NEEDED,
    )
    accreditation_reference = models.CharField(
        _("accrediting body's reference"), max_length=200, blank=True
    )
    name_public = models.BooleanField(
        _("the person agreed to be named publicly"),
        default=False,
        help_text=_("Tick only with the person's recorded consent."),
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(_("internal notes (travel, visas)"), blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["engagement", "role", "id"]
        verbose_name = _("member of a delegation")
        verbose_name_plural = _("delegation")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "person"], name="eng_one_seat_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Intervention(models.Model):
    """What the delegation said: a text kept per language ({"en": "...", "es": "..."})."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="interventions"
    )
    speaker = models.ForeignKey(
        DelegationMember,
        verbose_name=_("speaker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interventions",
    )
    title = models.CharField(_("title"), max_length=300)
    texts = models.JSONField(_("text per language"), default=dict)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["engagement", "delivered_on", "id"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        return translated(self.texts, next(iter(self.texts.values()), ""))


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def open(self) -> FollowUpQuerySet:
        return self.filter(done_at__isnull=True)

    def late(self, today: datetime.date) -> FollowUpQuerySet:
        return self.open().filter(due_on__lt=today)


class FollowUp(models.Model):
    """A task that came out of an engagement: an owner, a due date, done or not."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="engagement_follow_ups",
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [models.Index(fields=["done_at", "due_on"], name="eng_followup_open_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_late(self, today: datetime.date) -> bool:
        return not self.is_done and self.due_on < today


def hash_feed_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class CalendarTokenQuerySet(models.QuerySet["CalendarToken"]):
    def active(self) -> CalendarTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class CalendarToken(models.Model):
    """The secret in the address of a person's private feed (the engagements they are part
    of, internal ones included). Only its hash is kept; revoking it ends the feed."""

    person = models.ForeignKey(
        "members.Person", on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("private calendar address")
        verbose_name_plural = _("private calendar addresses")

    def __str__(self) -> str:
        return f"{self.person_id}:{self.token_hash[:8]}"


class SecretariatReport(models.Model):
    """The secretariat's report on engagements as it was attached to an assembly's agenda
    item: kept as it was then, whatever is recorded later."""

    item = models.ForeignKey("assemblies.AgendaItem", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    content = models.JSONField(_("content"))
    attached_at = models.DateTimeField(default=timezone.now)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-attached_at", "-id"]
        verbose_name = _("secretariat's report on engagements")
        verbose_name_plural = _("secretariat's reports on engagements")

    def __str__(self) -> str:
        return f"{self.period_start} to {self.period_end}"
