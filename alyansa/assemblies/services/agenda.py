"""The agenda: items added, edited, translated, moved, opened and decided."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.audit_actions import Action
from alyansa.assemblies.decisions import item_decided
from alyansa.assemblies.models import OUTCOMES_BY_KIND, AgendaItem, Assembly, ItemKind, Outcome
from alyansa.assemblies.services.announce import assembly_announce
from alyansa.assemblies.services.common import AssemblyRuleError
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.text import single_line
from alyansa.governance.services import constitution_amend
from alyansa.members.models import MembershipStatus, Organization
from alyansa.members.services import membership_admit, membership_decline


@transaction.atomic
def item_create(
    *,
    assembly: Assembly,
    kind: str,
    title: str,
    acting_user: User | None,
    text: str = "",
    organization: Organization | None = None,
    constitution_text: str = "",
) -> AgendaItem:
    """Add an item at the end of the agenda. An admission names the organization; a
    constitutional amendment carries the whole constitution as amended."""
    kind = ItemKind(kind)
    if not single_line(title):
        raise AssemblyRuleError(_("Give the item a title."))
    if kind == ItemKind.ADMISSION and organization is None:
        raise AssemblyRuleError(_("Say which organization is to be admitted."))
    if kind == ItemKind.CONSTITUTIONAL and not constitution_text.strip():
        raise AssemblyRuleError(_("Give the text of the constitution as amended."))
    Assembly.objects.select_for_update().filter(pk=assembly.pk).first()
    last = assembly.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        assembly=assembly,
        position=last + 1,
        kind=kind,
        title=single_line(title),
        text=text,
        organization=organization if kind == ItemKind.ADMISSION else None,
        constitution_text=constitution_text if kind == ItemKind.CONSTITUTIONAL else "",
    )
    audit_record(
        actor=acting_user, action=Action.ITEM_CREATE, obj=item, changes={"kind": kind.value}
    )
    return item


ITEM_FIELDS = ["title", "text", "notes", "constitution_text"]


@transaction.atomic
def item_update(
    *, item: AgendaItem, changes: dict[str, Any], acting_user: User | None
) -> AgendaItem:
    """Edit an item's title, text, or its notes for the minutes."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = {name: getattr(item, name) for name in ITEM_FIELDS}
    for name, value in changes.items():
        if name not in ITEM_FIELDS:
            raise AssemblyRuleError(_("This field cannot be changed here: %s") % name)
        setattr(item, name, value)
    diff = model_changes(item, before, ITEM_FIELDS)
    if diff:
        item.save(update_fields=list(diff))
        # Notes and texts can be long: the trail records which fields changed, not the text.
        audit_record(
            actor=acting_user, action=Action.ITEM_UPDATE, obj=item, changes={"fields": list(diff)}
        )
    return item


@transaction.atomic
def item_translate(
    *, item: AgendaItem, language: str, title: str, text: str, acting_user: User | None
) -> AgendaItem:
    """Add or replace the item's title and text in one language (empty both: remove it)."""
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise AssemblyRuleError(_("Not one of the site's languages."))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    translations = dict(item.translations)
    if title.strip() or text.strip():
        translations[language] = {"title": single_line(title), "text": text}
    else:
        translations.pop(language, None)
    item.translations = translations
    item.save(update_fields=["translations"])
    audit_record(
        actor=acting_user, action=Action.ITEM_TRANSLATE, obj=item, changes={"language": language}
    )
    return item


@transaction.atomic
def item_move(*, item: AgendaItem, position: int, acting_user: User) -> AgendaItem:
    """Move an item to another place in the agenda; the others close ranks."""
    Assembly.objects.select_for_update().filter(pk=item.assembly_id).first()
    items = list(AgendaItem.objects.filter(assembly_id=item.assembly_id).order_by("position"))
    ordered = [one for one in items if one.pk != item.pk]
    position = max(1, min(position, len(items)))
    ordered.insert(position - 1, next(one for one in items if one.pk == item.pk))
    # Two steps so that the unique (assembly, position) holds at every moment.
    AgendaItem.objects.filter(assembly_id=item.assembly_id).update(position=F("position") + 10000)
    for number, one in enumerate(ordered, start=1):
        AgendaItem.objects.filter(pk=one.pk).update(position=number)
    item.refresh_from_db()
    audit_record(
        actor=acting_user, action=Action.ITEM_MOVE, obj=item, changes={"position": position}
    )
    return item


