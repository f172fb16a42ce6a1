"""This app's part of the demo alliance (called by alyansa/portal/demo.py, in order).

About forty fictional statements from 2016 to now, on the days migrant organizations speak on,
several translated (Arabic, Tagalog, Indonesian, Spanish, French), some issued by a chapter or
jointly, some with endorsers, their topics and occasions named in every language of the site;
plus one draft and one waiting for an officer's approval, so the workflow has something to
show. Every name and word is invented.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

from django.utils import timezone

from alyansa.accounts.demo import demo_user
from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant
from alyansa.members.models import Chapter, Organization
from alyansa.statements import services
from alyansa.statements.models import Statement

# (slug, default name, names in other languages)
TOPICS = [
    (
        "domestic-workers",
        "Domestic workers",
        {
            "ar": "عمال المنازل",
            "tl": "Mga kasambahay",
            "id": "Pekerja rumah tangga",
            "es": "Trabajadoras del hogar",
            "fr": "Travailleuses domestiques",
        },
    ),
    (
        "regularization",
        "Regularization",
        {
            "ar": "تسوية الأوضاع",
            "tl": "Regularisasyon",
            "id": "Regularisasi",
            "es": "Regularización",
            "fr": "Régularisation",
        },
    ),
    (
        "wages",
        "Wages and wage theft",
        {
            "ar": "الأجور وسرقة الأجور",
            "tl": "Sahod at pagnanakaw ng sahod",
            "id": "Upah dan pencurian upah",
            "es": "Salarios y robo de salarios",
            "fr": "Salaires et vol de salaires",
        },
    ),
    (
        "trafficking",
        "Trafficking and forced labour",
        {
            "ar": "الاتجار بالبشر والعمل القسري",
            "tl": "Human trafficking at sapilitang paggawa",
            "id": "Perdagangan orang dan kerja paksa",
            "es": "Trata y trabajo forzoso",
            "fr": "Traite et travail forcé",
        },
    ),
    (
        "women",
        "Migrant women",
        {
            "ar": "النساء المهاجرات",
            "tl": "Kababaihang migrante",
            "id": "Perempuan migran",
            "es": "Mujeres migrantes",
            "fr": "Femmes migrantes",
        },
    ),
    (
        "climate",
        "Climate and displacement",
        {
            "ar": "المناخ والتهجير",
            "tl": "Klima at sapilitang paglikas",
            "id": "Iklim dan pengungsian",
            "es": "Clima y desplazamiento",
            "fr": "Climat et déplacement",
        },
    ),
    (
        "detention",
        "Detention and deportation",
        {
            "ar": "الاحتجاز والترحيل",
            "tl": "Detensyon at deportasyon",
            "id": "Penahanan dan deportasi",
            "es": "Detención y deportación",
            "fr": "Détention et expulsion",
        },
    ),
    (
        "kafala",
        "Kafala system",
        {
            "ar": "نظام الكفالة",
            "tl": "Sistemang kafala",
            "id": "Sistem kafala",
            "es": "Sistema de kafala",
            "fr": "Système de la kafala",
        },
    ),
]

# (month, day, slug, name, topic slugs, title, slogan, demands)
OCCASIONS = [
    (
        3,
        8,
        "womens-day",
        "International Women's Day",
        ["women", "domestic-workers"],
        "Migrant women hold up half the world",
        "Recognize our work, protect our rights!",
        [
            "Ratify ILO Convention 189 on domestic workers",
            "End the live-in requirement",
            "Equal pay for equal work, with or without papers",
        ],
    ),
    (
        5,
        1,
        "may-day",
        "International Workers' Day",
        ["wages"],
        "Migrant workers are workers: wages, rights and dignity now",
        "Workers of all countries, unite!",
        [
            "A living wage for every worker",
            "Stop wage theft and recruitment debt",
            "The right to organize and join unions",
        ],
    ),
    (
        6,
        16,
        "domestic-workers-day",
        "International Domestic Workers Day",
        ["domestic-workers"],
        "Domestic work is work",
        "No more modern slavery in our homes!",
        [
            "A weekly day off for every domestic worker",
            "Abolish the two-week rule",
            "Inspect working conditions in private homes",
        ],
    ),
    (
        7,
        30,
        "anti-trafficking-day",
        "World Day against Trafficking in Persons",
        ["trafficking"],
        "Stop trafficking, protect the survivors",
        "Survivors are not criminals!",
        [
            "Protect survivors instead of deporting them",
            "Prosecute the recruiters, not the workers",
        ],
    ),
    (
        12,
        10,
        "human-rights-day",
        "Human Rights Day",
        ["detention", "regularization"],
        "Human rights have no borders",
        "No human being is illegal!",
        [
            "Close immigration detention centres",
            "Regularize all undocumented migrants",
            "End the criminalization of migration",
        ],
    ),
    (
        12,
        18,
        "migrants-day",
        "International Migrants Day",
        ["regularization", "kafala"],
        "International Migrants Day: we build the economies that exclude us",
        "Regularization for all! Abolish kafala!",
        [
            "Regularize all undocumented migrants",
            "Abolish the kafala system",
            "Portable social protection for migrants and their families",
        ],
    ),
]

# Each occasion's name in the site's other languages (the default name is in OCCASIONS).
OCCASION_NAMES = {
    "womens-day": {
        "ar": "اليوم الدولي للمرأة",
        "es": "Día Internacional de la Mujer",
        "fr": "Journée internationale des droits des femmes",
        "id": "Hari Perempuan Internasional",
        "tl": "Pandaigdigang Araw ng Kababaihan",
    },
    "may-day": {
        "ar": "اليوم العالمي للعمال",
        "es": "Día Internacional de los Trabajadores",
        "fr": "Journée internationale des travailleurs",
        "id": "Hari Buruh Internasional",
        "tl": "Pandaigdigang Araw ng Paggawa",
    },
    "domestic-workers-day": {
        "ar": "اليوم الدولي للعمال المنزليين",
        "es": "Día Internacional de las Trabajadoras del Hogar",
        "fr": "Journée internationale des travailleuses et travailleurs domestiques",
        "id": "Hari Pekerja Rumah Tangga Internasional",
        "tl": "Pandaigdigang Araw ng mga Kasambahay",
    },
    "anti-trafficking-day": {
        "ar": "اليوم العالمي لمكافحة الاتجار بالأشخاص",
        "es": "Día Mundial contra la Trata de Personas",
        "fr": "Journée mondiale de la lutte contre la traite d'êtres humains",
        "id": "Hari Dunia Menentang Perdagangan Orang",
        "tl": "Pandaigdigang Araw Laban sa Pangangalakal ng Tao",
    },
    "human-rights-day": {
        "ar": "يوم حقوق الإنسان",
        "es": "Día de los Derechos Humanos",
        "fr": "Journée des droits humains",
        "id": "Hari Hak Asasi Manusia",
        "tl": "Araw ng Karapatang Pantao",
    },
    "migrants-day": {
        "ar": "اليوم الدولي للمهاجرين",
        "es": "Día Internacional del Migrante",
        "fr": "Journée internationale des migrants",
        "id": "Hari Migran Internasional",
        "tl": "Pandaigdigang Araw ng mga Migrante",
    },
}

TRANSLATIONS = {
    "ar": {
        "may-day": "العمال المهاجرون عمال: أجور وحقوق وكرامة الآن",
        "migrants-day": "اليوم الدولي للمهاجرين: نحن نبني الاقتصادات التي تقصينا",
        "human-rights-day": "حقوق الإنسان لا حدود لها",
        "domestic-workers-day": "العمل المنزلي عمل",
    },
    "tl": {
        "may-day": "Manggagawa ang mga migrante: sahod, karapatan at dignidad ngayon",
        "migrants-day": "Pandaigdigang Araw ng mga Migrante: kami ang bumubuhay sa ekonomiya",
        "womens-day": "Kalahati ng mundo ay pasan ng kababaihang migrante",
    },
    "id": {
        "domestic-workers-day": "Kerja rumah tangga adalah kerja",
        "may-day": "Buruh migran adalah buruh: upah, hak dan martabat sekarang",
    },
    "es": {
        "human-rights-day": "Los derechos humanos no tienen fronteras",
        "migrants-day": (
            "Día Internacional del Migrante: construimos las economías que nos excluyen"
        ),
    },
    "fr": {"human-rights-day": "Les droits humains n'ont pas de frontières"},
}
TRANSLATED_BODY = {
    "ar": "نحن العمال المهاجرين نطالب بحقوقنا الكاملة. لا أحد غير شرعي.",
    "tl": "Kaming mga migrante ay naninindigan para sa aming mga karapatan.",
    "id": "Kami, buruh migran, berdiri bersama untuk hak-hak kami.",
    "es": "Las personas migrantes exigimos nuestros derechos. Ningún ser humano es ilegal.",
    "fr": "Nous, travailleuses et travailleurs migrants, exigeons nos droits.",
}

BODY = """On this {occasion}, {issuer} speaks for {count} member organizations of migrant
workers, refugees and their families in {countries} countries.

