"""Governing bodies and the constitution's versions."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.core.languages import per_language
from alyansa.core.text import single_line
from alyansa.governance.audit_actions import AuditAction
from alyansa.governance.models import Body, ConstitutionVersion, Seat
from alyansa.governance.services.common import GovernanceRuleError, decider_fields, save_changes

# Addresses under /bodies/ that pages use: a body is never given one of them.
RESERVED_SLUGS = frozenset({"constitution", "new"})


@transaction.atomic
def body_create(
    *,
    name: str,
    kind: Body.Kind | str,
    acting_user: User | None,
    elected_by: Body | None = None,
    description: dict[str, str] | None = None,
    position: int | None = None,
    names: dict[str, str] | None = None,
) -> Body:
    """A governing body, listed after the others unless `position` says otherwise. The
    executive committee names the body that elects it. Its address comes from the name and
    never changes."""
    name = single_line(name)[:200]
    if not name:
        raise GovernanceRuleError(_("A body needs a name."))
    base = slugify(name)[:70] or "body"
    if base in RESERVED_SLUGS:
        base = f"{base}-body"
    slug, number = base, 1
    while Body.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    if position is None:
        position = (Body.objects.aggregate(top=Max("position"))["top"] or 0) + 1
    body = Body.objects.create(
        name=name,
        kind=kind,
        slug=slug,
        elected_by=elected_by,
        description=per_language(description, max_length=1000, one_line=False),
        position=position,
        names=per_language(names, max_length=200, default=name),
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.BODY_CREATE,
        obj=body,
        changes={"kind": str(kind), "elected_by": str(elected_by or "")},
    )
    return body


@transaction.atomic
def body_update(
    *,
    body: Body,
    acting_user: User | None,
    name: str,
    kind: Body.Kind | str,
    elected_by: Body | None = None,
    description: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
) -> Body:
    """Change a body's name (and its names in other languages), kind, electing body and
    description. The address stays, so links keep working. A body is never elected by itself
    or by a body it elects; a body whose seats go to members of its electing body keeps one."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    name = single_line(name)[:200]
    if not name:
        raise GovernanceRuleError(_("A body needs a name."))
    electing = elected_by
    while electing is not None:
        if electing.pk == body.pk:
            raise GovernanceRuleError(
                _("A body cannot be elected by itself or by a body it elects.")
            )
        electing = electing.elected_by
    if elected_by is None and body.seats.filter(eligible=Seat.Eligible.BODY_MEMBERS).exists():
        raise GovernanceRuleError(
            _("Seats of this body go to members of its electing body: say which body elects it.")
        )
    return save_changes(
        body,
        acting_user=acting_user,
        action=AuditAction.BODY_UPDATE,
        name=name,
        names=per_language(names, max_length=200, default=name),
        kind=kind,
        elected_by=elected_by,
        description=per_language(description, max_length=1000, one_line=False),
    )


@transaction.atomic
def constitution_amend(
    *,
    title: str,
    text: str,
    adopted_on: datetime.date,
    ratified_by: models.Model | str,
    acting_user: User | None,
    summary: str = "",
) -> ConstitutionVersion:
    """Add the constitution's next version, linked to the assembly that ratified it. Versions
    are never edited: a correction is a new version."""
    name, ref = decider_fields(ratified_by)
    if not name:
        raise GovernanceRuleError(_("Say which assembly ratified the amendment."))
    last = ConstitutionVersion.objects.select_for_update().order_by("-number").first()
    if last is not None and adopted_on < last.adopted_on:
        raise GovernanceRuleError(_("A version cannot be older than the one before it."))
    version = ConstitutionVersion.objects.create(
        number=(last.number + 1) if last else 1,
        title=single_line(title),
        text=text,
        summary=summary.strip(),
        adopted_on=adopted_on,
        ratified_by_name=name,
        ratified_by_ref=ref,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CONSTITUTION_AMEND,
        obj=version,
        changes={"number": version.number, "ratified_by": name},
    )
    return version
