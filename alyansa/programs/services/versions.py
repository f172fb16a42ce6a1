"""The program's text and its versions: what a version keeps, and the version each amendment
(or the adoption) leaves."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem, Outcome
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.governance.models import Body
from alyansa.programs.audit_actions import AuditAction
from alyansa.programs.models import Program, Version

APPROVING = frozenset({Outcome.APPROVED, Outcome.APPROVED_WITH_ADDITIONS})


def content_digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def program_content(program: Program) -> dict[str, Any]:
    """The program's text as it stands: what a version keeps."""
    areas = []
    for area in program.areas.prefetch_related("goals__targets__owner_organizations"):
        goals = []
        for goal in area.goals.all():
            targets = [
                {
                    "id": target.pk,
                    "text": target.text,
                    "texts": target.texts,
                    "owner": target.owner,
                    "owner_body": target.owner_body_id,
                    "owner_region": target.owner_region_id,
                    "owner_chapter": target.owner_chapter_id,
                    "owner_organizations": sorted(o.pk for o in target.owner_organizations.all()),
                    "due_on": target.due_on.isoformat(),
                    "indicator": target.indicator,
                    "goal_value": target.goal_value,
                    "source": target.source,
                    "source_kind": target.source_kind,
                    "source_topic": target.source_topic_id,
                }
                for target in goal.targets.all()
            ]
            goals.append({"text": goal.text, "texts": goal.texts, "targets": targets})
        areas.append({"title": area.title, "titles": area.titles, "goals": goals})
    return {"title": program.title, "areas": areas}


@dataclass(frozen=True)
class Amendment:
    """The coordinating body's decision that amends an adopted program."""

    body: Body
    decided_on: datetime.date
    reference: str = ""
    summary: str = ""


def version_create(
    program: Program,
    *,
    item: AgendaItem | None = None,
    amendment: Amendment | None = None,
    decided_on: datetime.date,
) -> Version:
    last = program.versions.aggregate(last=Max("number"))["last"] or 0
    return Version.objects.create(
        program=program,
        number=last + 1,
        content=program_content(program),
        item=item,
        body=amendment.body if amendment else None,
        decided_on=decided_on,
        reference=single_line(amendment.reference)[:200] if amendment else "",
        summary=amendment.summary.strip() if amendment else "",
    )


def after_change(program: Program, amendment: Amendment | None, *, acting_user: User) -> None:
    """An amended program leaves a new version of its whole text, and says so in the audit."""
    if amendment is not None:
        version = version_create(program, amendment=amendment, decided_on=amendment.decided_on)
        audit_record(
            actor=acting_user,
            action=AuditAction.PROGRAM_AMEND,
            obj=program,
            changes={"version": version.number, "body": amendment.body.pk},
        )
