"""Background work of the accounts app: every e-mail leaves through the task queue.

An e-mail may carry a confirmation or password link, and the queue is a database table that
keeps finished tasks for TASK_RESULT_RETENTION_DAYS: the task's only argument is the message
sealed under ENCRYPTION_KEY (alyansa/core/sealing.py), so the table never holds a link, an
address or a text in clear.
"""

from __future__ import annotations

import json

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from alyansa.core.sealing import seal, unseal
from alyansa.core.text import single_line


def email_queue(
    *, subject: str, body: str, to: list[str], from_email: str | None = None, html: str = ""
) -> None:
    """Send an e-mail from the worker. The subject is kept on one line (a line break in a
    header stops the mail)."""
    message = {
        "subject": single_line(subject),
        "body": body,
        "to": to,
        "from_email": from_email,
        "html": html,
    }
    send_email.enqueue(sealed=seal(json.dumps(message)))


@task()
def send_email(*, sealed: str) -> None:
    message = json.loads(unseal(sealed))
    mail = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        to=message["to"],
        from_email=message["from_email"],
    )
    if message["html"]:
        mail.attach_alternative(message["html"], "text/html")
    mail.send()
