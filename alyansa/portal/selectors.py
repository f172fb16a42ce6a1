from __future__ import annotations

from django.conf import settings


def task_queue_reachable() -> bool:
    """The task backend can be read (with the database backend: its table answers)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return True
    try:
        # Its models exist only when the database backend is the one installed.
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
        return True
    except Exception:
        return False
