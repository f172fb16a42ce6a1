"""Every change to governing bodies, seats, terms, mandates and the constitution.

Each is one transaction with one audit row. The rules they keep (docs/rules/seats.md): a seat
never has more holders or alternates at once than its rule allows; a regional seat goes to an
organization of that region; the associate members' seat to an associate member; an office to
someone who sits in the electing body on that day; terms of one body do not overlap.
"""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alyansa.accounts.roles import scope_key
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.errors import RuleError
from alyansa.core.languages import per_language
from alyansa.core.text import single_line
from alyansa.governance.models import Body, ConstitutionVersion, Mandate, Seat, Term
from alyansa.members.models import (
    MembershipCategory,
    Organization,
    Person,
    Region,
)


class GovernanceRuleError(RuleError):
    """A change the statutes (as configured in seats and terms) do not allow."""


def _decider(decided_by: models.Model | str | None) -> tuple[str, str]:
    if decided_by is None:
        return "", ""
    if isinstance(decided_by, str):
        return decided_by.strip()[:200], ""
    return str(decided_by)[:200], scope_key(decided_by)


# Addresses under /bodies/ that pages use: a body is never given one of them.
RESERVED_SLUGS = frozenset({"constitution", "new"})


Changed = TypeVar("Changed", Body, Seat)


def _save_changes(obj: Changed, *, acting_user: Any, action: str, **values: Any) -> Changed:
    """Set `values` on `obj`, then save and audit the fields that changed (nothing at all when
    none did: saving the same form twice writes nothing)."""
    before = {field: getattr(obj, field) for field in values}
    for field, value in values.items():
        setattr(obj, field, value)
    changes = model_changes(obj, before, list(values))
    if changes:
        obj.save(update_fields=list(changes))
        audit_record(actor=acting_user, action=action, obj=obj, changes=changes)
    return obj


@transaction.atomic
def body_create(
    *,
    name: str,
    kind: Body.Kind | str,
    acting_user: Any,
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
        action="body.create",
        obj=body,
        changes={"kind": str(kind), "elected_by": str(elected_by or "")},
    )
    return body


