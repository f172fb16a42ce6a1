"""The list of speakers on the item under discussion."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.audit_actions import Action
from alyansa.assemblies.models import AgendaItem, Assembly, Participant, SpeakerRequest
from alyansa.assemblies.services.announce import assembly_announce
from alyansa.assemblies.services.common import AssemblyRuleError, delegate_actor
from alyansa.audit.services import audit_record


@transaction.atomic
def speaker_request(*, item: AgendaItem, participant: Participant) -> SpeakerRequest:
    """A participant asks for the floor on the current item. Asking twice keeps one place."""
    if participant.withdrawn_at is not None or participant.assembly_id != item.assembly_id:
        raise AssemblyRuleError(_("You are not registered at this assembly."))
    assembly = Assembly.objects.get(pk=item.assembly_id)
    if assembly.current_item_id != item.pk or item.outcome:
        raise AssemblyRuleError(_("The floor is open only on the item under discussion."))
    waiting = SpeakerRequest.objects.waiting().filter(item=item, participant=participant).first()
    if waiting is not None:
        return waiting
    try:
        with transaction.atomic():
            request = SpeakerRequest.objects.create(item=item, participant=participant)
    except IntegrityError:
        # Two taps at once: the other one won.
        return SpeakerRequest.objects.waiting().get(item=item, participant=participant)
    audit_record(
        actor=None, action=Action.SPEAKER_REQUEST, obj=request, changes=delegate_actor(participant)
    )
    assembly_announce(assembly, "speakers")
    return request


@transaction.atomic
def speaker_withdraw(*, request: SpeakerRequest) -> SpeakerRequest:
    """A participant takes back their request before being called."""
    request = SpeakerRequest.objects.select_for_update().get(pk=request.pk)
    if request.called_at is None and request.withdrawn_at is None:
        request.withdrawn_at = timezone.now()
        request.save(update_fields=["withdrawn_at"])
        audit_record(actor=None, action=Action.SPEAKER_WITHDRAW, obj=request)
        item = request.item
        assembly_announce(item.assembly, "speakers")
    return request


def _finish_current(item: AgendaItem, now: datetime.datetime) -> None:
    SpeakerRequest.objects.filter(
        item=item, called_at__isnull=False, finished_at__isnull=True
    ).update(finished_at=now)


@transaction.atomic
def speaker_call_next(*, item: AgendaItem, acting_user: User | None) -> SpeakerRequest | None:
    """The chair ends the current speaker's turn and gives the floor to the first in line,
    whose speaking-time clock starts now. Returns None when nobody is waiting."""
    item = AgendaItem.objects.select_for_update().select_related("assembly").get(pk=item.pk)
    now = timezone.now()
    _finish_current(item, now)
    request = item.speakers.waiting().select_for_update().first()
    if request is not None:
        request.called_at = now
        request.allowed_seconds = item.assembly.speaking_seconds
        request.save(update_fields=["called_at", "allowed_seconds"])
    audit_record(
        actor=acting_user,
        action=Action.SPEAKER_CALL_NEXT,
        obj=item,
        changes={"request": request.pk if request else None},
    )
    assembly_announce(item.assembly, "speakers")
    return request


@transaction.atomic
def speaker_finish(*, item: AgendaItem, acting_user: User) -> None:
    """The chair ends the current speaker's turn without calling the next."""
    _finish_current(item, timezone.now())
    audit_record(actor=acting_user, action=Action.SPEAKER_FINISH, obj=item)
    assembly_announce(item.assembly, "speakers")
