"""The personal report link of a call's e-mail: signed, expiring, scoped to one organization
and one call, usable without an account (many grassroots coordinators never sign in).

The link's token is seen once: the page it opens remembers the answer in the visitor's session
and sends them on to an address without the token, so that the token stays out of the server's
and proxies' logs after that first request, out of the browser's history of the form, and out
of any Referer header (the first answer says `Referrer-Policy: no-referrer`).

Nothing is stored for a link: the signature holds the answer, its link generation (raised to
revoke every link sent so far) and the last day it works.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing
from django.utils import timezone

from alyansa.campaigns.models import Answer
from alyansa.members.models import Organization

SALT = "alyansa.campaigns.report-link"
# A link works until this many days after the call's report-back deadline.
DAYS_AFTER_DEADLINE = 60
SESSION_KEY = "campaigns_answers"
# A shared phone may hold the links of a few organizations; older ones are forgotten.
SESSION_LIMIT = 20


def link_expires(answer: Answer) -> datetime.date:
    return answer.call.report_by + datetime.timedelta(days=DAYS_AFTER_DEADLINE)


def report_token(answer: Answer) -> str:
    payload = {
        "a": answer.pk,
        "g": answer.link_generation,
        "e": link_expires(answer).toordinal(),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def answer_from_token(token: str) -> Answer | None:
    """The answer a link is for, or None if it is forged, revoked or expired (all alike)."""
    if len(token) > 300:
        return None
    try:
        payload = signing.loads(token, salt=SALT)
        answer_id, generation, expires = int(payload["a"]), int(payload["g"]), int(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if expires < timezone.localdate().toordinal():
        return None
    return (
        Answer.objects.select_related("call", "organization")
        .filter(pk=answer_id, link_generation=generation)
        .first()
    )


def remember_in_session(request: Any, answer: Answer) -> None:
    """The session may answer for this answer from now on (until the link is revoked)."""
    held = [pair for pair in request.session.get(SESSION_KEY, []) if pair[0] != answer.pk]
    request.session[SESSION_KEY] = [*held, [answer.pk, answer.link_generation]][-SESSION_LIMIT:]


def held_in_session(request: Any, answer: Answer) -> bool:
    return [answer.pk, answer.link_generation] in request.session.get(SESSION_KEY, [])


# --- the private calendar of an organization ---------------------------------------------------

CALENDAR_SALT = "alyansa.campaigns.organization-calendar"


def organization_calendar_token(organization: Any) -> str:
    return signing.dumps({"o": organization.pk}, salt=CALENDAR_SALT)


def organization_from_calendar_token(token: str) -> Any:
    if len(token) > 200:
        return None
    try:
        organization_id = int(signing.loads(token, salt=CALENDAR_SALT)["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return Organization.objects.filter(pk=organization_id).first()
