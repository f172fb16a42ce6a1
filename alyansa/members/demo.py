"""This app's part of the demo alliance (called by alyansa/portal/demo.py, in order).

A fictional alliance: about 150 organizations in 20 countries and 7 regions, admitted at the
founding assembly (2016) and the two assemblies since (2019, 2023), with a few suspensions,
withdrawals and one expulsion, chapters, applications waiting for a decision, and a coordinator
account. Every name is invented.
"""

from __future__ import annotations

import datetime
import random

from alyansa.accounts.demo import demo_user
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant
from alyansa.members.models import (
    Chapter,
    Country,
    Language,
    MembershipCategory,
    MembershipStatus,
    Organization,
    Region,
    Sector,
)
from alyansa.members.services import (
    Profile,
    application_confirm,
    application_submit,
    chapter_create,
    membership_record,
    organization_create,
    person_create,
    reference_data_load,
)

FOUNDING = datetime.date(2016, 6, 15)
ASSEMBLIES = [
    (datetime.date(2016, 6, 15), "Founding General Assembly (2016)"),
    (datetime.date(2019, 9, 20), "2nd General Assembly (2019)"),
    (datetime.date(2023, 8, 25), "3rd General Assembly (2023)"),
]

# Where the members are: country, cities, how many organizations, their languages.
PLACES = [
    ("HK", ["Hong Kong", "Kowloon", "Sha Tin"], 16, ["tl", "id", "en"]),
    ("TW", ["Taipei", "Taichung", "Kaohsiung"], 10, ["id", "vi", "tl"]),
    ("JP", ["Tokyo", "Osaka", "Nagoya"], 7, ["tl", "ja", "vi"]),
    ("KR", ["Seoul", "Ansan"], 6, ["ko", "ne", "vi"]),
    ("MY", ["Kuala Lumpur", "Penang"], 7, ["ms", "id", "bn"]),
    ("PH", ["Manila", "Cebu", "Davao"], 12, ["tl", "en"]),
    ("ID", ["Jakarta", "Surabaya", "Indramayu"], 10, ["id"]),
    ("AU", ["Sydney", "Melbourne"], 5, ["en", "tl"]),
    ("NP", ["Kathmandu", "Pokhara"], 6, ["ne"]),
    ("BD", ["Dhaka", "Chittagong"], 5, ["bn"]),
    ("AE", ["Dubai", "Abu Dhabi"], 7, ["tl", "ar", "ur"]),
    ("SA", ["Riyadh", "Jeddah"], 6, ["ar", "tl"]),
    ("QA", ["Doha"], 4, ["ar", "ne"]),
    ("LB", ["Beirut"], 5, ["ar", "am"]),
    ("IT", ["Rome", "Milan"], 7, ["it", "tl"]),
    ("GB", ["London", "Manchester"], 7, ["en", "tl"]),
    ("ZA", ["Johannesburg", "Cape Town"], 6, ["en", "sw"]),
    ("KE", ["Nairobi", "Mombasa"], 5, ["sw", "en"]),
    ("MX", ["Tijuana", "Ciudad de México"], 6, ["es"]),
    ("US", ["New York", "Los Angeles"], 7, ["es", "tl", "en"]),
]
ORIGINS = ["PH", "ID", "NP", "BD", "VN", "LK", "MM", "KE", "ET", "GT", "HN", "MX", "IN", "PK"]
FORMS = [
    "United",
    "Alliance of",
    "Union of",
    "Network of",
    "Association of",
    "Solidarity of",
    "Bayanihan",
    "Samahan ng",
    "Kapatiran",
    "Federation of",
]
GROUPS = [
    ("Domestic Workers", "domestic-workers"),
    ("Migrant Workers", "construction"),
    ("Seafarers", "seafarers"),
    ("Care Workers", "care-workers"),
    ("Migrant Women", "women"),
    ("Refugees", "refugees"),
    ("Returnees", "returnees"),
    ("Farmworkers", "farmworkers"),
    ("Migrant Youth", "students"),
]
SUPPORT = [
    "Migrant Resource Center",
    "Institute for Migration Studies",
    "Legal Aid Desk",
    "Migrants' Rights Foundation",
    "Center for Migrant Advocacy",
]
FIRST = [
    "Ana",
    "Rosa",
    "Lita",
    "Maya",
    "Dewi",
    "Sri",
    "Nur",
    "Joy",
    "Grace",
    "Amina",
    "Fatima",
    "Lucia",
    "Carmen",
    "Mei",
    "Hana",
    "Rani",
    "Sita",
    "Joel",
    "Ramon",
    "Bayu",
    "Arjun",
    "Kofi",
    "Yusuf",
    "Tomas",
]
LAST = [
    "Santos",
    "Reyes",
    "Wijaya",
    "Lestari",
    "Gurung",
    "Rahman",
    "Okafor",
    "Mensah",
    "Haddad",
    "Flores",
    "Cruz",
    "Tamang",
    "Dela Paz",
    "Mwangi",
    "Morales",
    "Bautista",
]

