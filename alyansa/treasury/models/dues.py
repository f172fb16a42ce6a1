"""Dues as versioned data, grace periods, and the statute that ties the vote to standing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.members.models import MembershipCategory


class IncomeGroup(models.Model):
    """A group of countries that pay the same dues (for example the World Bank's four)."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("income group")
        verbose_name_plural = _("income groups")

    def __str__(self) -> str:
        return self.name


class CountryIncomeGroup(models.Model):
    """Each country is in one income group."""

    country = models.OneToOneField(
        "members.Country", on_delete=models.CASCADE, related_name="income_group"
    )
    group = models.ForeignKey(IncomeGroup, on_delete=models.PROTECT, related_name="countries")

    class Meta:
        verbose_name = _("country's income group")
        verbose_name_plural = _("countries' income groups")

    def __str__(self) -> str:
        return f"{self.country.code}: {self.group}"


class DuesSchedule(models.Model):
    """One version of a year's dues, adopted by a decision. The latest version of a year is the
    one in force; earlier ones stay for the record."""

    year = models.PositiveSmallIntegerField(_("year"))
    currency = models.CharField(_("currency"), max_length=3)
    due_on = models.DateField(_("due by"))
    decision = models.ForeignKey(
        "treasury.Decision", on_delete=models.PROTECT, related_name="dues_schedules"
    )
    adopted_at = models.DateTimeField(default=timezone.now)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("dues schedule")
        verbose_name_plural = _("dues schedules")

    def __str__(self) -> str:
        return f"{self.year} ({self.currency})"


class DuesRate(models.Model):
    """What an organization of one membership category in one income group pays for a year."""

    schedule = models.ForeignKey(DuesSchedule, on_delete=models.CASCADE, related_name="rates")
    category = models.CharField(
        _("membership category"), max_length=16, choices=MembershipCategory.choices
    )
    group = models.ForeignKey(IncomeGroup, on_delete=models.PROTECT, related_name="+")
    amount_minor = models.BigIntegerField(_("amount"))

    class Meta:
        ordering = ["schedule", "category", "group__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "category", "group"], name="trs_one_rate_per_cell"
            ),
            models.CheckConstraint(condition=Q(amount_minor__gte=0), name="trs_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule}: {self.category} / {self.group}"


class GracePeriod(models.Model):
    """A decision that a year's dues do not count as arrears until a later day, for one
    organization or (organization empty) for all."""

    organization = models.ForeignKey(
        "members.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dues_year = models.PositiveSmallIntegerField(_("dues year"))
    until = models.DateField(_("until"))
    decision = models.ForeignKey("treasury.Decision", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-dues_year", "-until"]
        verbose_name = _("grace period")
        verbose_name_plural = _("grace periods")

    def __str__(self) -> str:
        return f"{self.dues_year} until {self.until}"


class StandingRule(models.Model):
    """What the statutes say, from a day on: an organization more than `max_years_in_arrears`
    years in arrears has no vote unless waived. Empty: standing does not decide the vote. With
    no rule at all (the default), it never does."""

    effective_from = models.DateField(_("in force from"))
    max_years_in_arrears = models.PositiveSmallIntegerField(
        _("most years in arrears that keep the vote"), null=True, blank=True
    )
    decision = models.ForeignKey("treasury.Decision", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("standing rule")
        verbose_name_plural = _("standing rules")

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.max_years_in_arrears}"

    @property
    def active(self) -> bool:
        return self.max_years_in_arrears is not None


class StandingWaiver(models.Model):
    """An assembly decided that an organization votes there although it is in arrears."""

    organization = models.ForeignKey(
        "members.Organization", on_delete=models.PROTECT, related_name="+"
    )
    assembly = models.ForeignKey("assemblies.Assembly", on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey("treasury.Decision", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("waiver of the vote's suspension")
        verbose_name_plural = _("waivers of the vote's suspension")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "assembly"], name="trs_one_waiver_per_assembly"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} at {self.assembly_id}"
