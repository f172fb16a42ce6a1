"""Seats of a body and the rule each keeps (docs/rules/seats.md): how many hold it at once,
which region or category it goes to.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.core.languages import per_language
from alyansa.core.text import single_line
from alyansa.governance.audit_actions import AuditAction
from alyansa.governance.models import Body, Mandate, Seat
from alyansa.governance.services.common import GovernanceRuleError, save_changes
from alyansa.members.models import (
    Region,
)


@transaction.atomic
def seat_create(
    *,
    body: Body,
    name: str,
    kind: Seat.Kind | str,
    chosen_by: Seat.ChosenBy | str,
    acting_user: User | None,
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
        action=AuditAction.SEAT_CREATE,
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
    acting_user: User | None,
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
    return save_changes(
        seat,
        acting_user=acting_user,
        action=AuditAction.SEAT_UPDATE,
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
def seat_remove(*, seat: Seat, acting_user: User | None) -> None:
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
        action=AuditAction.SEAT_REMOVE,
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
    acting_user: User | None,
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
