"""Background work of the accounts app: every e-mail leaves through the task queue."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *, subject: str, body: str, to: list[str], from_email: str | None = None, html: str = ""
) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
