"""Who decided a treasury matter: the dues, a waiver, a grace period, the standing rule."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    """A decision of a General Assembly (one of its agenda items) or of a governing body such
    as the coordinating body (by its name, the day and the body's own reference)."""

    item = models.ForeignKey(
        "assemblies.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("governing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(item__isnull=False) & Q(body__isnull=True))
                | (Q(item__isnull=True) & Q(body__isnull=False)),
                name="trs_decision_one_decider",
            )
        ]

    def __str__(self) -> str:
        if self.item_id is not None:
            item = self.item
            return f"{item.assembly.title}, {item}"  # type: ignore[union-attr]
        parts = [str(self.body), self.decided_on.isoformat(), self.reference]
        return ", ".join(part for part in parts if part)