@transaction.atomic
def body_update(
    *,
    body: Body,
    acting_user: Any,
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
    return _save_changes(
        body,
        acting_user=acting_user,
        action="body.update",
        name=name,
        names=per_language(names, max_length=200, default=name),
        kind=kind,
        elected_by=elected_by,
        description=per_language(description, max_length=1000, one_line=False),
    )


@transaction.atomic
def seat_create(
    *,
    body: Body,
    name: str,
    kind: Seat.Kind | str,
    chosen_by: Seat.ChosenBy | str,
    acting_user: Any,
    region: Region | None = None,
    holders: int = 1,
    alternates: int = 0,
    eligible: Seat.Eligible | str = Seat.Eligible.ANY,
    position: int | None = None,
    names: dict[str, str] | None = None,
) -> Seat:
    """One rule of a body's composition (see docs/rules/seats.md)."""
    name = single_line(name)[:200]
    _check_seat_rule(body, name, kind, region, holders, alternates, eligible)
    if position is None:
        position = (body.seats.aggregate(top=Max("position"))["top"] or 0) + 1
    seat = Seat.objects.create(
        body=body,
        name=name,
        kind=kind,
        chosen_by=chosen_by,
        region=region,
        holders=holders,
        alternates=alternates,
        eligible=eligible,
        position=position,
        names=per_language(names, max_length=200, default=name),
    )
    audit_record(
        actor=acting_user,
        action="seat.create",
        obj=seat,
        changes={
            "body": str(body),
            "kind": str(kind),
            "holders": holders,
            "alternates": alternates,
            "chosen_by": str(chosen_by),
        },
    )
    return seat


def _check_seat_rule(
    body: Body,
    name: str,
    kind: Seat.Kind | str,
    region: Region | None,
    holders: int,
    alternates: int,
    eligible: Seat.Eligible | str,
) -> None:
    """What every seat rule needs, whether new or changed."""
    if not name:
        raise GovernanceRuleError(_("A seat needs a name."))
    if Seat.Kind(kind) == Seat.Kind.REGIONAL and region is None:
        raise GovernanceRuleError(_("A regional seat needs its region."))
    if Seat.Eligible(eligible) == Seat.Eligible.REGION and region is None:
        raise GovernanceRuleError(_("A seat for the members of a region needs its region."))
    if Seat.Eligible(eligible) == Seat.Eligible.BODY_MEMBERS and body.elected_by_id is None:
        raise GovernanceRuleError(
            _("A seat for members of the electing body needs a body that names its electing body.")
        )
    if holders < 1:
        raise GovernanceRuleError(_("A seat has at least one holder."))
    if alternates < 0:
        raise GovernanceRuleError(_("The number of alternates cannot be negative."))


def _most_at_once(mandates: list[Mandate], day: datetime.date) -> int:
    """The most of these mandates that run at once on `day` or later. The count only rises
    where a mandate starts, so those days (and `day`) are the ones to look at."""
    days = {day} | {m.starts_on for m in mandates if m.starts_on > day}
    return max(
        sum(1 for m in mandates if m.starts_on <= when and (m.ends_on is None or m.ends_on >= when))
        for when in days
    )


@transaction.atomic
def seat_update(
    *,
    seat: Seat,
    acting_user: Any,
    name: str,
    kind: Seat.Kind | str,
    chosen_by: Seat.ChosenBy | str,
    region: Region | None = None,
    holders: int = 1,
    alternates: int = 0,
    eligible: Seat.Eligible | str = Seat.Eligible.ANY,
    names: dict[str, str] | None = None,
) -> Seat:
    """Change a seat rule without breaking the record it keeps: a seat that has had a mandate
    or an election keeps its kind and region (they say what was held and contested; a new
    seat is added instead), and a seat never gets fewer holders than hold it now or from a
    later date, nor fewer alternates than the highest rank taken."""
    seat = (
        Seat.objects.select_for_update(of=("self",))
        .with_use()
        .select_related("body")
        .get(pk=seat.pk)
    )
    name = single_line(name)[:200]
    _check_seat_rule(seat.body, name, kind, region, holders, alternates, eligible)
    in_use = seat.in_use  # type: ignore[attr-defined]  # annotated by with_use()
    if in_use and (Seat.Kind(kind) != seat.kind or region != seat.region):
        raise GovernanceRuleError(
            _(
                "This seat has had mandates or elections, so its kind and region stay as they "
                "are: add a new seat instead."
            )
        )
    today = timezone.localdate()
    running = list(
        Mandate.objects.filter(seat=seat).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )
    held = _most_at_once([m for m in running if not m.is_alternate], today)
    if holders < held:
        raise GovernanceRuleError(
            ngettext(
                "%(count)d person holds this seat now or from a later date: it cannot have "
                "fewer holders.",
                "%(count)d people hold this seat now or from a later date: it cannot have "
                "fewer holders.",
                held,
            )
            % {"count": held}
        )
    ranks = [m.alternate_rank for m in running if m.alternate_rank is not None]
    if ranks and alternates < max(ranks):
        raise GovernanceRuleError(
            _(
                "Alternate rank %(rank)d is taken now or from a later date: the seat keeps at "
                "least that many alternates."
            )
            % {"rank": max(ranks)}
        )
    return _save_changes(
        seat,
        acting_user=acting_user,
        action="seat.update",
        name=name,
        names=per_language(names, max_length=200, default=name),
        kind=kind,
        region=region,
        holders=holders,
        alternates=alternates,
        chosen_by=chosen_by,
        eligible=eligible,
    )


@transaction.atomic
def seat_remove(*, seat: Seat, acting_user: Any) -> None:
    """Remove a seat rule added by mistake. A seat that has had a mandate or an election stays:
    it is part of the record of who held and who contested what."""
    seat = (
        Seat.objects.select_for_update(of=("self",))
        .with_use()
        .select_related("body")
        .get(pk=seat.pk)
    )
    if seat.in_use:  # type: ignore[attr-defined]  # annotated by with_use()
        raise GovernanceRuleError(
            _("This seat has had mandates or elections: it stays on the record.")
        )
    audit_record(
        actor=acting_user,
        action="seat.remove",
        obj=seat,
        changes={"body": str(seat.body), "kind": seat.kind},
    )
    seat.delete()


OFFICES: list[tuple[str, dict[str, str]]] = [
    # The default offices of the executive committee; other statutes add or rename rows.
    (
        "Chairperson",
        {
            "es": "Presidencia",
            "fr": "Présidence",
            "id": "Ketua",
            "tl": "Tagapangulo",
            "ar": "الرئاسة",
        },
    ),
    (
        "Vice Chairperson",
        {
            "es": "Vicepresidencia",
            "fr": "Vice-présidence",
            "id": "Wakil Ketua",
            "tl": "Pangalawang Tagapangulo",
            "ar": "نائب الرئيس",
        },
    ),
    (
        "Secretary General",
        {
            "es": "Secretaría General",
            "fr": "Secrétariat général",
            "id": "Sekretaris Jenderal",
            "tl": "Pangkalahatang Kalihim",
            "ar": "الأمين العام",
        },
    ),
    (
        "Deputy Secretary General",
        {
            "es": "Secretaría General Adjunta",
            "fr": "Secrétariat général adjoint",
            "id": "Wakil Sekretaris Jenderal",
            "tl": "Pangalawang Pangkalahatang Kalihim",
            "ar": "نائب الأمين العام",
        },
    ),
    (
        "Treasurer",
        {
            "es": "Tesorería",
            "fr": "Trésorerie",
            "id": "Bendahara",
            "tl": "Ingat-yaman",
            "ar": "أمين الصندوق",
        },
    ),
]
ASSOCIATE_NAMES = {
    "es": "Miembros asociados",
    "fr": "Membres associés",
    "id": "Anggota asosiasi",
    "tl": "Mga kasaping kaugnay",
    "ar": "الأعضاء المنتسبون",
}
AT_LARGE_NAMES = {
    "es": "Puestos generales",
    "fr": "Sièges généraux",
    "id": "Kursi umum",
    "tl": "Pangkalahatang puwesto",
    "ar": "المقاعد العامة",
}


@transaction.atomic
def seats_configure_standard(
    *,
    coordinating_body: Body,
    executive_committee: Body,
    at_large: int,
    alternates: int,
    acting_user: Any,
) -> list[Seat]:
    """Write the common statutes as seat rows: one seat per region (its caucus chooses), one for
    the associate members' caucus, `at_large` seats elected by the assembly with `alternates`
    next-ranked alternates, and the five offices elected by the coordinating body from among
    its members. A convenience: the rows can be edited afterwards like any others."""
    seats = []
    for region in Region.objects.order_by("position", "name"):
        seats.append(
            seat_create(
                body=coordinating_body,
                name=str(region.name),
                names=dict(region.names),
                kind=Seat.Kind.REGIONAL,
                region=region,
                chosen_by=Seat.ChosenBy.REGION_CAUCUS,
                eligible=Seat.Eligible.REGION,
                alternates=1,
                acting_user=acting_user,
            )
        )
    seats.append(
        seat_create(
            body=coordinating_body,
            name="Associate members",
            names=ASSOCIATE_NAMES,
            kind=Seat.Kind.ASSOCIATE,
            chosen_by=Seat.ChosenBy.ASSOCIATE_CAUCUS,
            eligible=Seat.Eligible.ASSOCIATE,
            alternates=1,
            acting_user=acting_user,
        )
    )
    if at_large:
        seats.append(
            seat_create(
                body=coordinating_body,
                name="At large",
                names=AT_LARGE_NAMES,
                kind=Seat.Kind.AT_LARGE,
                holders=at_large,
                alternates=alternates,
                chosen_by=Seat.ChosenBy.ASSEMBLY,
                eligible=Seat.Eligible.FULL,
                acting_user=acting_user,
            )
        )
    for name, office_names in OFFICES:
        seats.append(
            seat_create(
                body=executive_committee,
                name=name,
                names=office_names,
                kind=Seat.Kind.OFFICE,
                chosen_by=Seat.ChosenBy.ELECTING_BODY,
                eligible=Seat.Eligible.BODY_MEMBERS,
                acting_user=acting_user,
            )
        )
    return seats


@transaction.atomic
def term_open(
    *,
    body: Body,
    label: str,
    starts_on: datetime.date,
    acting_user: Any,
    opened_by: models.Model | str | None = None,
) -> Term:
    """Open a body's new term. The running term (and its open mandates) ends the day before:
    terms run from one assembly to the next."""
    if Term.objects.filter(body=body, starts_on__gte=starts_on).exists():
        raise GovernanceRuleError(_("A term of this body already starts on or after that date."))
    day_before = starts_on - datetime.timedelta(days=1)
    running = Term.objects.select_for_update().filter(body=body, ends_on__isnull=True).first()
    if running is not None:
        running.ends_on = day_before
        running.save(update_fields=["ends_on"])
        Mandate.objects.filter(term=running, ends_on__isnull=True).update(
            ends_on=day_before, end_reason=_("End of term")
        )
    name, ref = _decider(opened_by)
    term = Term.objects.create(
        body=body,
        label=single_line(label),
        starts_on=starts_on,
        opened_by_name=name,
        opened_by_ref=ref,
    )
    audit_record(
        actor=acting_user,
        action="term.open",
        obj=term,
        changes={
            "starts_on": starts_on.isoformat(),
            "opened_by": name,
            "closed": running.label if running else None,
        },
    )
    return term


def _check_eligible(
    seat: Seat, organization: Organization | None, person: Person | None, day: datetime.date
) -> None:
    eligible = Seat.Eligible(seat.eligible)
    if eligible == Seat.Eligible.BODY_MEMBERS:
        electing = seat.body.elected_by
        if electing is None:
            raise GovernanceRuleError(_("This body names no electing body."))
        if (
            person is None
            or not Mandate.objects.on(day)
            .filter(seat__body=electing, person=person, alternate_rank__isnull=True)
            .exists()
        ):
            raise GovernanceRuleError(
                _("An office goes to someone who sits in %(body)s.") % {"body": electing}
            )
        return
    if eligible == Seat.Eligible.ANY:
        return
    if organization is None:
        raise GovernanceRuleError(_("Say which member organization the holder represents."))
    membership = getattr(organization, "membership", None)
    if membership is None or not membership.is_member:
        raise GovernanceRuleError(_("%(org)s is not a member.") % {"org": organization})
    if eligible == Seat.Eligible.ASSOCIATE and membership.category != MembershipCategory.ASSOCIATE:
        raise GovernanceRuleError(_("This seat goes to an associate member."))
    if eligible in (Seat.Eligible.FULL, Seat.Eligible.REGION) and (
        membership.category != MembershipCategory.FULL
    ):
        raise GovernanceRuleError(_("This seat goes to a full member."))
    if eligible == Seat.Eligible.REGION and organization.region_id != seat.region_id:
        raise GovernanceRuleError(
            _("This seat goes to a member of %(region)s.") % {"region": seat.region}
        )


@transaction.atomic
def mandate_assign(
    *,
    term: Term,
    seat: Seat,
    person: Person,
    acting_user: Any,
    organization: Organization | None = None,
    starts_on: datetime.date | None = None,
    alternate_rank: int | None = None,
) -> Mandate:
    """Record who holds a seat (or is its alternate of a rank) in a term, from a date. The name
    on the record is the person's name now: a published record of public office."""
    if seat.body_id != term.body_id:
        raise GovernanceRuleError(_("The seat is not one of this body's seats."))
    if person.erased_at is not None:
        raise GovernanceRuleError(_("This person's data was erased."))
    starts_on = starts_on or term.starts_on
    if starts_on < term.starts_on or (term.ends_on and starts_on > term.ends_on):
        raise GovernanceRuleError(_("The date is outside the term."))
    organization = organization or person.organization
    Seat.objects.select_for_update().filter(pk=seat.pk).first()  # one assignment at a time
    taken = Mandate.objects.on(starts_on).filter(term=term, seat=seat)
    if alternate_rank is None:
        if taken.filter(alternate_rank__isnull=True).count() >= seat.holders:
            raise GovernanceRuleError(_("Every place of this seat is taken on that date."))
        _check_eligible(seat, organization, person, starts_on)
    else:
        if not 1 <= alternate_rank <= seat.alternates:
            raise GovernanceRuleError(
                _("This seat has %(count)d alternates.") % {"count": seat.alternates}
            )
        if taken.filter(alternate_rank=alternate_rank).exists():
            raise GovernanceRuleError(_("That alternate rank is taken."))
        if Seat.Eligible(seat.eligible) != Seat.Eligible.BODY_MEMBERS:
            _check_eligible(seat, organization, person, starts_on)
    if taken.filter(person=person).exists():
        raise GovernanceRuleError(_("This person already sits on this seat."))
    mandate = Mandate.objects.create(
        term=term,
        seat=seat,
        person=person,
        organization=organization,
        public_name=person.display_name,
        alternate_rank=alternate_rank,
        starts_on=starts_on,
        ends_on=term.ends_on,
    )
    audit_record(
        actor=acting_user,
        action="mandate.assign",
        obj=mandate,
        changes={
            "seat": str(seat),
            "term": term.label,
            "from": starts_on.isoformat(),
            "alternate_rank": alternate_rank,
        },
    )
    return mandate


@transaction.atomic
def mandate_end(
    *, mandate: Mandate, ends_on: datetime.date, reason: str, acting_user: Any
) -> Mandate:
    """End a mandate early (resignation, death, the organization left). An alternate then gets
    their own mandate from the next day, through mandate_assign."""
    if ends_on < mandate.starts_on:
        raise GovernanceRuleError(_("A mandate cannot end before it starts."))
    if mandate.ends_on is not None and ends_on > mandate.ends_on:
        raise GovernanceRuleError(
            _("The mandate already ends on %(date)s.") % {"date": mandate.ends_on.isoformat()}
        )
    mandate.ends_on = ends_on
    mandate.end_reason = reason.strip()[:200]
    mandate.save(update_fields=["ends_on", "end_reason"])
    audit_record(
        actor=acting_user,
        action="mandate.end",
        obj=mandate,
        changes={"until": ends_on.isoformat(), "reason": mandate.end_reason},
    )
    return mandate


@transaction.atomic
def constitution_amend(
    *,
    title: str,
    text: str,
    adopted_on: datetime.date,
    ratified_by: models.Model | str,
    acting_user: Any,
    summary: str = "",
) -> ConstitutionVersion:
    """Add the constitution's next version, linked to the assembly that ratified it. Versions
    are never edited: a correction is a new version."""
    name, ref = _decider(ratified_by)
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
        action="constitution.amend",
        obj=version,
        changes={"number": version.number, "ratified_by": name},
    )
    return version