DEMO_COORDINATOR_ORG = "United Domestic Workers of Hong Kong"


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())[:10]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def load(rng: random.Random) -> list[str]:
    """Create the demo registry; return the coordinator's sign-in lines."""
    reference_data_load()
    countries = {
        c.code: c for c in Country.objects.filter(code__in=[p[0] for p in PLACES] + ORIGINS)
    }
    sectors = {s.slug: s for s in Sector.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    used: set[str] = set()
    organizations: list[Organization] = []

    for code, cities, count, langs in PLACES:
        country = countries[code]
        for index in range(count):
            city = cities[index % len(cities)]
            associate = index == count - 1 and count >= 6
            if associate:
                name = f"{rng.choice(SUPPORT)} {city}"
                sector_slugs = ["support"]
            else:
                group, slug = rng.choice(GROUPS)
                name = f"{rng.choice(FORMS)} {group} in {city}"
                sector_slugs = [slug] + ([rng.choice(GROUPS)[1]] if rng.random() < 0.3 else [])
            if index == 0 and code == "HK":
                name, sector_slugs = DEMO_COORDINATOR_ORG, ["domestic-workers"]
            while name in used:
                name = f"{name} {len(used) % 7 + 2}"
            used.add(name)
            origin_codes = rng.sample(ORIGINS, k=rng.randint(1, 3))
            if code in ORIGINS:
                origin_codes = [code]  # organizations of returnees and families at home
            organization = organization_create(
                profile=Profile(
                    name=name,
                    acronym=_acronym(name),
                    country=country,
                    city=city,
                    website=f"https://{_acronym(name).lower()}.example.org",
                    email=f"contact@{_acronym(name).lower()}.example.org",
                    description={
                        "en": f"{name} organizes migrants in {city} for their rights and welfare.",
                        "tl": f"Ang {name} ay nag-oorganisa ng mga migrante sa {city}.",
                    },
                    sectors=[sectors[s] for s in sector_slugs if s in sectors],
                    nationalities=[countries[c] for c in origin_codes if c in countries],
                    languages=[languages[lang] for lang in langs if lang in languages],
                    # Organizations in the most dangerous places keep off the public directory.
                    at_risk=code in {"SA", "QA"} and index % 2 == 0,
                ),
                acting_user=None,
            )
            organization.demo_associate = associate  # type: ignore[attr-defined]
            organizations.append(organization)

    # Admissions: most at the founding, the rest at the two assemblies since.
    rng.shuffle(organizations)
    total = len(organizations)
    for number, organization in enumerate(organizations):
        share = number / total
        day, assembly = (
            ASSEMBLIES[0] if share < 0.62 else (ASSEMBLIES[1] if share < 0.84 else ASSEMBLIES[2])
        )
        category = (
            MembershipCategory.ASSOCIATE
            if organization.demo_associate  # type: ignore[attr-defined]
            else MembershipCategory.FULL
        )
        if day != FOUNDING:
            membership_record(
                organization=organization,
                status=MembershipStatus.APPLIED,
                date=day - datetime.timedelta(days=rng.randint(40, 200)),
                category=category,
                acting_user=None,
            )
        membership_record(
            organization=organization,
            status=MembershipStatus.ADMITTED,
            date=day,
            decided_by=assembly,
            category=category,
            acting_user=None,
        )
    # A few left, one was suspended and reinstated, one suspended now, one expelled.
    others = [o for o in organizations if o.name != DEMO_COORDINATOR_ORG]
    for number, organization in enumerate(others[5:8]):
        membership_record(
            organization=organization,
            status=MembershipStatus.WITHDRAWN,
            date=datetime.date(2021, 3, 1) + datetime.timedelta(days=300 * number),
            decided_by="Letter of the organization",
            acting_user=None,
        )
    suspended = others[10]
    membership_record(
        organization=suspended,
        status=MembershipStatus.SUSPENDED,
        date=datetime.date(2020, 11, 1),
        decided_by="International Coordinating Body",
        note="Inactive for two years.",
        acting_user=None,
    )
    membership_record(
        organization=suspended,
        status=MembershipStatus.REINSTATED,
        date=datetime.date(2022, 2, 1),
        decided_by="International Coordinating Body",
        acting_user=None,
    )
    membership_record(
        organization=others[11],
        status=MembershipStatus.SUSPENDED,
        date=datetime.date(2025, 4, 1),
        decided_by="International Coordinating Body",
        note="Pending an internal dispute.",
        acting_user=None,
    )
    membership_record(
        organization=others[12],
        status=MembershipStatus.EXPELLED,
        date=datetime.date(2023, 8, 26),
        decided_by=ASSEMBLIES[2][1],
        note="Acted against the alliance's principles.",
        acting_user=None,
    )

    # People: one or two contacts per organization (display names; pseudonyms are fine).
    for organization in organizations:
        for _ in range(rng.randint(1, 2)):
            person_create(
                display_name=person_name(rng),
                organization=organization,
                contact=f"+00 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                acting_user=None,
            )

    # Chapters: a national chapter where there are five or more members, and a regional
    # coordinating body in every region.
    by_country: dict[int, list[Organization]] = {}
    for organization in organizations:
        by_country.setdefault(organization.country_id, []).append(organization)
    for code, _cities, count, _langs in PLACES:
        country = countries[code]
        if count >= 5:
            assert country.region is not None  # the reference data gives it its region
            chapter_create(
                name=f"Alliance Chapter {country.display_name}",
                kind=Chapter.Kind.NATIONAL,
                region=country.region,
                country=country,
                organizations=by_country[country.pk],
                acting_user=None,
            )
    for region in Region.objects.filter(organizations__isnull=False).distinct():
        chapter_create(
            name=f"{region.name} Regional Coordinating Body",
            kind=Chapter.Kind.REGIONAL,
            region=region,
            organizations=[o for o in organizations if o.region_id == region.pk],
            acting_user=None,
        )

    # Three applications wait for the secretariat's decision.
    for name, code in [
        ("Solidarity of Domestic Workers in Macau", "HK"),
        ("Union of Migrant Fishers in Kaohsiung", "TW"),
        ("Migrant Care Workers Network Milan", "IT"),
    ]:
        _application, secret = application_submit(
            profile=Profile(name=name, acronym=_acronym(name), country=countries[code]),
            contact_name=person_name(rng),
            contact_email=f"{_acronym(name).lower()}@demo.alyansa.invalid",
            motivation="We want to join the alliance's campaigns.",
        )
        application_confirm(secret=secret)

    coordinator, lines = demo_user("coordinator", "Lorna Dela Paz", rng=rng, two_factor=False)
    own = Organization.objects.get(name=DEMO_COORDINATOR_ORG)
    role_grant(user=coordinator, role=Role.COORDINATOR, scope=own)
    return [f"Coordinator of {own.name}:", *lines]
