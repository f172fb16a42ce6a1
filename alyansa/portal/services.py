"""Operations that span apps: privacy maintenance, backups, demo data."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from alyansa.audit.services import audit_forget_ip_addresses
from alyansa.campaigns.services import digests_send, reminders_send
from alyansa.engagements.services import follow_ups_remind_late
from alyansa.members.services import applications_forget_unconfirmed
from alyansa.statements.services import endorsement_forget_unconfirmed, import_jobs_forget_stale

logger = logging.getLogger(__name__)


def maintenance_run() -> dict[str, int]:
    """Forget what we promised to forget (docs/security/privacy.md): old IP addresses, finished
    task results (they hold e-mail bodies and addresses), applications and endorsements whose
    address was never confirmed, uploaded statement imports never imported, and expired
    sessions; and remind the owners of late follow-up tasks of engagements."""
    done = {
        "ip_addresses_forgotten": audit_forget_ip_addresses(),
        "unconfirmed_applications_deleted": applications_forget_unconfirmed(
            older_than=timedelta(days=settings.UNCONFIRMED_APPLICATION_DAYS)
        ),
        "unconfirmed_endorsements_deleted": endorsement_forget_unconfirmed(),
        "stale_statement_imports_discarded": import_jobs_forget_stale(),
        "task_results_deleted": _prune_task_results(),
        "sessions_deleted": Session.objects.filter(expire_date__lt=timezone.now()).delete()[0],
        # Not privacy, but hourly too: calls' reminders to the silent and the weekly digests.
        "campaign_reminders_sent": reminders_send(),
        "campaign_digests_sent": digests_send(),
        "late_follow_ups_reminded": follow_ups_remind_late(),
    }
    logger.info("Maintenance: %s", done)
    return done


def _prune_task_results() -> int:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    # Its models exist only when the database backend is the one installed.
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()[0]
