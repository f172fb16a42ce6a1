"""This app's part of the demo alliance (called by alyansa/portal/demo.py, in order).

The General Assembly, the International Coordinating Body (a seat per region, one for the
associate members, four at large with two alternates) and the Executive Committee with its five
offices; the 2019 and 2023 terms with who held which seat; three versions of the constitution.
"""

from __future__ import annotations

import datetime
import random

from alyansa.governance.models import Body, Seat
from alyansa.governance.services import (
    body_create,
    constitution_amend,
    mandate_assign,
    seats_configure_standard,
    term_open,
)
from alyansa.members.models import MembershipCategory, Organization, Person

TERMS = [
    (datetime.date(2019, 9, 21), "2019-2023", "2nd General Assembly (2019)"),
    (datetime.date(2023, 8, 26), "2023-", "3rd General Assembly (2023)"),
]

CONSTITUTION = """Article 1. Name. The alliance is an international alliance of grassroots
organizations of migrants, refugees and their families.

Article 2. Members. Member organizations are admitted by the General Assembly or, between
assemblies, by the International Coordinating Body. Full members vote; associate members
(support institutions) have their own caucus and seat.

Article 3. The General Assembly is the highest body. It meets every three or four years.

Article 4. The International Coordinating Body leads the alliance between assemblies. Each
region's caucus chooses one seat; the associate members' caucus chooses one; the assembly elects
the at-large seats. The next-ranked candidates are alternates.

Article 5. The Executive Committee: the Coordinating Body elects, from among its members, the
Chairperson, Vice Chairperson, Secretary General, Deputy Secretary General and Treasurer.
"""


def _representative(organization: Organization, rng: random.Random) -> Person:
    person = organization.people.filter(erased_at__isnull=True).order_by("pk").first()
    assert person is not None
    return person


def _take(candidates: list[Organization], chosen: set[int]) -> Organization | None:
    """The first candidate that holds no seat yet (one seat per organization)."""
    for organization in candidates:
        if organization.pk not in chosen and organization.membership.is_member:
            chosen.add(organization.pk)
            return organization
    return None


def load(rng: random.Random) -> list[str]:
    assembly = body_create(
        name="General Assembly",
        names={
            "es": "Asamblea General",
            "fr": "Assemblée générale",
            "id": "Majelis Umum",
            "tl": "Pangkalahatang Asembleya",
            "ar": "الجمعية العامة",
        },
        kind=Body.Kind.ASSEMBLY,
        position=0,
        description={"en": "All member organizations; the highest body."},
        acting_user=None,
    )
    icb = body_create(
        name="International Coordinating Body",
        names={
            "es": "Órgano Coordinador Internacional",
            "fr": "Organe de coordination international",
            "id": "Badan Koordinasi Internasional",
            "tl": "Pandaigdigang Lupong Tagapag-ugnay",
            "ar": "هيئة التنسيق الدولية",
        },
        kind=Body.Kind.COORDINATING,
        position=1,
        acting_user=None,
        description={"en": "Leads the alliance between assemblies."},
    )
    executive = body_create(
        name="Executive Committee",
        names={
            "es": "Comité Ejecutivo",
            "fr": "Comité exécutif",
            "id": "Komite Eksekutif",
            "tl": "Komiteng Tagapagpaganap",
            "ar": "اللجنة التنفيذية",
        },
        kind=Body.Kind.EXECUTIVE,
        position=2,
        elected_by=icb,
        acting_user=None,
        description={
            "en": "The officers, elected by the coordinating body from among its members."
        },
    )
    seats_configure_standard(
        coordinating_body=icb,
        executive_committee=executive,
        at_large=4,
        alternates=2,
        acting_user=None,
    )
    members = list(
        Organization.objects.current_members().select_related("membership").order_by("pk")
    )
    for starts_on, label, opened_by in TERMS:
        term_open(
            body=assembly, label=label, starts_on=starts_on, opened_by=opened_by, acting_user=None
        )
        icb_term = term_open(
            body=icb, label=label, starts_on=starts_on, opened_by=opened_by, acting_user=None
        )
        ec_term = term_open(
            body=executive, label=label, starts_on=starts_on, opened_by=opened_by, acting_user=None
        )
        # Members on that day (the history decides), so the 2019 seats go to 2019's members.
        eligible = [
            o
            for o in Organization.objects.members_on(starts_on).select_related("membership")
            if o.membership.category == MembershipCategory.FULL
        ]
        rng.shuffle(eligible)
        chosen: set[int] = set()
        seated: list[Person] = []

        for seat in icb.seats.order_by("position"):
            if seat.kind == Seat.Kind.REGIONAL:
                pool = [o for o in eligible if o.region_id == seat.region_id]
            elif seat.kind == Seat.Kind.ASSOCIATE:
                pool = [o for o in members if o.membership.category == "associate"]
            else:
                pool = eligible
            for _place in range(seat.holders):
                organization = _take(pool, chosen)
                if organization is None:
                    continue
                person = _representative(organization, rng)
                mandate_assign(
                    term=icb_term,
                    seat=seat,
                    person=person,
                    organization=organization,
                    acting_user=None,
                )
                seated.append(person)
            for rank in range(1, seat.alternates + 1):
                organization = _take(pool, chosen)
                if organization is not None:
                    mandate_assign(
                        term=icb_term,
                        seat=seat,
                        person=_representative(organization, rng),
                        organization=organization,
                        alternate_rank=rank,
                        acting_user=None,
                    )
        for seat, person in zip(executive.seats.order_by("position"), seated, strict=False):
            mandate_assign(term=ec_term, seat=seat, person=person, acting_user=None)

    constitution_amend(
        title="Constitution",
        text=CONSTITUTION,
        adopted_on=datetime.date(2016, 6, 15),
        ratified_by="Founding General Assembly (2016)",
        acting_user=None,
    )
    constitution_amend(
        title="Constitution",
        text=CONSTITUTION.replace("every three or four years", "every three years"),
        adopted_on=datetime.date(2019, 9, 20),
        ratified_by="2nd General Assembly (2019)",
        summary="Article 3: the assembly meets every three years.",
        acting_user=None,
    )
    constitution_amend(
        title="Constitution",
        text=CONSTITUTION.replace("every three or four years", "every three or four years")
        + "\nArticle 6. Chapters. Members in one country or region may form a chapter that "
        "acts and publishes in its own name.\n",
        adopted_on=datetime.date(2023, 8, 25),
        ratified_by="3rd General Assembly (2023)",
        summary="Article 6 on chapters; Article 3 restored.",
        acting_user=None,
    )
    return []
