"""Reads of governing bodies. All of it is public: who holds which seat is a public record
(the name on the record, never a contact)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from alyansa.governance.models import Body, ConstitutionVersion, Mandate, Seat, Term


@dataclass
class SeatLine:
    seat: Seat
    holders: list[Mandate] = field(default_factory=list)
    alternates: list[Mandate] = field(default_factory=list)

    @property
    def vacant(self) -> int:
        return max(self.seat.holders - len(self.holders), 0)


def bodies() -> QuerySet[Body]:
    return Body.objects.select_related("elected_by").order_by("position", "name")


def body_get(slug: str) -> Body:
    body = bodies().filter(slug=slug).first()
    if body is None:
        raise Http404
    return body


def seat_rules(body: Body) -> QuerySet[Seat]:
    """The body's seat rules in order, each with `in_use` (whether it has had a mandate or an
    election), in one query."""
    return body.seats.with_use().select_related("region").order_by("position", "id")


def seat_get(body: Body, seat_id: int) -> Seat:
    seat = Seat.objects.select_related("body", "region").filter(body=body, pk=seat_id).first()
    if seat is None:
        raise Http404
    return seat


def composition(body: Body, day: datetime.date) -> list[SeatLine]:
    """The body's seats and who held each on `day` (two queries, whatever the size)."""
    lines = {seat.pk: SeatLine(seat) for seat in body.seats.select_related("region")}
    mandates = (
        Mandate.objects.on(day)
        .filter(seat__body=body)
        .select_related("organization")
        .order_by("alternate_rank", "starts_on", "id")
    )
    for mandate in mandates:
        line = lines[mandate.seat_id]
        (line.alternates if mandate.is_alternate else line.holders).append(mandate)
    return list(lines.values())


def compositions(day: datetime.date) -> list[tuple[Body, list[SeatLine]]]:
    """Every body's composition on `day`, in three queries."""
    all_bodies = list(
        bodies().prefetch_related(Prefetch("seats", queryset=Seat.objects.select_related("region")))
    )
    lines: dict[int, SeatLine] = {}
    for body in all_bodies:
        for seat in body.seats.all():
            lines[seat.pk] = SeatLine(seat)
    for mandate in (
        Mandate.objects.on(day)
        .select_related("organization")
        .order_by("alternate_rank", "starts_on", "id")
    ):
        line = lines.get(mandate.seat_id)
        if line is not None:
            (line.alternates if mandate.is_alternate else line.holders).append(mandate)
    return [(body, [lines[seat.pk] for seat in body.seats.all()]) for body in all_bodies]


def terms_of(body: Body) -> QuerySet[Term]:
    return Term.objects.filter(body=body).order_by("-starts_on")


def constitution_versions() -> QuerySet[ConstitutionVersion]:
    return ConstitutionVersion.objects.defer("text").order_by("-number")


def constitution_version(number: int | None = None) -> ConstitutionVersion:
    versions = ConstitutionVersion.objects.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise Http404
    return version
