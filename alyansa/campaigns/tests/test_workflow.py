"""A call is drafted by the secretariat, issued by an officer, answered once per organization,
and every change of an answer is in the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from alyansa.audit.models import AuditEvent
from alyansa.campaigns.errors import CampaignRuleError
from alyansa.campaigns.models import Answer, AnswerState, Audience, CallToAction, DeclineReason
from alyansa.campaigns.services import (
    answer_decline,
    answer_pledge,
    call_cancel,
    call_issue,
    call_submit,
    new_submission_key,
    report_submit,
)
from alyansa.campaigns.testing import make_call
from alyansa.members.models import MembershipCategory
from alyansa.members.testing import make_country, make_language, make_organization
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_only_an_officer_issues_a_call(team, member_organization) -> None:
    secretariat, officer = team
    call = make_call(secretariat=secretariat)
    call_submit(call=call, acting_user=secretariat)
    url = reverse("campaigns:call_step", args=[call.pk, "issue"])
    assert client_for(secretariat).post(url).status_code == 403  # a role refusal, no sentence
    assert CallToAction.objects.get(pk=call.pk).status == CallToAction.Status.IN_REVIEW
    assert client_for(officer).post(url).status_code == 302
    assert CallToAction.objects.get(pk=call.pk).status == CallToAction.Status.ISSUED


@pytest.mark.parametrize(
    ("step", "allowed"),
    [("submit", {"secretariat"}), ("close", {"secretariat", "officer"})],
)
def test_each_step_is_taken_by_its_roles_only(team, member_organization, step, allowed) -> None:
    secretariat, officer = team
    for name, user in (("officer", officer), ("secretariat", secretariat)):
        call = (
            make_call(secretariat=secretariat)
            if step == "submit"
            else make_call(secretariat=secretariat, officer=officer)
        )
        before = call.status
        response = client_for(user).post(reverse("campaigns:call_step", args=[call.pk, step]))
        after = CallToAction.objects.get(pk=call.pk).status
        if name in allowed:
            assert (response.status_code, after != before) == (302, True)
        else:
            assert (response.status_code, after) == (403, before)


def test_a_draft_cannot_be_issued_without_review(team, member_organization) -> None:
    secretariat, officer = team
    call = make_call(secretariat=secretariat)
    with pytest.raises(CampaignRuleError, match="cannot be done while the call is “Draft”"):
        call_issue(call=call, acting_user=officer)


def test_issuing_makes_one_answer_per_called_member_in_its_own_time_zone(team) -> None:
    secretariat, officer = team
    hong_kong = make_organization("Hong Kong Union", country=make_country("HK"))
    make_organization("Associate Institute", category=MembershipCategory.ASSOCIATE)
    make_organization("Applicant", member_since=None)
    call = make_call(secretariat=secretariat, officer=officer, audience=Audience.FULL)
    answers = Answer.objects.filter(call=call)
    assert [a.organization for a in answers] == [hong_kong]
    assert answers.get().time_zone == "Asia/Hong_Kong"
    assert answers.get().state == AnswerState.NO_ANSWER
    # Issuing twice (a double click) makes nothing more.
    call_issue(call=call, acting_user=officer)
    assert Answer.objects.filter(call=call).count() == 1


def test_the_call_goes_to_the_coordinators_in_their_language_with_a_report_link(
    team, coordinator_factory
) -> None:
    secretariat, officer = team
    organization = make_organization("Samahan", country=make_country("PH"))
    organization.languages.add(make_language("tl"))
    coordinator = coordinator_factory(organization)
    make_call(secretariat=secretariat, officer=officer, titles={"tl": "Araw ng mga Migrante"})
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert "Araw ng mga Migrante" in message.subject
    assert "/campaigns/r/" in message.body


def test_an_organization_without_coordinators_gets_the_call_at_its_own_address(team) -> None:
    secretariat, officer = team
    make_organization("Quiet Union", email="office@quiet.example")
    make_call(secretariat=secretariat, officer=officer)
    assert [m.to for m in mail.outbox] == [["office@quiet.example"]]


def test_answer_history_is_kept_in_the_audit_trail(team, member_organization, coordinator_of):
    secretariat, officer = team
    call = make_call(secretariat=secretariat, officer=officer)
    answer = Answer.objects.get(call=call)
    answer_pledge(
        answer=answer, acting_user=coordinator_of, planned_on=call.starts_on, city="Manila"
    )
    answer_decline(answer=answer, acting_user=coordinator_of, reason=DeclineReason.SAFETY)
    report_submit(
        answer=answer,
        acting_user=coordinator_of,
        key=new_submission_key(),
        summary="A forum with 40 domestic workers.",
        held_on=call.starts_on,
        city="Manila",
        country=member_organization.country,
        participants_low=40,
    )
    trail = AuditEvent.objects.for_object(answer).order_by("at", "id")
    assert [event.changes["state"] for event in trail] == [
        ["no_answer", "pledged"],
        ["pledged", "declined"],
        ["declined", "reported"],
    ]
    assert {event.actor for event in trail} == {coordinator_of}


def test_a_reported_answer_is_not_turned_into_a_pledge(team, member_organization, coordinator_of):
    secretariat, officer = team
    call = make_call(secretariat=secretariat, officer=officer)
    answer = Answer.objects.get(call=call)
    report_submit(
        answer=answer,
        acting_user=coordinator_of,
        key=new_submission_key(),
        summary="Done.",
        held_on=call.starts_on,
        city="Manila",
        country=member_organization.country,
    )
    with pytest.raises(CampaignRuleError, match="has reported already"):
        answer_pledge(answer=answer, acting_user=coordinator_of, planned_on=None, city="")


def test_coordinator_cannot_answer_for_another_organization(team, coordinator_of) -> None:
    secretariat, officer = team
    make_organization("Other Union")
    call = make_call(secretariat=secretariat, officer=officer)
    other = Answer.objects.get(call=call, organization__name="Other Union")
    page = reverse("campaigns:answer", args=[other.pk])
    api = reverse("api-v1:campaigns_answer", args=[other.pk])
    pledge = {"action": "pledge", "pledge-planned_on": call.starts_on.isoformat()}
    # Another organization's answer is not found; an officer reads it but answers for no one.
    for user, status in ((coordinator_of, 404), (officer, 403)):
        client = client_for(user)
        assert client.post(page, pledge).status_code == status
        assert client.post(api, {"state": "pledged", "city": "Manila"}).status_code == status
    assert Answer.objects.get(pk=other.pk).state == AnswerState.NO_ANSWER


def test_a_cancelled_call_takes_no_answers_and_counts_for_calendars(
    team, member_organization, coordinator_of
) -> None:
    secretariat, officer = team
    call = make_call(secretariat=secretariat, officer=officer)
    cancelled = call_cancel(call=call, acting_user=officer, note="The venue was closed.")
    assert cancelled.sequence == call.sequence + 1
    with pytest.raises(CampaignRuleError, match="This call is not open for answers"):
        answer_decline(
            answer=Answer.objects.get(call=call),
            acting_user=coordinator_of,
            reason=DeclineReason.OTHER,
        )


def test_the_call_names_whom_it_goes_to(team, member_organization) -> None:
    secretariat, _officer = team
    with pytest.raises(CampaignRuleError, match="Choose whom the call goes to"):
        make_call(secretariat=secretariat, audience=Audience.REGIONS)
    with pytest.raises(CampaignRuleError, match="Reports are due after the action, not before it"):
        make_call(
            secretariat=secretariat,
            starts_on=datetime.date(2026, 12, 18),
            report_by=datetime.date(2026, 12, 1),
        )
