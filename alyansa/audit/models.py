from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """Who changed what, and when. Ballots and how anyone voted are never written here."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is later deleted, so the trail still reads sensibly.
    actor_label = models.CharField(_("who"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Deleted after AUDIT_IP_RETENTION_DAYS (docs/security/privacy.md).
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