@transaction.atomic
def item_open(*, item: AgendaItem, acting_user: User | None) -> AgendaItem:
    """The chair moves to this item: it becomes the assembly's current item. The item left
    behind is done if decided, else back to come."""
    assembly = Assembly.objects.select_for_update().get(pk=item.assembly_id)
    if assembly.status != Assembly.Status.IN_SESSION:
        raise AssemblyRuleError(_("Open the session first."))
    previous = assembly.current_item
    if (
        previous is not None
        and previous.pk != item.pk
        and previous.status == AgendaItem.Status.OPEN
    ):
        previous.status = AgendaItem.Status.DONE if previous.outcome else AgendaItem.Status.PENDING
        previous.save(update_fields=["status"])
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.status != AgendaItem.Status.OPEN:
        item.status = AgendaItem.Status.OPEN
        item.opened_at = item.opened_at or timezone.now()
        item.save(update_fields=["status", "opened_at"])
    assembly.current_item = item
    assembly.save(update_fields=["current_item"])
    audit_record(actor=acting_user, action=Action.ITEM_OPEN, obj=item)
    assembly_announce(assembly, "item", {"item": item.pk})
    return item


@transaction.atomic
def item_decide(
    *,
    item: AgendaItem,
    outcome: str,
    acting_user: User | None,
    additions: str = "",
    decided_on: datetime.date | None = None,
) -> AgendaItem:
    """Record the assembly's decision on an item (the voting app calls this with a poll's
    verdict). An approved admission admits the organization in the member registry; a rejected
    one declines its application. An approved constitutional amendment ratifies a new
    constitution version. Additions are recorded with a report or motion approved with them.
    A decision is final: a second one is refused."""
    outcome = Outcome(outcome)
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("assembly", "organization")
        .get(pk=item.pk)
    )
    assembly = item.assembly
    if item.outcome:
        raise AssemblyRuleError(_("This item has already been decided."))
    if assembly.status != Assembly.Status.IN_SESSION:
        raise AssemblyRuleError(_("Decisions are taken while the assembly is in session."))
    if outcome not in OUTCOMES_BY_KIND[item.kind]:
        raise AssemblyRuleError(
            _("“%(outcome)s” is not a possible outcome for this kind of item.")
            % {"outcome": outcome.label}
        )
    if outcome == Outcome.APPROVED_WITH_ADDITIONS and not additions.strip():
        raise AssemblyRuleError(_("Record the additions that were approved with it."))
    day = decided_on or assembly.today()
    changes: dict[str, Any] = {"outcome": outcome.value}
    if item.kind == ItemKind.ADMISSION and item.organization is not None:
        if outcome == Outcome.APPROVED:
            membership_admit(
                organization=item.organization,
                decided_by=assembly,
                date=day,
                acting_user=acting_user,
            )
            changes["admitted"] = item.organization.pk
        else:
            membership = getattr(item.organization, "membership", None)
            if membership is not None and membership.status == MembershipStatus.APPLIED:
                membership_decline(
                    organization=item.organization,
                    decided_by=assembly,
                    date=day,
                    acting_user=acting_user,
                )
    if item.kind == ItemKind.CONSTITUTIONAL and outcome == Outcome.APPROVED:
        version = constitution_amend(
            title=item.title,
            text=item.constitution_text,
            summary=item.text,
            adopted_on=day,
            ratified_by=assembly,
            acting_user=acting_user,
        )
        item.constitution_version = version
        changes["constitution_version"] = version.number
    item.outcome = outcome
    item.additions = additions.strip() if outcome == Outcome.APPROVED_WITH_ADDITIONS else ""
    item.decided_at = timezone.now()
    if assembly.current_item_id != item.pk:
        item.status = AgendaItem.Status.DONE
    item.save(
        update_fields=["outcome", "additions", "decided_at", "status", "constitution_version"]
    )
    audit_record(actor=acting_user, action=Action.ITEM_DECIDE, obj=item, changes=changes)
    # Apps above (the program of action) act on the decision in this same transaction.
    item_decided(item, acting_user=acting_user)
    assembly_announce(assembly, "item.decided", {"item": item.pk, "outcome": outcome.value})
    return item
