from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from alyansa.accounts.permissions import is_secretariat


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.ALYANSA_SITE_NAME,
        "user_is_secretariat": is_secretariat(getattr(request, "user", None)),
    }
