from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from alyansa.accounts.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the secretariat (no open sign-up); mail goes through the queue."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        send_email.enqueue(
            subject=str(message.subject),
            body=str(message.body),
            to=list(message.to),
            from_email=message.from_email,
            html=html,
        )
