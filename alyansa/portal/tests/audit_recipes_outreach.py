"""Audit-row recipes for campaigns (calls to action and answers), engagements and the program of
action."""

from __future__ import annotations

import datetime

from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies import services as assembly_services
from alyansa.assemblies.models import AgendaItem, ItemKind, Outcome
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.campaigns import services as campaign_services
from alyansa.campaigns.models import Answer, CallKind, CallToAction, DeclineReason
from alyansa.campaigns.testing import make_call
from alyansa.campaigns.testing import picture as photo
from alyansa.engagements import services as engagement_services
from alyansa.engagements.models import Accreditation
from alyansa.engagements.models import Role as DelegationRole
from alyansa.engagements.testing import make_delegate, make_engagement
from alyansa.members.testing import make_chapter, make_organization, make_person
from alyansa.portal.tests.audit_recipes import Call, recipe
from alyansa.programs import services as program_services
from alyansa.programs.models import Program, Target, TargetState
from alyansa.programs.testing import add_target, adopt, make_program


def action_day() -> datetime.date:
    """A day of action a month from now."""
    return timezone.localdate() + datetime.timedelta(days=30)


def secretariat() -> User:
    return make_user("Sara Secretariat", role=Role.SECRETARIAT)


def officer() -> User:
    return make_user("Olu Officer", role=Role.OFFICER)


def issued_call(**fields: object) -> tuple[CallToAction, Answer, User]:
    """An issued call to one member organization, its answer, and the secretariat member."""
    organization, user = make_organization(), secretariat()
    fields.setdefault("starts_on", action_day())
    call = make_call(secretariat=user, officer=officer(), **fields)  # type: ignore[arg-type]
    return call, Answer.objects.get(call=call, organization=organization), user


# --- campaigns and calls to action ----------------------------------------------------------


@recipe("campaigns", "campaign_create", "campaign.create")
def _campaign_create() -> Call:
    user = secretariat()
    return lambda: campaign_services.campaign_create(
        acting_user=user, slug="wages", name="Living wages", starts_on=action_day()
    )


@recipe("campaigns", "campaign_update", "campaign.update")
def _campaign_update() -> Call:
    user = secretariat()
    campaign = campaign_services.campaign_create(
        acting_user=user, slug="wages", name="Wages", starts_on=action_day()
    )
    return lambda: campaign_services.campaign_update(
        campaign=campaign, acting_user=user, name="Living wages", starts_on=action_day()
    )


@recipe("campaigns", "call_create", "call.create")
def _call_create() -> Call:
    user = secretariat()
    return lambda: campaign_services.call_create(
        acting_user=user,
        title="International Migrants Day",
        kind=CallKind.MOBILIZATION,
        starts_on=action_day(),
        report_by=action_day() + datetime.timedelta(days=14),
    )


@recipe("campaigns", "call_update", "call.update")
def _call_update() -> Call:
    user = secretariat()
    call = make_call(secretariat=user, starts_on=action_day())
    return lambda: campaign_services.call_update(
        call=call,
        acting_user=user,
        title="International Migrants Day 2026",
        kind=call.kind,
        starts_on=call.starts_on,
        report_by=call.report_by,
    )


@recipe("campaigns", "call_submit", "call.submit")
def _call_submit() -> Call:
    user = secretariat()
    call = make_call(secretariat=user, starts_on=action_day())
    return lambda: campaign_services.call_submit(call=call, acting_user=user)


@recipe("campaigns", "call_return_to_draft", "call.return")
def _call_return_to_draft() -> Call:
    user = secretariat()
    call = campaign_services.call_submit(
        call=make_call(secretariat=user, starts_on=action_day()), acting_user=user
    )
    reviewer = officer()
    return lambda: campaign_services.call_return_to_draft(
        call=call, acting_user=reviewer, note="Shorter, please."
    )


@recipe("campaigns", "call_issue", "call.issue")
def _call_issue() -> Call:
    make_organization()
    user = secretariat()
    call = campaign_services.call_submit(
        call=make_call(secretariat=user, starts_on=action_day()), acting_user=user
    )
    reviewer = officer()
    return lambda: campaign_services.call_issue(call=call, acting_user=reviewer)


