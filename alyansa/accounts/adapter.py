from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from alyansa.accounts.tasks import email_queue
from alyansa.core.sealing import seal, unseal


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
        email_queue(
            subject=str(message.subject),
            body=str(message.body),
            to=list(message.to),
            from_email=message.from_email,
            html=html,
        )


class MFAAdapter(DefaultMFAAdapter):
    """allauth keeps the TOTP secret and the recovery codes' seed in its Authenticator rows and
    passes each through these two methods: they are stored sealed under ENCRYPTION_KEY."""

    def encrypt(self, text: str) -> str:
        return seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return unseal(encrypted_text)
