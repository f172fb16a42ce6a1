"""Background work of the statements app: the endorsement confirmation e-mail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from alyansa.statements.models import Endorsement


@task()
def send_endorsement_confirmation(*, endorsement_id: int) -> None:
    """Mail the link that confirms an endorsement. Only the row's id travels through the queue;
    the link is computed here, so it is stored nowhere."""
    from alyansa.statements.services import endorsement_confirmation_token

    endorsement = (
        Endorsement.objects.select_related("statement")
        .filter(pk=endorsement_id, status=Endorsement.Status.PENDING)
        .exclude(email="")
        .first()
    )
    if endorsement is None:
        return  # confirmed or forgotten meanwhile: nothing to send
    with translation.override(endorsement.language):
        translations = {
            t.language: t
            for t in endorsement.statement.translations.filter(
                language__in=[endorsement.language, endorsement.statement.source_language]
            )
        }
        title = translations.get(endorsement.language) or translations.get(
            endorsement.statement.source_language
        )
        link = settings.SITE_URL + reverse(
            "statements:endorse_confirm",
            kwargs={"token": endorsement_confirmation_token(endorsement)},
        )
        context = {"endorsement": endorsement, "title": title.title if title else "", "link": link}
        subject = render_to_string("statements/email/confirm_subject.txt", context).strip()
        body = render_to_string("statements/email/confirm_body.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[endorsement.email]).send()
