"""The communiqué and minutes of an assembly: a draft written from what was recorded, edited by
the secretariat, then handed to the statements workflow and printed as PDF."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem, Assembly, ItemKind, Outcome, Participant
from alyansa.audit.services import audit_record
from alyansa.core.pdf import markdown_pdf
from alyansa.members import public
from alyansa.members.selectors import member_counts
from alyansa.statements.services import statement_create, statement_submit
from alyansa.voting.audit_actions import Action
from alyansa.voting.models import Communique, Election, Poll
from alyansa.voting.selectors import public_result, public_verdict


def _names(items: Iterable[str]) -> str:
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _decisive_poll(item: AgendaItem) -> Poll | None:
    return item.polls.filter(status=Poll.Status.CLOSED).order_by("-pk").first()


def communique_text(assembly: Assembly) -> tuple[str, str]:
    """The draft's title and text (Markdown), from the record: participants and countries,
    admissions and the member total, decisions and how they were taken, elections."""
    participants = Participant.objects.active().filter(assembly=assembly)
    delegates = participants.filter(kind=Participant.Kind.DELEGATE)
    guests = participants.exclude(kind=Participant.Kind.DELEGATE)
    countries = set(
        delegates.exclude(organization__isnull=True).values_list(
            "organization__country_id", flat=True
        )
    ) | set(guests.exclude(country__isnull=True).values_list("country_id", flat=True))
    title = _("Communiqué of the %(assembly)s") % {"assembly": assembly.title}
    lines = [f"# {title}", ""]
    if assembly.theme:
        lines += [f"*{assembly.theme}*", ""]
    where = assembly.venue or _("online")
    lines.append(
        _(
            "The %(assembly)s met in %(venue)s from %(start)s to %(end)s with %(delegates)s "
            "and %(guests)s from %(countries)s."
        )
        % {
            "assembly": assembly.title,
            "venue": where,
            "start": assembly.local(assembly.starts_at).date().isoformat(),  # type: ignore[union-attr]
            "end": assembly.local(assembly.ends_at).date().isoformat(),  # type: ignore[union-attr]
            "delegates": ngettext("%(n)d delegate", "%(n)d delegates", delegates.count())
            % {"n": delegates.count()},
            "guests": ngettext(
                "%(n)d guest or observer", "%(n)d guests and observers", guests.count()
            )
            % {"n": guests.count()},
            "countries": ngettext("%(n)d country", "%(n)d countries", len(countries))
            % {"n": len(countries)},
        }
    )
    lines.append("")
    items = list(assembly.items.select_related("organization").order_by("position"))
    # Through the public projection: an organization at risk (even one marked after its
    # admission) is counted among the admitted, never named.
    names = public.organizations(
        item.organization
        for item in items
        if item.kind == ItemKind.ADMISSION
        and item.outcome == Outcome.APPROVED
        and item.organization is not None
    )
    admitted = [n.name for n in names] + ([names.unnamed_label] if names.unnamed else [])
    if admitted:
        total = member_counts(assembly.today()).total
        lines += [
            "## " + _("New members"),
            "",
            ngettext(
                "The assembly admitted %(n)d organization: %(names)s.",
                "The assembly admitted %(n)d organizations: %(names)s.",
                names.total,
            )
            % {"n": names.total, "names": _names(admitted)},
            ngettext(
                "The alliance now has %(total)d member.",
                "The alliance now has %(total)d members.",
                total,
            )
            % {"total": total},
            "",
        ]
    decided = [
        item
        for item in items
        if item.outcome and item.kind not in {ItemKind.ADMISSION, ItemKind.ELECTION}
    ]
    if decided:
        lines += ["## " + _("Decisions"), ""]
        for item in decided:
            poll = _decisive_poll(item)
            how = public_verdict(poll) if poll is not None else _("by consensus")
            outcome = Outcome(item.outcome).label
            line = f"- **{item.local_title}**: {outcome}. {how}"
            if item.additions:
                line += " " + _("Additions: %(additions)s") % {"additions": item.additions}
            lines.append(line)
        lines.append("")
    elections = list(
        Election.objects.filter(assembly=assembly, status=Election.Status.CERTIFIED)
        .select_related("seat__body")
        .order_by("pk")
    )
    if elections:
        lines += ["## " + _("Elections"), ""]
        for election in elections:
            poll = election.polls.filter(status=Poll.Status.CLOSED).order_by("-pk").first()
            if poll is None:
                continue
            result = public_result(poll)
            elected = list(result.get("elected", []))
            alternates = list(result.get("alternates", []))[: election.seat.alternates]
            line = f"- **{election.seat.display_name}** ({election.seat.body.display_name}): "
            line += _names(elected)
            if alternates:
                line += "; " + _("alternates, in order: %(names)s") % {
                    "names": ", ".join(alternates)
                }
            lines.append(line + ".")
        lines.append("")
    return title, "\n".join(lines).strip() + "\n"


@transaction.atomic
def communique_generate(*, assembly: Assembly, acting_user: User | None) -> Communique:
    """Write (or write again) the draft from the record."""
    title, text = communique_text(assembly)
    draft, created = Communique.objects.update_or_create(
        assembly=assembly,
        defaults={"title": title, "text": text, "generated_at": timezone.now(), "edited_at": None},
    )
    audit_record(
        actor=acting_user,
        action=Action.COMMUNIQUE_GENERATE,
        obj=draft,
        changes={"created": created},
    )
    return draft


@transaction.atomic
def communique_update(
    *, communique: Communique, title: str, text: str, acting_user: User
) -> Communique:
    communique.title = title.strip() or communique.title
    communique.text = text
    communique.edited_at = timezone.now()
    communique.save(update_fields=["title", "text", "edited_at"])
    audit_record(actor=acting_user, action=Action.COMMUNIQUE_UPDATE, obj=communique, changes={})
    return communique


@transaction.atomic
def communique_publish(*, communique: Communique, acting_user: User) -> Communique:
    """Hand the communiqué to the statements workflow: a statement of the alliance, submitted
    for review (an officer approves it and it is published there, as every statement is)."""
    assembly = communique.assembly
    statement = statement_create(
        acting_user=acting_user,
        slug=slugify(f"{assembly.slug}-communique")[:100],
        source_language="en",
        title=communique.title,
        issued_on=assembly.today(),
        body=communique.text,
        place=assembly.venue,
    )
    statement_submit(statement=statement, acting_user=acting_user)
    communique.statement = statement
    communique.save(update_fields=["statement"])
    audit_record(
        actor=acting_user,
        action=Action.COMMUNIQUE_PUBLISH,
        obj=communique,
        changes={"statement": statement.pk},
    )
    return communique


def communique_pdf(communique: Communique) -> bytes:
    """The communiqué as a PDF, laid out for the reader's language (right to left in Arabic)."""
    return markdown_pdf(communique.text, title=communique.title, language=get_language())
