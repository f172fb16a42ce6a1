"""What waits for each signed-in person, for the dashboard: the secretariat's applications and
endorsements to moderate, the officers' statements to approve, the chair's assemblies in
session, the election committee's nominations to answer and results to certify. Each entry
links to the page where the work is done. Counts and titles only: no applicant's or voter's
name. The portal sits above every app, so it may read them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alyansa.accounts.permissions import has_role, is_secretariat, scopes_of
from alyansa.accounts.roles import Role
from alyansa.assemblies.models import Assembly
from alyansa.members.selectors import review_queue
from alyansa.statements.models import Endorsement, Statement, StatementTranslation
from alyansa.voting.models import Election, Poll

#: At most this many entries of one kind are listed; the rest are behind the list's link.
SHOWN = 10


@dataclass(frozen=True)
class Work:
    text: str
    url: str


@dataclass
class Desk:
    """One role's heading and what waits there."""

    title: str
    items: list[Work] = field(default_factory=list)


def worklist_for(user: Any) -> list[Desk]:
    """The desks of the roles the user holds, each with what waits for them (a desk with
    nothing waiting is left out)."""
    desks: list[Desk] = []
    if is_secretariat(user):
        desks.append(_secretariat())
    if has_role(user, Role.OFFICER):
        desks.append(_officers())
    if has_role(user, Role.OFFICER) or is_secretariat(user):
        desks.append(_chair())
    desks.append(_committee(user))
    return [desk for desk in desks if desk.items]


def _secretariat() -> Desk:

    desk = Desk(_("Secretariat"))
    applications = review_queue().count()
    if applications:
        desk.items.append(
            Work(
                ngettext(
                    "%(count)d membership application to decide",
                    "%(count)d membership applications to decide",
                    applications,
                )
                % {"count": applications},
                reverse("members:review_queue"),
            )
        )
    endorsements = Endorsement.objects.filter(status=Endorsement.Status.CONFIRMED).count()
    if endorsements:
        desk.items.append(
            Work(
                ngettext(
                    "%(count)d endorsement to moderate",
                    "%(count)d endorsements to moderate",
                    endorsements,
                )
                % {"count": endorsements},
                reverse("statements:moderation"),
            )
        )
    approved = Statement.objects.filter(status=Statement.Status.APPROVED).count()
    if approved:
        desk.items.append(
            Work(
                ngettext(
                    "%(count)d approved statement to publish",
                    "%(count)d approved statements to publish",
                    approved,
                )
                % {"count": approved},
                reverse("statements:manage"),
            )
        )
    return desk


def _officers() -> Desk:

    desk = Desk(_("Officers"))
    waiting = list(
        Statement.objects.filter(status=Statement.Status.IN_REVIEW).order_by("pk")[: SHOWN + 1]
    )
    titles = {
        row.statement_id: row.title
        for row in StatementTranslation.objects.filter(
            statement__in=waiting[:SHOWN]
        ).select_related("statement")
        if row.language == row.statement.source_language
    }
    for statement in waiting[:SHOWN]:
        desk.items.append(
            Work(
                _("Approve or send back: %(title)s")
                % {"title": titles.get(statement.pk, statement.slug)},
                reverse("statements:workflow", args=[statement.slug]),
            )
        )
    if len(waiting) > SHOWN:
        desk.items.append(Work(_("More statements in review"), reverse("statements:manage")))
    return desk


def _chair() -> Desk:

    desk = Desk(_("Chair"))
    for assembly in Assembly.objects.filter(status=Assembly.Status.IN_SESSION).order_by(
        "starts_at"
    )[:SHOWN]:
        desk.items.append(
            Work(
                _("%(assembly)s is in session: the chair's console") % {"assembly": assembly},
                reverse("assemblies:console", args=[assembly.slug]),
            )
        )
        desk.items.append(
            Work(
                _("%(assembly)s: the polls") % {"assembly": assembly},
                reverse("voting:console", args=[assembly.slug]),
            )
        )
    return desk


def _committee(user: Any) -> Desk:

    desk = Desk(_("Election committee"))
    prefix = "voting.election:"
    ids = [
        int(scope.removeprefix(prefix))
        for scope in scopes_of(user, Role.ELECTION_COMMITTEE)
        if scope.startswith(prefix) and scope.removeprefix(prefix).isdigit()
    ]
    if is_secretariat(user):
        elections = Election.objects.exclude(status=Election.Status.CERTIFIED)
    else:
        elections = Election.objects.filter(pk__in=ids).exclude(status=Election.Status.CERTIFIED)
    rows = elections.annotate(
        unanswered=Count(
            "nominations",
            filter=Q(nominations__accepted_at__isnull=True, nominations__declined_at__isnull=True),
        ),
        closed=Count("polls", filter=Q(polls__status=Poll.Status.CLOSED)),
    ).order_by("pk")[:SHOWN]
    for election in rows:
        if election.status == Election.Status.NOMINATING and election.unanswered:
            desk.items.append(
                Work(
                    ngettext(
                        "%(election)s: %(count)d nomination awaits the candidate's answer",
                        "%(election)s: %(count)d nominations await the candidates' answers",
                        election.unanswered,
                    )
                    % {"election": election.title, "count": election.unanswered},
                    reverse("voting:nominations", args=[election.pk]),
                )
            )
        if election.status == Election.Status.VOTING and election.closed:
            desk.items.append(
                Work(
                    _("%(election)s: the result to certify") % {"election": election.title},
                    reverse("voting:election", args=[election.pk]),
                )
            )
    return desk
