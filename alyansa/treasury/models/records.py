"""What goes with the ledger: receipts, the budget, and reports frozen for an assembly."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Receipt(models.Model):
    """A picture of a receipt for an expense, stripped of its metadata when uploaded."""

    entry = models.ForeignKey("treasury.Entry", on_delete=models.PROTECT, related_name="receipts")
    image = models.FileField(_("receipt"), upload_to="receipts/")
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"receipt {self.pk} of {self.entry_id}"


class BudgetLine(models.Model):
    """What the budget allows an account in a year, in one currency."""

    year = models.PositiveSmallIntegerField(_("year"))
    account = models.ForeignKey(
        "treasury.Account", on_delete=models.PROTECT, related_name="budget_lines"
    )
    amount_minor = models.BigIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year", "account__path"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "account", "currency"], name="trs_one_budget_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.account_id}"


class FrozenReport(models.Model):
    """The treasurer's report as it was put to an assembly: its figures are kept as they were
    then, whatever is posted later, and the item's decision approves exactly these."""

    item = models.ForeignKey("assemblies.AgendaItem", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    content = models.JSONField(_("figures"))
    digest = models.CharField(max_length=64)
    frozen_at = models.DateTimeField(default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-frozen_at", "-id"]
        verbose_name = _("treasurer's report put to an assembly")
        verbose_name_plural = _("treasurer's reports put to assemblies")

    def __str__(self) -> str:
        return f"{self.period_start} to {self.period_end}"
