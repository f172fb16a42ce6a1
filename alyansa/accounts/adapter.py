from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from alyansa.accounts.tasks import email_queue
from alyansa.core.request_context import client_network
from alyansa.core.sealing import seal, unseal


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the secretariat (no open sign-up); mail goes through the queue."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """allauth counts failed sign-ins per account: five wrong passwords from anywhere locked
        an account (the secretariat's included) for everyone. They are counted per account and
        address, so that a stranger locks out only themselves. (allauth uses this key for the
        `login_failed` limit and to clear it after a password reset.)"""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_network(request)}"

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
