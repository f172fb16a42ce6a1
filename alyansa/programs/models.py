"""The General Program of Action an assembly adopts, followed for its term and reported back.

A program is drafted for a motion on an assembly's agenda and becomes binding when that item is
approved (assemblies' decision listeners, alyansa/assemblies/decisions.py). Its areas hold goals,
its goals targets: what, who carries it, by when, and an indicator where one fits. Amendments
during the term are versions, each with the decision that made it. The chairperson's report on
it goes to a report item of the next assembly and is frozen with that item's decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.assemblies.models import Outcome
from alyansa.members.models import translated


class ProgramQuerySet(models.QuerySet["Program"]):
    def adopted(self) -> ProgramQuerySet:
        return self.filter(status=Program.Status.ADOPTED)


class Program(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft before the assembly")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Not adopted")

    title = models.CharField(_("title"), max_length=200)
    titles = models.JSONField(_("title in other languages"), default=dict, blank=True)
    assembly = models.ForeignKey(
        "assemblies.Assembly",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assembly"),
    )
    # The motion that adopts it; its decision makes the program binding.
    item = models.OneToOneField(
        "assemblies.AgendaItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends (the next assembly)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("program of action")
        verbose_name_plural = _("programs of action")

    def __str__(self) -> str:
        return self.title

    @property
    def local_title(self) -> str:
        return translated(self.titles, self.title)

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


# The four areas of the alliance's programs, created with every new program (editable).
DEFAULT_AREAS = [
    _("Education and information"),
    _("Campaigns and mobilization"),
    _("International advocacy"),
    _("Strengthening the alliance organizationally"),
]


class Area(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="areas")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    titles = models.JSONField(_("title in other languages"), default=dict, blank=True)

    class Meta:
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="programs_area_position")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def local_title(self) -> str:
        return translated(self.titles, self.title)


class Goal(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("goal"), max_length=500)
    texts = models.JSONField(_("goal in other languages"), default=dict, blank=True)

    class Meta:
        ordering = ["area", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def local_text(self) -> str:
        return translated(self.texts, self.text)


class Owner(models.TextChoices):
    ALLIANCE = "alliance", _("The alliance as a whole")
    BODY = "body", _("A governing body")
    REGION = "region", _("A region")
    CHAPTER = "chapter", _("A chapter")
    ORGANIZATIONS = "organizations", _("Chosen organizations")


class Source(models.TextChoices):
    """Where an indicator's figure comes from."""

    MANUAL = "manual", _("Updated by hand")
    CAMPAIGN_REPORTS = "campaign_reports", _("Reports on calls to action of a kind")
    ENGAGEMENTS = "engagements", _("Engagements of a kind")
    ADMISSIONS = "admissions", _("Admissions of member organizations")
    STATEMENTS = "statements", _("Statements published on a topic")


class TargetState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Target(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("what"), max_length=500)
    texts = models.JSONField(_("what, in other languages"), default=dict, blank=True)
    owner = models.CharField(_("carried by"), max_length=16, choices=Owner.choices)
    owner_body = models.ForeignKey(
        "governance.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_region = models.ForeignKey(
        "members.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_chapter = models.ForeignKey(
        "members.Chapter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_organizations = models.ManyToManyField(
        "members.Organization", blank=True, related_name="+"
    )
    due_on = models.DateField(_("by when"))
    # The indicator (optional): a number to reach, and where its figure comes from.
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    goal_value = models.PositiveIntegerField(_("number to reach"), null=True, blank=True)
    source = models.CharField(
        _("counted from"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    # The kind of call (campaigns' CallKind) or engagement (engagements' Kind) counted.
    source_kind = models.CharField(_("kind counted"), max_length=20, blank=True)
    source_topic = models.ForeignKey(
        "statements.Topic", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=TargetState.choices, default=TargetState.NOT_STARTED
    )
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["goal", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def local_text(self) -> str:
        return translated(self.texts, self.text)

    @property
    def counts_itself(self) -> bool:
        return self.source != Source.MANUAL


class ManualFigure(models.Model):
    """A figure given by hand for a target's indicator, with the note that says where it comes
    from. The latest one counts; the earlier ones stay as its history."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="manual_figures")
    value = models.PositiveIntegerField(_("figure"))
    note = models.TextField(_("note"))
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.value}"


class Version(models.Model):
    """The program as adopted (number 1) or as amended: its content then, and the decision that
    made it (the adopting item, or a body's decision on a day with its reference)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    item = models.ForeignKey(
        "assemblies.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "governance.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    summary = models.TextField(_("what changed"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="programs_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.program_id} v{self.number}"


class ChairReport(models.Model):
    """The chairperson's report on the program to the next assembly: figures drafted from the
    records, a text the secretariat edits, then put to a report item and frozen with its
    decision (approved, with additions, or rejected)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reports")
    period_end = models.DateField(_("figures up to"))
    content = models.JSONField(_("figures"))
    text = models.TextField(_("text"), blank=True)
    texts = models.JSONField(_("text in other languages"), default=dict, blank=True)
    item = models.OneToOneField(
        "assemblies.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    # Set with the item's decision: from then on nothing changes.
    outcome = models.CharField(_("outcome"), max_length=24, blank=True)
    additions = models.TextField(_("additions"), blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-drafted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.program} ({self.period_end})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def outcome_label(self) -> str:
        """The assembly's decision on it, as the agenda says it ("Approved with additions")."""
        return str(Outcome(self.outcome).label) if self.outcome else ""

    @property
    def local_text(self) -> str:
        return translated(self.texts, self.text)
