"""Plain factory functions for tests of governing bodies."""

from __future__ import annotations

import datetime

from alyansa.governance.models import Body, ConstitutionVersion, Seat, Term
from alyansa.governance.services import (
    body_create,
    constitution_amend,
    seat_create,
    term_open,
)
from alyansa.members.models import Region


def make_body(
    name: str = "International Coordinating Body",
    *,
    kind: str = Body.Kind.COORDINATING,
    elected_by: Body | None = None,
) -> Body:
    return body_create(name=name, kind=kind, elected_by=elected_by, acting_user=None)


def make_seat(
    body: Body,
    name: str = "At large",
    *,
    kind: str = Seat.Kind.AT_LARGE,
    region: Region | None = None,
    holders: int = 1,
    alternates: int = 0,
    eligible: str = Seat.Eligible.ANY,
    chosen_by: str = Seat.ChosenBy.ASSEMBLY,
) -> Seat:
    return seat_create(
        body=body,
        name=name,
        kind=kind,
        region=region,
        holders=holders,
        alternates=alternates,
        eligible=eligible,
        chosen_by=chosen_by,
        acting_user=None,
    )


def make_term(
    body: Body, starts_on: datetime.date = datetime.date(2023, 6, 1), label: str = ""
) -> Term:
    return term_open(
        body=body,
        label=label or f"{starts_on.year}-",
        starts_on=starts_on,
        opened_by=f"General Assembly {starts_on.year}",
        acting_user=None,
    )


def make_constitution(
    title: str = "Constitution",
    *,
    text: str = "Article 1. Name.",
    adopted_on: datetime.date = datetime.date(2019, 6, 1),
) -> ConstitutionVersion:
    return constitution_amend(
        title=title,
        text=text,
        adopted_on=adopted_on,
        ratified_by=f"General Assembly {adopted_on.year}",
        acting_user=None,
    )
