"""Reads of campaigns, calls and answers that check who may see what.

- The secretariat and officers see everything.
- A coordinator sees the calls its organization was called to, and its own answers only.
- Everyone sees public campaigns and issued public calls; reports only if public.
- An answer is changed by its organization's coordinators and the secretariat (may_answer_for),
  checked by the page and the API route before the service is called.
Anything else answers 404, as an unknown address does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from alyansa.accounts.permissions import has_any_role, has_role, scopes_of
from alyansa.accounts.roles import Role
from alyansa.campaigns.models import Answer, CallQuerySet, CallToAction, Campaign, ReportPhoto
from alyansa.members.models import Organization


def is_campaign_staff(user: Any) -> bool:
    """The secretariat and officers: the whole ledger."""
    return has_any_role(user, (Role.SECRETARIAT, Role.OFFICER))


def coordinated_ids(user: Any) -> list[int]:
    return [
        int(scope.split(":")[1])
        for scope in scopes_of(user, Role.COORDINATOR)
        if scope.startswith("members.organization:")
    ]


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    if is_campaign_staff(user):
        return Campaign.objects.all()
    return Campaign.objects.public()


def campaign_get_for(user: Any, slug: str) -> Campaign:
    campaign = campaigns_for(user).filter(slug=slug).first()
    if campaign is None:
        raise Http404
    return campaign


def calls_for(user: Any) -> CallQuerySet:
    """Staff: every call. A coordinator: public calls and those its organization got. Others:
    issued public calls."""
    calls = CallToAction.objects.all()
    if is_campaign_staff(user):
        return calls
    own = coordinated_ids(user)
    visible = Q(pk__in=CallToAction.objects.public().values("pk"))
    if own:
        visible |= Q(issued_at__isnull=False, answers__organization_id__in=own)
    return calls.filter(visible).distinct()


def call_get_for(user: Any, pk: int) -> CallToAction:
    call = calls_for(user).select_related("campaign").filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def call_get_for_staff(user: Any, pk: int) -> CallToAction:
    if not is_campaign_staff(user):
        raise Http404
    return call_get_for(user, pk)


def answers_for(user: Any) -> QuerySet[Answer]:
    """Staff: every answer; a coordinator: its organization's."""
    answers = Answer.objects.select_related("call", "organization")
    if is_campaign_staff(user):
        return answers
    return answers.filter(organization_id__in=coordinated_ids(user))


def may_answer_for(user: Any, answer: Answer) -> bool:
    """Who may change an answer while signed in: a coordinator of the organization, or the
    secretariat on its behalf (officers read the ledger; they answer for no organization)."""
    return has_role(user, Role.COORDINATOR, answer.organization) or has_role(user, Role.SECRETARIAT)


def answer_get_for(user: Any, pk: int, *, by_link: bool = False) -> Answer:
    """An answer its organization's coordinator (or staff) may see; `by_link`: the visitor's
    session holds this answer's report link (checked by the caller)."""
    answers = Answer.objects.select_related("call", "organization", "organization__country")
    answer = (answers if by_link else answers_for(user)).filter(pk=pk).first()
    if answer is None or answer.call.issued_at is None:
        raise Http404
    return answer


def organization_calls_for(user: Any, organization: Organization) -> QuerySet[Answer]:
    """An organization's answers to calls still open, soonest first (for its page)."""
    if not (is_campaign_staff(user) or has_role(user, Role.COORDINATOR, organization)):
        raise Http404
    return (
        Answer.objects.filter(organization=organization, call__status=CallToAction.Status.ISSUED)
        .select_related("call")
        .order_by("call__report_by")
    )


def photo_get_for(user: Any, key: str, *, session_answers: list[int]) -> ReportPhoto:
    """A report's photo: public with its report (and the photo consent tick) in a public
    issued call; otherwise for staff, the organization's coordinators, and a session holding
    the answer's report link."""
    photo = (
        ReportPhoto.objects.select_related("report__answer__call", "report__answer__organization")
        .filter(key=key)
        .first()
    )
    if photo is None:
        raise Http404
    report, answer = photo.report, photo.report.answer
    # An organization at risk is never shown to the public, its pictures included.
    public = (
        report.is_public
        and report.photos_public
        and not answer.organization.at_risk
        and CallToAction.objects.public().filter(pk=answer.call_id).exists()
    )
    if public or is_campaign_staff(user) or answer.organization_id in coordinated_ids(user):
        return photo
    if answer.pk in session_answers:
        return photo
    raise Http404