@recipe("campaigns", "call_close", "call.close")
def _call_close() -> Call:
    call, _answer, user = issued_call()
    return lambda: campaign_services.call_close(call=call, acting_user=user)


@recipe("campaigns", "call_cancel", "call.cancel")
def _call_cancel() -> Call:
    call, _answer, user = issued_call()
    return lambda: campaign_services.call_cancel(call=call, acting_user=user, note="Postponed")


@recipe("campaigns", "answer_pledge", "answer.pledge")
def _answer_pledge() -> Call:
    _call, answer, user = issued_call()
    return lambda: campaign_services.answer_pledge(
        answer=answer, acting_user=user, planned_on=None, city="Quezon City"
    )


@recipe("campaigns", "answer_decline", "answer.decline")
def _answer_decline() -> Call:
    _call, answer, user = issued_call()
    return lambda: campaign_services.answer_decline(
        answer=answer, acting_user=user, reason=DeclineReason.CAPACITY
    )


def _report(answer: Answer, user: User, **extra: object) -> tuple[object, bool]:
    return campaign_services.report_submit(  # type: ignore[no-any-return]
        answer=answer,
        acting_user=user,
        key=campaign_services.new_submission_key(),
        summary="A rally at the plaza.",
        held_on=answer.call.starts_on,
        city="Quezon City",
        country=answer.organization.country,
        participants_low=120,
        **extra,  # type: ignore[arg-type]
    )


@recipe("campaigns", "report_submit", "answer.report")
def _report_submit() -> Call:
    _call, answer, user = issued_call(starts_on=timezone.localdate() - datetime.timedelta(days=2))
    return lambda: _report(answer, user)


@recipe("campaigns", "report_photo_remove", "answer.report")
def _report_photo_remove() -> Call:
    _call, answer, user = issued_call(starts_on=timezone.localdate() - datetime.timedelta(days=2))
    report, _changed = _report(answer, user, photos=[photo()])
    picture = report.photos.get()  # type: ignore[attr-defined]
    return lambda: campaign_services.report_photo_remove(photo=picture, acting_user=user)


@recipe("campaigns", "reminders_send", "reminder.send")
def _reminders_send() -> Call:
    issued_call(
        starts_on=timezone.localdate() + datetime.timedelta(days=20), reminder_offsets=[-14]
    )
    later = timezone.now() + datetime.timedelta(days=10)
    return lambda: campaign_services.reminders_send(now=later)


@recipe("campaigns", "digests_send", "digest.send")
def _digests_send() -> Call:
    _call, answer, _user = issued_call()
    chapter = make_chapter(organizations=[answer.organization])
    chapter.email = "chapter@example.org"
    chapter.save(update_fields=["email"])
    return lambda: campaign_services.digests_send()


# --- engagements ----------------------------------------------------------------------------


def _fields(title: str = "High-Level Dialogue") -> engagement_services.EngagementFields:
    starts = timezone.now() + datetime.timedelta(days=30)
    return engagement_services.EngagementFields(
        title=title,
        kind="un_session",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        time_zone="Europe/Zurich",
        place="Palais des Nations, Geneva",
    )


@recipe("engagements", "engagement_create", "engagements.engagement_create")
def _engagement_create() -> Call:
    user, data = secretariat(), _fields()
    return lambda: engagement_services.engagement_create(data=data, acting_user=user)


@recipe("engagements", "engagement_update", "engagements.engagement_update")
def _engagement_update() -> Call:
    engagement, user, data = make_engagement(), secretariat(), _fields("Another title")
    return lambda: engagement_services.engagement_update(
        engagement=engagement, data=data, acting_user=user
    )


@recipe("engagements", "engagement_cancel", "engagements.engagement_cancel")
def _engagement_cancel() -> Call:
    engagement, user = (
        make_engagement(starts=timezone.now() + datetime.timedelta(days=3)),
        secretariat(),
    )
    return lambda: engagement_services.engagement_cancel(engagement=engagement, acting_user=user)


