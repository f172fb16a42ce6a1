"""The rules of engagements' services: times in their zone, sequence and cancellation,
delegations and consent, interventions, follow-up tasks and their reminders, private calendar
addresses, and the report attached to an assembly's agenda."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core import mail
from django.utils import timezone

from alyansa.accounts.testing import make_user
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.audit.models import AuditEvent
from alyansa.engagements import services
from alyansa.engagements.errors import EngagementRuleError
from alyansa.engagements.models import CalendarToken, Engagement, FollowUp, Role
from alyansa.engagements.testing import at, make_delegate, make_engagement
from alyansa.members.services import person_erase
from alyansa.members.testing import make_organization, make_person
from alyansa.statements.models import Statement
from alyansa.statements.testing import make_statement

pytestmark = pytest.mark.django_db


def _fields(engagement: Engagement, **changes: object) -> services.EngagementFields:
    data = services.EngagementFields(
        title=engagement.title,
        kind=engagement.kind,
        starts_at=engagement.starts_at,
        ends_at=engagement.ends_at,
        time_zone=engagement.time_zone,
        place=engagement.place,
        description=engagement.description,
    )
    return dataclasses.replace(data, **changes)


def test_an_engagement_keeps_its_own_time_zone(secretariat) -> None:
    engagement = make_engagement(
        starts=at("2026-09-21", "09:30", "America/New_York"), time_zone="America/New_York"
    )
    engagement.refresh_from_db()
    assert engagement.local_start.hour == 9
    assert engagement.starts_at.astimezone(datetime.UTC).hour == 13


def test_an_unknown_time_zone_is_refused(secretariat) -> None:
    with pytest.raises(EngagementRuleError, match="not a time zone"):
        make_engagement(time_zone="Europe/Atlantis", starts=at("2026-03-27", "10:00", "UTC"))


def test_an_engagement_cannot_end_before_it_starts(secretariat) -> None:
    with pytest.raises(EngagementRuleError, match="ends before it starts"):
        make_engagement(hours=-2)


def test_an_engagement_needs_a_place_or_to_be_online(secretariat) -> None:
    with pytest.raises(EngagementRuleError, match="online"):
        make_engagement(place="")
    assert make_engagement(place="", online=True).online


def test_only_published_statements_are_linked(secretariat) -> None:
    draft = make_statement(status=Statement.Status.DRAFT)
    with pytest.raises(EngagementRuleError, match="published statements"):
        make_engagement(statements=[draft])
    published = make_statement(status=Statement.Status.PUBLISHED)
    assert list(make_engagement(statements=[published]).statements.all()) == [published]


def test_a_change_calendars_show_raises_the_sequence_and_one_they_do_not_does_not(
    secretariat,
) -> None:
    engagement = make_engagement()
    assert engagement.sequence == 0
    later = engagement.starts_at + datetime.timedelta(hours=2)
    moved = services.engagement_update(
        engagement=engagement,
        data=_fields(engagement, starts_at=later, ends_at=later + datetime.timedelta(hours=3)),
        acting_user=secretariat,
    )
    assert moved.sequence == 1
    same = services.engagement_update(
        engagement=moved, data=_fields(moved), acting_user=secretariat
    )
    assert same.sequence == 1
    assert AuditEvent.objects.filter(action="engagements.engagement_update").count() == 2


def test_a_cancelled_engagement_stays_with_a_higher_sequence_and_is_not_changed(
    secretariat,
) -> None:
    engagement = make_engagement()
    cancelled = services.engagement_cancel(engagement=engagement, acting_user=secretariat)
    assert cancelled.is_cancelled and cancelled.sequence == 1
    assert Engagement.objects.public().filter(pk=engagement.pk).exists()
    with pytest.raises(EngagementRuleError, match="cancelled already"):
        services.engagement_cancel(engagement=cancelled, acting_user=secretariat)
    with pytest.raises(EngagementRuleError, match="was cancelled"):
        services.engagement_update(
            engagement=cancelled, data=_fields(cancelled, title="New"), acting_user=secretariat
        )


def test_an_outcome_is_reported_once_the_engagement_has_begun(secretariat) -> None:
    now = timezone.now()
    coming = make_engagement(starts=now + datetime.timedelta(days=3))
    with pytest.raises(EngagementRuleError, match="once the engagement has begun"):
        services.outcome_report(engagement=coming, outcome="Done", acting_user=secretariat)
    past = make_engagement(starts=now - datetime.timedelta(days=3))
    reported = services.outcome_report(
        engagement=past,
        outcome="The chair's summary names undocumented workers.",
        outcomes={"es": "El resumen nombra a los trabajadores indocumentados."},
        acting_user=secretariat,
    )
    assert reported.outcome_reported_at is not None
    assert reported.outcomes == {"es": "El resumen nombra a los trabajadores indocumentados."}


def test_a_person_sits_once_in_a_delegation_and_consent_is_dated(secretariat) -> None:
    engagement = make_engagement()
    person = make_person("Maria Dela Cruz", organization=make_organization())
    member = make_delegate(engagement, person, role=Role.SPEAKER, name_public=True)
    assert member.consent_recorded_at is not None
    with pytest.raises(EngagementRuleError, match="already"):
        make_delegate(engagement, person)
    withdrawn = services.delegate_update(
        member=member,
        role=Role.SPEAKER,
        accreditation="granted",
        accreditation_reference="UNOG-2026-114",
        name_public=False,
        notes="Visa appointment on 3 March",
        acting_user=secretariat,
    )
    assert withdrawn.consent_recorded_at is None
    assert withdrawn.accreditation_reference == "UNOG-2026-114"
    # The notes never reach the audit trail, which more people read.
    event = AuditEvent.objects.get(action="engagements.delegate_update")
    assert "notes" not in event.changes and "Visa" not in str(event.changes)


def test_an_erased_person_is_not_added(secretariat) -> None:
    person = make_person("Gone Person")
    person_erase(person=person, acting_user=secretariat)
    person.refresh_from_db()
    with pytest.raises(EngagementRuleError, match="erased"):
        make_delegate(make_engagement(), person)


def test_an_intervention_needs_a_text_and_a_speaker_of_this_delegation(secretariat) -> None:
    engagement, other = make_engagement(), make_engagement("Other")
    stranger = make_delegate(other, make_person("Someone Else"))
    with pytest.raises(EngagementRuleError, match="at least one language"):
        services.intervention_add(
            engagement=engagement, title="Oral statement", texts={}, acting_user=secretariat
        )
    with pytest.raises(EngagementRuleError, match="member of this delegation"):
        services.intervention_add(
            engagement=engagement,
            title="Oral statement",
            texts={"en": "Thank you, Chair."},
            speaker=stranger,
            acting_user=secretariat,
        )
    with pytest.raises(Exception, match="not a language of this site"):
        services.intervention_add(
            engagement=engagement,
            title="Oral statement",
            texts={"xx": "?"},
            acting_user=secretariat,
        )
    added = services.intervention_add(
        engagement=engagement,
        title="Oral statement",
        texts={"en": "Thank you, Chair.", "es": "Gracias, presidente."},
        acting_user=secretariat,
    )
    assert set(added.texts) == {"en", "es"}


def test_late_tasks_are_reminded_once_a_week_through_the_queue(secretariat) -> None:
    owner = make_user("Olive Owner")
    engagement = make_engagement()
    today = timezone.localdate()
    late = services.follow_up_add(
        engagement=engagement,
        title="Send the chair our written submission",
        owner=owner,
        due_on=today - datetime.timedelta(days=2),
        acting_user=secretariat,
    )
    services.follow_up_add(
        engagement=engagement,
        title="Not yet due",
        owner=owner,
        due_on=today + datetime.timedelta(days=60),
        acting_user=secretariat,
    )
    mail.outbox.clear()
    assert services.follow_ups_remind_late() == 1
    assert len(mail.outbox) == 1 and owner.email in mail.outbox[0].to
    assert "Send the chair" in mail.outbox[0].subject
    # Not again the next hour; again a week later; never once done.
    assert services.follow_ups_remind_late() == 0
    assert services.follow_ups_remind_late(now=timezone.now() + datetime.timedelta(days=8)) == 1
    services.follow_up_mark(task=late, done=True, acting_user=owner)
    assert services.follow_ups_remind_late(now=timezone.now() + datetime.timedelta(days=30)) == 0
    assert FollowUp.objects.open().count() == 1


def test_a_calendar_token_is_kept_hashed_and_a_new_one_revokes_the_old(secretariat) -> None:
    person = make_person("Lina Santos")
    first, first_secret = services.calendar_token_issue(person=person, acting_user=secretariat)
    assert first_secret not in first.token_hash
    assert services.calendar_token_find(first_secret) == first
    second, second_secret = services.calendar_token_issue(person=person, acting_user=secretariat)
    assert services.calendar_token_find(first_secret) is None
    assert services.calendar_token_find(second_secret) == second
    services.calendar_token_revoke(token=second, acting_user=secretariat)
    assert services.calendar_token_find(second_secret) is None
    assert services.calendar_token_find("x" * 500) is None
    assert CalendarToken.objects.active().count() == 0


def test_the_report_goes_to_an_undecided_report_item(secretariat) -> None:
    make_engagement(starts=timezone.now() - datetime.timedelta(days=10))
    assembly = make_assembly()
    procedural = make_item(assembly, "procedural")
    with pytest.raises(EngagementRuleError, match="report item"):
        services.report_attach(
            item=procedural,
            start=timezone.localdate() - datetime.timedelta(days=30),
            end=timezone.localdate(),
            acting_user=secretariat,
        )
    item = make_item(assembly, "report", "Report of the secretariat")
    report = services.report_attach(
        item=item,
        start=timezone.localdate() - datetime.timedelta(days=30),
        end=timezone.localdate(),
        acting_user=secretariat,
    )
    assert len(report.content["engagements"]) == 1
