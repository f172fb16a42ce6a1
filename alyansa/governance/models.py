"""Governing bodies, their seats (rules as data), terms and who held which seat, and the
constitution's versions."""

from __future__ import annotations

import datetime
from typing import cast

from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.members.models import Organization, Person, Region, translated


class Body(models.Model):
    """A governing body: the General Assembly, the coordinating body, the executive committee,
    or whatever other statutes define."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("General Assembly")
        COORDINATING = "coordinating", _("Coordinating body")
        EXECUTIVE = "executive", _("Executive committee")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The executive committee is elected by and from the coordinating body.
    elected_by = models.ForeignKey(
        "self",
        verbose_name=_("elected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="elects",
    )
    description = models.JSONField(_("description"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return translated(self.names, self.name)

    @property
    def description_text(self) -> str:
        return translated(self.description, next(iter(self.description.values()), ""))


class SeatQuerySet(models.QuerySet["Seat"]):
    def with_use(self) -> SeatQuerySet:
        """Each seat with `in_use`: whether any row refers to it — a mandate, or what the apps
        above this one keep about seats (the voting app's elections). Those apps may not be
        imported from here (the layers), so every relation to Seat is asked, whichever app
        declares it; a new one is covered without a change here."""
        used = Q()
        for relation in Seat._meta.related_objects:
            model = cast(type[models.Model], relation.related_model)
            rows = model._default_manager.filter(**{relation.field.name: OuterRef("pk")})
            used |= Q(Exists(rows))
        return self.annotate(in_use=ExpressionWrapper(used, output_field=models.BooleanField()))


class Seat(models.Model):
    """One rule of a body's composition: a seat (or several alike), who chooses its holders and
    who may hold it. Statutes differ, so these are rows, not code (docs/rules/seats.md)."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional seat")
        ASSOCIATE = "associate", _("Associate members' seat")
        AT_LARGE = "at_large", _("At-large seat")
        OFFICE = "office", _("Office")
        OTHER = "other", _("Other seat")

    class ChosenBy(models.TextChoices):
        REGION_CAUCUS = "region_caucus", _("the region's caucus")
        ASSOCIATE_CAUCUS = "associate_caucus", _("the associate members' caucus")
        ASSEMBLY = "assembly", _("the whole General Assembly")
        ELECTING_BODY = "electing_body", _("the electing body, from among its members")
        APPOINTED = "appointed", _("appointment")

    class Eligible(models.TextChoices):
        ANY = "any", _("any member organization")
        FULL = "full", _("full members")
        ASSOCIATE = "associate", _("associate members")
        REGION = "region", _("full members of the region")
        BODY_MEMBERS = "body_members", _("members of the electing body")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
    )
    holders = models.PositiveSmallIntegerField(_("number of holders"), default=1)
    alternates = models.PositiveSmallIntegerField(_("number of alternates"), default=0)
    chosen_by = models.CharField(_("chosen by"), max_length=20, choices=ChosenBy.choices)
    eligible = models.CharField(
        _("who may hold it"), max_length=16, choices=Eligible.choices, default=Eligible.ANY
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["body", "position", "id"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="regional", region__isnull=False) | ~Q(kind="regional"),
                name="regional_seat_has_region",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return translated(self.names, self.name)


class TermQuerySet(models.QuerySet["Term"]):
    def covering(self, day: datetime.date) -> TermQuerySet:
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Term(models.Model):
    """A body's term: from one assembly to the next (the end is open until then)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms")
    label = models.CharField(_("label"), max_length=100)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    opened_by_name = models.CharField(_("opened by"), max_length=200, blank=True)
    opened_by_ref = models.CharField(max_length=100, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-starts_on"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.label}"


class MandateQuerySet(models.QuerySet["Mandate"]):
    def on(self, day: datetime.date) -> MandateQuerySet:
        """Who held a seat on `day` (an alternate who stepped up has their own mandate)."""
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Mandate(models.Model):
    """Who holds (or held) which seat in which term. `public_name` is the published record of
    public office: erasing the person does not change it (docs/security/privacy.md)."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="mandates")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="mandates")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="mandates"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates",
    )
    public_name = models.CharField(_("name on the record"), max_length=120)
    alternate_rank = models.PositiveSmallIntegerField(
        _("alternate rank"),
        null=True,
        blank=True,
        help_text=_("Empty for a holder; 1, 2, ... for the alternates in order."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["seat__position", "seat_id", "alternate_rank", "starts_on"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        indexes = [models.Index(fields=["starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.seat}: {self.public_name}"

    @property
    def is_alternate(self) -> bool:
        return self.alternate_rank is not None


class ConstitutionVersion(models.Model):
    """One version of the constitution; each amendment names the assembly that ratified it."""

    number = models.PositiveSmallIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    summary = models.TextField(_("what changed"), blank=True)
    adopted_on = models.DateField(_("adopted on"))
    ratified_by_name = models.CharField(_("ratified by"), max_length=200)
    ratified_by_ref = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("constitution version")
        verbose_name_plural = _("constitution versions")

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"
