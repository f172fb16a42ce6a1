"""Reads of programs that check who may see what.

- The secretariat edits programs, records progress, drafts and presents the report.
- The secretariat and officers read the internal dashboard (every record) and drafts.
- Everyone reads adopted programs, their public dashboard and reports put to an assembly.
Anything else answers 404, as an unknown address does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from alyansa.accounts.permissions import has_any_role, is_secretariat
from alyansa.accounts.roles import Role
from alyansa.programs.models import Area, ChairReport, Goal, Program, Target


def may_manage(user: Any) -> bool:
    return is_secretariat(user)


def require_manager(user: Any) -> None:
    if not may_manage(user):
        raise PermissionDenied


def may_read_internal(user: Any) -> bool:
    return has_any_role(user, (Role.SECRETARIAT, Role.OFFICER))


def require_reader(user: Any) -> None:
    if not may_read_internal(user):
        raise PermissionDenied


def programs_for(user: Any) -> QuerySet[Program]:
    programs = Program.objects.select_related("assembly", "item")
    return programs if may_read_internal(user) else programs.adopted()


def program_get_for(user: Any, program_id: int) -> Program:
    program = programs_for(user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def target_get_for(user: Any, program: Program, target_id: int) -> Target:
    target = (
        Target.objects.filter(pk=target_id, goal__area__program=program)
        .select_related("goal__area__program", "owner_body", "owner_region", "owner_chapter")
        .first()
    )
    if target is None:
        raise Http404
    return target


def reports_for(user: Any, program: Program) -> QuerySet[ChairReport]:
    """Drafts for the secretariat and officers; the public reads a report once it is on an
    assembly's agenda."""
    reports = program.reports.select_related("item__assembly")
    return reports if may_read_internal(user) else reports.filter(item__isnull=False)


def report_get_for(user: Any, program: Program, report_id: int) -> ChairReport:
    report = reports_for(user, program).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def program_text(program: Program) -> list[Area]:
    """The program's areas with their goals and targets (and who carries each), in a fixed
    number of queries: for the secretariat's editing page."""
    targets = Target.objects.select_related(
        "owner_body", "owner_region", "owner_chapter"
    ).prefetch_related("owner_organizations")
    goals = Goal.objects.prefetch_related(Prefetch("targets", queryset=targets))
    return list(program.areas.prefetch_related(Prefetch("goals", queryset=goals)))
