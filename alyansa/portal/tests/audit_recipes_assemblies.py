"""Audit-row recipes for assemblies: set-up, delegates, the agenda and the floor."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies import services as assembly_services
from alyansa.assemblies.models import (
    AgendaItem,
    Amendment,
    Assembly,
    Attendance,
    ItemKind,
    Outcome,
    Participant,
)
from alyansa.assemblies.testing import (
    make_assembly,
    make_credential,
    make_delegate,
    make_item,
)
from alyansa.members.models import MembershipStatus
from alyansa.members.services import membership_record
from alyansa.members.testing import make_organization
from alyansa.portal.tests.audit_recipes import Call, recipe


def secretariat() -> User:
    return make_user("Sara Secretariat", role=Role.SECRETARIAT)


def item_under_discussion(kind: str = ItemKind.MOTION, **fields: Any) -> AgendaItem:
    item = make_item(make_assembly(delegate_quota=10), kind, **fields)
    return assembly_services.item_open(item=item, acting_user=None)


# --- the assembly and its delegates ---------------------------------------------------------


@recipe("assemblies", "assembly_create", "assembly.create")
def _assembly_create() -> Call:
    user, starts_at = secretariat(), timezone.now()
    return lambda: assembly_services.assembly_create(
        title="General Assembly",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(days=2),
        time_zone="Asia/Manila",
        acting_user=user,
    )


@recipe("assemblies", "assembly_update", "assembly.update")
def _assembly_update() -> Call:
    assembly, user = make_assembly(), secretariat()
    return lambda: assembly_services.assembly_update(
        assembly=assembly, changes={"delegate_quota": 4}, acting_user=user
    )


@recipe("assemblies", "assembly_set_status", "assembly.status")
def _assembly_set_status() -> Call:
    assembly, user = make_assembly(), secretariat()
    return lambda: assembly_services.assembly_set_status(
        assembly=assembly, status=Assembly.Status.CLOSED, acting_user=user
    )


@recipe("assemblies", "hall_link_create", "assembly.hall_link_create")
def _hall_link_create() -> Call:
    assembly, user = make_assembly(), secretariat()
    return lambda: assembly_services.hall_link_create(assembly=assembly, acting_user=user)


@recipe("assemblies", "hall_link_revoke", "assembly.hall_link_revoke")
def _hall_link_revoke() -> Call:
    assembly, user = make_assembly(), secretariat()
    assembly_services.hall_link_create(assembly=assembly, acting_user=user)
    return lambda: assembly_services.hall_link_revoke(assembly=assembly, acting_user=user)


@recipe("assemblies", "allocation_set", "assembly.allocation")
def _allocation_set() -> Call:
    assembly, organization, user = make_assembly(), make_organization(), secretariat()
    return lambda: assembly_services.allocation_set(
        assembly=assembly, organization=organization, quota=2, acting_user=user
    )


@recipe("assemblies", "participant_register", "participant.register")
def _participant_register() -> Call:
    assembly, user = make_assembly(), secretariat()
    return lambda: assembly_services.participant_register(
        assembly=assembly, kind=Participant.Kind.GUEST, display_name="Guest", acting_user=user
    )


@recipe("assemblies", "delegate_register", "participant.register")
def _delegate_register() -> Call:
    assembly, organization, user = make_assembly(), make_organization(), secretariat()
    return lambda: assembly_services.delegate_register(
        assembly=assembly, organization=organization, display_name="Ana", acting_user=user
    )


@recipe("assemblies", "participant_withdraw", "participant.withdraw")
def _participant_withdraw() -> Call:
    delegate, user = make_delegate(assembly=make_assembly()), secretariat()
    return lambda: assembly_services.participant_withdraw(participant=delegate, acting_user=user)


@recipe("assemblies", "credential_issue", "credential.issue")
def _credential_issue() -> Call:
    delegate, user = make_delegate(assembly=make_assembly()), secretariat()
    return lambda: assembly_services.credential_issue(participant=delegate, acting_user=user)


@recipe("assemblies", "credential_issue", "credential.reissue", variant="a new one")
def _credential_reissue() -> Call:
    delegate, user = make_delegate(assembly=make_assembly()), secretariat()
    make_credential(delegate)
    return lambda: assembly_services.credential_issue(participant=delegate, acting_user=user)


@recipe("assemblies", "credential_revoke", "credential.revoke")
def _credential_revoke() -> Call:
    credential, _secret = make_credential(make_delegate(assembly=make_assembly()))
    user = secretariat()
    return lambda: assembly_services.credential_revoke(
        credential=credential, acting_user=user, reason="Lost"
    )


@recipe("assemblies", "attendance_check_in", "attendance.check_in")
def _attendance_check_in() -> Call:
    delegate, user = make_delegate(assembly=make_assembly()), secretariat()
    return lambda: assembly_services.attendance_check_in(
        participant=delegate, method=Attendance.Method.DOOR, acting_user=user
    )


@recipe("assemblies", "attendance_check_out", "attendance.check_out")
def _attendance_check_out() -> Call:
    delegate, user = make_delegate(assembly=make_assembly(), present=True), secretariat()
    return lambda: assembly_services.attendance_check_out(participant=delegate, acting_user=user)


def _two_of_one_organization() -> tuple[Participant, Participant]:
    assembly, organization = make_assembly(delegate_quota=10), make_organization()
    giver = make_delegate(assembly=assembly, organization=organization)
    holder = make_delegate(assembly=assembly, organization=organization, present=True)
    return giver, holder


@recipe("assemblies", "proxy_grant", "proxy.grant")
def _proxy_grant() -> Call:
    giver, holder = _two_of_one_organization()
    return lambda: assembly_services.proxy_grant(giver=giver, holder=holder)


@recipe("assemblies", "proxy_revoke", "proxy.revoke")
def _proxy_revoke() -> Call:
    giver, holder = _two_of_one_organization()
    proxy = assembly_services.proxy_grant(giver=giver, holder=holder)
    return lambda: assembly_services.proxy_revoke(proxy=proxy)


# --- the agenda -----------------------------------------------------------------------------


@recipe("assemblies", "item_create", "item.create")
def _item_create() -> Call:
    assembly, user = make_assembly(), secretariat()
    return lambda: assembly_services.item_create(
        assembly=assembly, kind=ItemKind.MOTION, title="Motion on wages", acting_user=user
    )


@recipe("assemblies", "item_update", "item.update")
def _item_update() -> Call:
    item, user = make_item(make_assembly()), secretariat()
    return lambda: assembly_services.item_update(
        item=item, changes={"title": "Adoption of the agenda"}, acting_user=user
    )


@recipe("assemblies", "item_translate", "item.translate")
def _item_translate() -> Call:
    item, user = make_item(make_assembly()), secretariat()
    return lambda: assembly_services.item_translate(
        item=item, language="es", title="Orden del día", text="", acting_user=user
    )


@recipe("assemblies", "item_move", "item.move")
def _item_move() -> Call:
    assembly, user = make_assembly(), secretariat()
    make_item(assembly)
    item = make_item(assembly)
    return lambda: assembly_services.item_move(item=item, position=0, acting_user=user)


@recipe("assemblies", "item_open", "item.open")
def _item_open() -> Call:
    item, user = make_item(make_assembly()), secretariat()
    return lambda: assembly_services.item_open(item=item, acting_user=user)


@recipe("assemblies", "item_decide", "item.decide")
def _item_decide() -> Call:
    item, user = item_under_discussion(), secretariat()
    return lambda: assembly_services.item_decide(
        item=item, outcome=Outcome.APPROVED, acting_user=user
    )


@recipe(
    "assemblies",
    "item_decide",
    "item.decide",
    variant="an admission",
    through=("membership.admitted",),
)
def _item_decide_admission() -> Call:
    organization, user = make_organization(member_since=None), secretariat()
    membership_record(
        organization=organization,
        status=MembershipStatus.APPLIED,
        date=organization.created_at.date(),
        acting_user=None,
    )
    item = item_under_discussion(ItemKind.ADMISSION, organization=organization)
    return lambda: assembly_services.item_decide(
        item=item, outcome=Outcome.APPROVED, acting_user=user
    )


@recipe(
    "assemblies",
    "item_decide",
    "item.decide",
    variant="a constitutional amendment",
    through=("constitution.amend",),
)
def _item_decide_constitution() -> Call:
    item = item_under_discussion(ItemKind.CONSTITUTIONAL, constitution_text="Article 1. Name.")
    user = secretariat()
    return lambda: assembly_services.item_decide(
        item=item, outcome=Outcome.APPROVED, acting_user=user
    )


@recipe("assemblies", "amendment_add", "amendment.add")
def _amendment_add() -> Call:
    item, user = item_under_discussion(), secretariat()
    return lambda: assembly_services.amendment_add(
        item=item, text="Add: and fair wages.", acting_user=user
    )


@recipe("assemblies", "amendment_translate", "amendment.translate")
def _amendment_translate() -> Call:
    item, user = item_under_discussion(), secretariat()
    amendment = assembly_services.amendment_add(item=item, text="Add a line.", acting_user=user)
    return lambda: assembly_services.amendment_translate(
        amendment=amendment, language="es", text="Añadir una línea.", acting_user=user
    )


@recipe("assemblies", "amendment_decide", "amendment.decide")
def _amendment_decide() -> Call:
    item, user = item_under_discussion(), secretariat()
    amendment = assembly_services.amendment_add(item=item, text="Add a line.", acting_user=user)
    return lambda: assembly_services.amendment_decide(
        amendment=amendment, outcome=Amendment.Outcome.ADOPTED, acting_user=user
    )


# --- the floor ------------------------------------------------------------------------------


def _speaker_waiting() -> tuple[AgendaItem, Participant]:
    item = item_under_discussion()
    delegate = make_delegate(assembly=item.assembly, present=True)
    assembly_services.speaker_request(item=item, participant=delegate)
    return item, delegate


@recipe("assemblies", "speaker_request", "speaker.request")
def _speaker_request() -> Call:
    item = item_under_discussion()
    delegate = make_delegate(assembly=item.assembly, present=True)
    return lambda: assembly_services.speaker_request(item=item, participant=delegate)


@recipe("assemblies", "speaker_withdraw", "speaker.withdraw")
def _speaker_withdraw() -> Call:
    item = item_under_discussion()
    delegate = make_delegate(assembly=item.assembly, present=True)
    request = assembly_services.speaker_request(item=item, participant=delegate)
    return lambda: assembly_services.speaker_withdraw(request=request)


@recipe("assemblies", "speaker_call_next", "speaker.call_next")
def _speaker_call_next() -> Call:
    item, _delegate = _speaker_waiting()
    user = secretariat()
    return lambda: assembly_services.speaker_call_next(item=item, acting_user=user)


@recipe("assemblies", "speaker_finish", "speaker.finish")
def _speaker_finish() -> Call:
    item, _delegate = _speaker_waiting()
    user = secretariat()
    assembly_services.speaker_call_next(item=item, acting_user=user)
    return lambda: assembly_services.speaker_finish(item=item, acting_user=user)