Every day our members cook, clean, care, build and sail for economies that still treat us as
temporary, disposable and without rights. In {year} our organizations documented cases of
unpaid wages, confiscated passports and workers detained for asking for what they are owed.

We will not be silent. Across the regions, our members will hold assemblies, education
sessions and actions in the streets and online.

## We demand
"""

PLACES = ["Hong Kong", "Manila", "Jakarta", "Beirut", "Mexico City", "Brussels", "Geneva", "Taipei"]


def load(rng: random.Random) -> list[str]:
    """Create the demo statements; return lines to print for the newcomer."""
    secretariat = User.objects.filter(role_grants__role=Role.SECRETARIAT).first()
    officer = User.objects.filter(role_grants__role=Role.OFFICER).first()
    topics = {
        slug: services.topic_create(slug=slug, name=name, names=names, acting_user=secretariat)
        for slug, name, names in TOPICS
    }
    occasions = {
        slug: services.occasion_create(
            slug=slug, name=name, names=OCCASION_NAMES[slug], acting_user=secretariat
        )
        for _m, _d, slug, name, *_rest in OCCASIONS
    }
    # Joint issuers and recorded endorsers are organizations that may be named in public; the
    # at-risk ones endorse through their coordinator (_endorsed_by_an_unnamed_member).
    organizations = list(Organization.objects.exclude(at_risk=True).order_by("id")[:60])
    chapters = list(Chapter.objects.order_by("id"))
    count = Organization.objects.current_members().count() or 141
    today = timezone.localdate()
    made = 0
    for year in range(2016, today.year + 1):
        for month, day, slug, name, topic_slugs, title, slogan, demands in OCCASIONS:
            when = date(year, month, day)
            if when > today or (rng.random() < 0.35 and made > 2):
                continue
            issuer_chapter = rng.choice(chapters) if chapters and rng.random() < 0.15 else None
            joint = not issuer_chapter and organizations and rng.random() < 0.1
            statement = services.statement_import(
                acting_user=secretariat,
                slug=f"{slug}-{year}",
                source_language="en",
                title=f"{title} ({year})" if rng.random() < 0.3 else title,
                subtitle=slogan,
                body=BODY.format(
                    occasion=name,
                    year=year - 1,
                    count=count,
                    countries=20,
                    issuer=issuer_chapter.name if issuer_chapter else "the alliance",
                ).replace("\n## We demand\n", ""),
                demands=demands,
                topics=[topics[t] for t in topic_slugs],
                published_at=timezone.make_aware(datetime.combine(when, time(8, 0))),
                place=rng.choice(PLACES),
                occasion=occasions[slug],
                issuer_chapter=issuer_chapter,
                issuer_kind=Statement.Issuer.JOINT if joint else Statement.Issuer.ALLIANCE,
                issuer_organizations=rng.sample(organizations, 3) if joint else (),
                contact="Secretariat, press@alyansa.invalid",
                open_for_endorsement=year >= today.year - 1,
                signatories=[
                    ("Maria Santos (fictional)", "Chairperson", ""),
                    ("Dewi Lestari (fictional)", "Secretary General", ""),
                ],
            )
            made += 1
            for language, titles in TRANSLATIONS.items():
                if slug in titles and (year + len(language)) % 3 != 0:
                    services.statement_translation_save(
                        statement=statement,
                        language=language,
                        acting_user=secretariat,
                        title=titles[slug],
                        body=TRANSLATED_BODY[language],
                        demands=demands,
                    )
            if organizations and rng.random() < 0.4:
                for organization in rng.sample(organizations, rng.randint(3, 25)):
                    services.endorsement_record(
                        statement=statement,
                        organization_name=organization.name,
                        organization=organization,
                        acting_user=secretariat,
                    )
                for ally in rng.sample(ALLIES, rng.randint(0, 3)):
                    services.endorsement_record(
                        statement=statement,
                        organization_name=ally[0],
                        country=ally[1],
                        acting_user=secretariat,
                    )
    _workflow_examples(secretariat, officer)
    lines = [f"Statements: {made} published, with translations and endorsers; 2 in the workflow."]
    return lines + _endorsed_by_an_unnamed_member(rng)


def _endorsed_by_an_unnamed_member(rng: random.Random) -> list[str]:
    """An at-risk member's coordinator (a demo account) endorses the newest statement open for
    endorsement: the page counts it among "organizations that cannot be named"."""
    at_risk = Organization.objects.current_members().filter(at_risk=True).order_by("pk").first()
    statement = (
        Statement.objects.published()
        .filter(open_for_endorsement=True)
        .order_by("-issued_on")
        .first()
    )
    if at_risk is None or statement is None:
        return []
    user, lines = demo_user("coordinator-at-risk", "Samira Haddad", rng=rng, two_factor=False)
    role_grant(user=user, role=Role.COORDINATOR, scope=at_risk)
    services.endorsement_by_coordinator(statement=statement, organization=at_risk, acting_user=user)
    return ["Coordinator of an at-risk member (endorsed a statement, counted unnamed):", *lines]


ALLIES = [
    ("Fictional Coalition for Fair Recruitment", "Belgium"),
    ("Imaginary Church Network for Migrants", "Philippines"),
    ("Made-up Legal Aid Collective", "Lebanon"),
    ("Example Seafarers' Welfare Centre", "Netherlands"),
]


def _workflow_examples(secretariat: User | None, officer: User | None) -> None:
    draft = services.statement_create(
        acting_user=secretariat,
        slug="draft-climate-displacement",
        source_language="en",
        title="Climate displacement is a migrant workers' issue",
        issued_on=timezone.localdate(),
        body="A draft for the coordinating body to discuss.",
        demands=["Recognize climate displacement"],
    )
    review = services.statement_create(
        acting_user=secretariat,
        slug="in-review-seafarers",
        source_language="en",
        title="Seafarers stranded at sea need shore leave now",
        issued_on=timezone.localdate(),
        body="Waiting for an officer's approval.",
        demands=["Shore leave for all seafarers"],
    )
    if secretariat is not None:
        services.statement_submit(statement=review, acting_user=secretariat)
    del draft, officer