@recipe("engagements", "outcome_report", "engagements.outcome_report")
def _outcome_report() -> Call:
    engagement, user = make_engagement(), secretariat()
    return lambda: engagement_services.outcome_report(
        engagement=engagement, outcome="The resolution names migrant workers.", acting_user=user
    )


@recipe("engagements", "delegate_add", "engagements.delegate_add")
def _delegate_add() -> Call:
    engagement, person, user = make_engagement(), make_person(), secretariat()
    return lambda: engagement_services.delegate_add(
        engagement=engagement, person=person, role=DelegationRole.DELEGATE, acting_user=user
    )


@recipe("engagements", "delegate_update", "engagements.delegate_update")
def _delegate_update() -> Call:
    member, user = make_delegate(make_engagement(), make_person()), secretariat()
    return lambda: engagement_services.delegate_update(
        member=member,
        role=DelegationRole.SPEAKER,
        accreditation=Accreditation.NOT_NEEDED,
        accreditation_reference="",
        name_public=True,
        notes="Speaks for the alliance.",
        acting_user=user,
    )


@recipe("engagements", "delegate_remove", "engagements.delegate_remove")
def _delegate_remove() -> Call:
    member, user = make_delegate(make_engagement(), make_person()), secretariat()
    return lambda: engagement_services.delegate_remove(member=member, acting_user=user)


@recipe("engagements", "intervention_add", "engagements.intervention_add")
def _intervention_add() -> Call:
    engagement, user = make_engagement(), secretariat()
    return lambda: engagement_services.intervention_add(
        engagement=engagement,
        title="Oral statement",
        texts={"en": "Regularize all undocumented migrants."},
        acting_user=user,
    )


@recipe("engagements", "follow_up_add", "engagements.follow_up_add")
def _follow_up_add() -> Call:
    engagement, user = make_engagement(), secretariat()
    return lambda: engagement_services.follow_up_add(
        engagement=engagement,
        title="Send the statement to the missions",
        owner=user,
        due_on=action_day(),
        acting_user=user,
    )


@recipe("engagements", "follow_up_mark", "engagements.follow_up_mark")
def _follow_up_mark() -> Call:
    engagement, user = make_engagement(), secretariat()
    task = engagement_services.follow_up_add(
        engagement=engagement, title="Send it", owner=user, due_on=action_day(), acting_user=user
    )
    return lambda: engagement_services.follow_up_mark(task=task, done=True, acting_user=user)


@recipe("engagements", "follow_ups_remind_late", "engagements.follow_ups_remind")
def _follow_ups_remind_late() -> Call:
    engagement, user = make_engagement(), secretariat()
    engagement_services.follow_up_add(
        engagement=engagement,
        title="Send it",
        owner=user,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
        acting_user=user,
    )
    return lambda: engagement_services.follow_ups_remind_late()


@recipe("engagements", "calendar_token_issue", "engagements.calendar_token_issue")
def _calendar_token_issue() -> Call:
    person, user = make_person(), secretariat()
    return lambda: engagement_services.calendar_token_issue(person=person, acting_user=user)


@recipe("engagements", "calendar_token_revoke", "engagements.calendar_token_revoke")
def _calendar_token_revoke() -> Call:
    person, user = make_person(), secretariat()
    token, _secret = engagement_services.calendar_token_issue(person=person, acting_user=user)
    return lambda: engagement_services.calendar_token_revoke(token=token, acting_user=user)


@recipe("engagements", "report_attach", "engagements.report_attach")
def _report_attach() -> Call:
    item, user = make_item(make_assembly(), ItemKind.REPORT, "Report"), secretariat()
    return lambda: engagement_services.report_attach(
        item=item,
        start=timezone.localdate() - datetime.timedelta(days=30),
        end=timezone.localdate(),
        acting_user=user,
    )


# --- the program of action ------------------------------------------------------------------


