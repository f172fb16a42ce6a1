"""This app's part of the demo alliance (called by alyansa/portal/demo.py, after the treasury).

Two years of engagements around today: Human Rights Council sessions in Geneva, the High-Level
Dialogue on International Migration in New York, a Global Forum on Migration and Development,
regional reviews in Bangkok, Nairobi and Mexico City, a meeting with a Special Rapporteur
(internal), one cancelled consultation; some upcoming. Past ones have their delegation (most
consenting to be named, one from an at-risk organization that the public never sees named),
the statements presented, interventions in several languages, an outcome report and follow-up
tasks (one late). The report on engagements since the last assembly is attached to the coming
assembly's "Report of the secretariat".
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from alyansa.accounts.demo import demo_email
from alyansa.accounts.models import User
from alyansa.assemblies.demo import UPCOMING_SLUG
from alyansa.assemblies.models import AgendaItem, ItemKind
from alyansa.engagements.models import Kind, Role
from alyansa.engagements.reporting import default_period
from alyansa.engagements.services import (
    EngagementFields,
    delegate_add,
    engagement_cancel,
    engagement_create,
    follow_up_add,
    follow_up_mark,
    intervention_add,
    outcome_report,
    report_attach,
)
from alyansa.governance.models import Body
from alyansa.members.models import Language, Person, Region
from alyansa.statements.models import Statement


@dataclass(frozen=True)
class Planned:
    days_from_today: int
    days: int
    title: str
    kind: str
    zone: str
    place: str
    organizer: str
    regions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    titles: tuple[tuple[str, str], ...] = ()
    public: bool = True
    cancelled: bool = False
    online: bool = False


GENEVA, NEW_YORK, BANGKOK = "Europe/Zurich", "America/New_York", "Asia/Bangkok"
PALAIS = "Palais des Nations, Geneva"

PLANNED = [
    Planned(
        -690,
        3,
        "Asia-Pacific Regional Review of the Global Compact for Migration",
        Kind.REGIONAL,
        BANGKOK,
        "UN Conference Centre, Bangkok",
        "UN ESCAP and IOM",
        regions=("asia-pacific", "south-asia"),
        languages=("en",),
    ),
    Planned(
        -610,
        5,
        "Human Rights Council, 58th session: side event on migrant domestic workers",
        Kind.UN_SESSION,
        GENEVA,
        PALAIS,
        "UN Human Rights Council",
        languages=("en", "fr", "es"),
        titles=(("fr", "Conseil des droits de l'homme, 58e session : événement parallèle"),),
    ),
    Planned(
        -520,
        3,
        "Africa Regional Consultation on labour migration",
        Kind.REGIONAL,
        "Africa/Nairobi",
        "UN Office at Nairobi",
        "African Union and ILO",
        regions=("africa",),
        languages=("en", "fr"),
    ),
    Planned(
        -470,
        2,
        "Meeting with the Special Rapporteur on the human rights of migrants",
        Kind.OFFICIALS,
        GENEVA,
        PALAIS,
        "OHCHR",
        public=False,
    ),
    Planned(
        -400,
        4,
        "Human Rights Council, 59th session",
        Kind.UN_SESSION,
        GENEVA,
        PALAIS,
        "UN Human Rights Council",
        languages=("en", "ar"),
    ),
    Planned(
        -330,
        3,
        "Global Forum on Migration and Development, Summit",
        Kind.INTERGOVERNMENTAL,
        GENEVA,
        "Centre International de Conférences Genève",
        "GFMD Chair",
        languages=("en", "fr", "es"),
        titles=(("es", "Foro Mundial sobre Migración y Desarrollo, Cumbre"),),
    ),
    Planned(
        -250,
        2,
        "Latin America consultation on migrants in transit",
        Kind.REGIONAL,
        "America/Mexico_City",
        "Mexico City",
        "ECLAC",
        regions=("latin-america",),
        languages=("es",),
        titles=(("es", "Consulta latinoamericana sobre personas migrantes en tránsito"),),
    ),
    Planned(
        -190,
        1,
        "Regional consultation of the Middle East (moved online, then cancelled)",
        Kind.REGIONAL,
        "Asia/Beirut",
        "",
        "ILO Regional Office for Arab States",
        regions=("middle-east",),
        languages=("ar", "en"),
        cancelled=True,
        online=True,
    ),
    Planned(
        -120,
        4,
        "International Migration Review Forum",
        Kind.UN_SESSION,
        NEW_YORK,
        "UN Headquarters, New York",
        "UN General Assembly",
        languages=("en", "es", "fr"),
    ),
    Planned(
        -45,
        2,
        "Conference on care work and migration",
        Kind.CONFERENCE,
        "Europe/Brussels",
        "Brussels",
        "European Trade Union Confederation",
        regions=("europe",),
    ),
    Planned(
        20,
        3,
        "Human Rights Council, upcoming session: panel on undocumented workers",
        Kind.UN_SESSION,
        GENEVA,
        PALAIS,
        "UN Human Rights Council",
        languages=("en", "fr", "es", "ar"),
    ),
    Planned(
        75,
        3,
        "High-Level Dialogue on International Migration and Development",
        Kind.UN_SESSION,
        NEW_YORK,
        "UN Headquarters, New York",
        "UN General Assembly",
        languages=("en", "es", "fr", "ar"),
    ),
    Planned(
        130,
        2,
        "Asia-Pacific civil society summit on migration",
        Kind.SUMMIT,
        BANGKOK,
        "Bangkok",
        "Regional civil society networks",
        regions=("asia-pacific",),
        languages=("en", "id", "tl"),
    ),
]

OUTCOME = (
    "The alliance's delegation spoke in the interactive dialogue and met three missions. The "
    "chair's summary calls on States to regularize undocumented workers and to end detention "
    "of children, in words close to our statement."
)
INTERVENTION = {
    "en": "Thank you, Chair. We speak for migrant workers' organizations from every region...",
    "es": "Gracias, presidente. Hablamos en nombre de organizaciones de trabajadores migrantes...",
    "fr": "Merci, Monsieur le Président. Nous parlons au nom d'organisations de migrants...",
}


def _start(plan: Planned, today: datetime.date) -> datetime.datetime:
    day = today + datetime.timedelta(days=plan.days_from_today)
    return datetime.datetime.combine(day, datetime.time(10, 0), zoneinfo.ZoneInfo(plan.zone))


def load(rng: random.Random) -> list[str]:
    secretariat = User.objects.get(email=demo_email("secretariat"))
    today = timezone.localdate()
    now = timezone.now()
    regions = {region.slug: region for region in Region.objects.all()}
    languages = {
        code: Language.objects.get_or_create(code=code)[0]
        for code in ("en", "es", "fr", "ar", "id", "tl")
    }
    coordinating = list(Body.objects.filter(kind=Body.Kind.COORDINATING)[:1])
    statements = list(Statement.objects.published().order_by("-issued_on")[:12])
    people = list(
        Person.objects.filter(erased_at__isnull=True, organization__at_risk=False)
        .select_related("organization")
        .order_by("id")[:40]
    )
    at_risk = Person.objects.filter(erased_at__isnull=True, organization__at_risk=True).first()
    for number, plan in enumerate(PLANNED):
        starts = _start(plan, today)
        engagement = engagement_create(
            data=EngagementFields(
                title=plan.title,
                kind=plan.kind,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(days=plan.days - 1, hours=8),
                time_zone=plan.zone,
                organizer=plan.organizer,
                place=plan.place,
                online=plan.online,
                description=f"{plan.organizer}. The alliance takes part with a delegation.",
                titles=dict(plan.titles),
                is_public=plan.public,
                languages=[languages[code] for code in plan.languages],
                regions=[regions[slug] for slug in plan.regions if slug in regions],
                bodies=coordinating,
                statements=[s for s in statements if s.issued_on <= starts.date()][:2],
            ),
            acting_user=secretariat,
        )
        if plan.cancelled:
            engagement_cancel(engagement=engagement, acting_user=secretariat)
            continue
        chosen = rng.sample(people, k=min(len(people), rng.randint(2, 4)))
        if at_risk is not None and number % 4 == 1:
            chosen.append(at_risk)
        members = [
            delegate_add(
                engagement=engagement,
                person=person,
                role=[Role.SPEAKER, Role.DELEGATE, Role.PANELIST, Role.OBSERVER][index % 4],
                accreditation="granted" if plan.kind == Kind.UN_SESSION else "not_needed",
                accreditation_reference=f"UN-{starts.year}-{rng.randint(100, 999)}"
                if plan.kind == Kind.UN_SESSION
                else "",
                # Most agreed to be named; some did not.
                name_public=rng.random() < 0.75,
                notes="Visa appointment booked; travel paid by the alliance." if index == 0 else "",
                acting_user=secretariat,
            )
            for index, person in enumerate(chosen)
        ]
        if starts > now:
            continue
        intervention_add(
            engagement=engagement,
            title="Oral statement in the interactive dialogue",
            texts={
                code: INTERVENTION[code] for code in ("en", "es", "fr") if code in plan.languages
            }
            or {"en": INTERVENTION["en"]},
            speaker=members[0],
            delivered_on=starts.date(),
            acting_user=secretariat,
        )
        outcome_report(engagement=engagement, outcome=OUTCOME, acting_user=secretariat)
        for offset, title in (
            (14, "Send the written submission to the chair"),
            (45, "Report back to the regional coordinating bodies"),
        ):
            task = follow_up_add(
                engagement=engagement,
                title=title,
                owner=secretariat,
                due_on=starts.date() + datetime.timedelta(days=offset),
                acting_user=secretariat,
            )
            # All done but the last past engagement's report-back, which is late.
            if number < len(PLANNED) - 5 or offset == 14:
                follow_up_mark(task=task, done=True, acting_user=secretariat)
    item = AgendaItem.objects.filter(
        assembly__slug=UPCOMING_SLUG, kind=ItemKind.REPORT, title="Report of the secretariat"
    ).first()
    if item is not None:
        start, end = default_period()
        report_attach(item=item, start=start, end=end, acting_user=secretariat)
    return []