def _adopted_target() -> tuple[Target, User]:
    user = secretariat()
    program = make_program(secretariat=user)
    target = add_target(program, secretariat=user, goal_value=40)
    adopt(program, secretariat=user)
    return target, user


@recipe("programs", "program_draft", "programs.program_draft")
def _program_draft() -> Call:
    user = secretariat()
    item = make_item(make_assembly(), kind=ItemKind.MOTION, title="General Program of Action")
    return lambda: program_services.program_draft(
        item=item,
        title="General Program of Action",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        acting_user=user,
    )


@recipe("programs", "area_save", "programs.area_save")
def _area_save() -> Call:
    user = secretariat()
    program = make_program(secretariat=user)
    return lambda: program_services.area_save(program=program, title="Organizing", acting_user=user)


@recipe("programs", "goal_save", "programs.goal_save")
def _goal_save() -> Call:
    user = secretariat()
    area = make_program(secretariat=user).areas.all()[0]
    return lambda: program_services.goal_save(area=area, text="More members", acting_user=user)


@recipe("programs", "target_save", "programs.target_save")
def _target_save() -> Call:
    user = secretariat()
    area = make_program(secretariat=user).areas.all()[0]
    goal = program_services.goal_save(area=area, text="More members", acting_user=user)
    fields = program_services.TargetFields(
        text="Education sessions held", owner="alliance", due_on=datetime.date(2027, 12, 31)
    )
    return lambda: program_services.target_save(goal=goal, fields=fields, acting_user=user)


@recipe("programs", "target_set_state", "programs.target_state")
def _target_set_state() -> Call:
    target, user = _adopted_target()
    return lambda: program_services.target_set_state(
        target=target, state=TargetState.UNDER_WAY, acting_user=user
    )


@recipe("programs", "figure_record", "programs.figure_record")
def _figure_record() -> Call:
    target, user = _adopted_target()
    return lambda: program_services.figure_record(
        target=target, value=12, note="Counted at the chapters' meetings", acting_user=user
    )


def _approved_without_its_program(user: User) -> Program:
    """A program whose motion was approved before the program was entered."""
    program = make_program(secretariat=user)
    AgendaItem.objects.filter(pk=program.item_id).update(
        outcome=Outcome.APPROVED, decided_at=timezone.now()
    )
    program.item.refresh_from_db()
    return program


@recipe("programs", "program_record_adoption", "programs.program_adopt")
def _program_record_adoption() -> Call:
    user = secretariat()
    program = _approved_without_its_program(user)
    return lambda: program_services.program_record_adoption(program=program, acting_user=user)


@recipe("programs", "on_item_decided", "programs.program_adopt")
def _on_item_decided() -> Call:
    user = secretariat()
    item = _approved_without_its_program(user).item
    return lambda: program_services.on_item_decided(item=item, acting_user=user)


@recipe(
    "assemblies",
    "item_decide",
    "item.decide",
    variant="a motion carrying a program",
    through=("programs.program_adopt",),
)
def _item_decide_program() -> Call:
    user = secretariat()
    program = make_program(secretariat=user)
    return lambda: assembly_services.item_decide(
        item=program.item, outcome=Outcome.APPROVED, acting_user=user
    )


@recipe("programs", "report_draft", "programs.report_draft")
def _report_draft() -> Call:
    target, user = _adopted_target()
    program = target.goal.area.program
    return lambda: program_services.report_draft(program=program, acting_user=user)


@recipe("programs", "report_edit", "programs.report_edit")
def _report_edit() -> Call:
    target, user = _adopted_target()
    report = program_services.report_draft(program=target.goal.area.program, acting_user=user)
    return lambda: program_services.report_edit(
        report=report, text="A year of organizing.", acting_user=user
    )


@recipe("programs", "report_present", "programs.report_present")
def _report_present() -> Call:
    target, user = _adopted_target()
    report = program_services.report_draft(program=target.goal.area.program, acting_user=user)
    item = make_item(make_assembly("Next assembly"), kind=ItemKind.REPORT, title="Report")
    return lambda: program_services.report_present(report=report, item=item, acting_user=user)
