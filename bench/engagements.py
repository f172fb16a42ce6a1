"""The engagements' calendar with 5,000 engagements: how long its pages and feeds take, and
how much a feed (one year) weighs.

    ALYANSA_ENV=development .venv/bin/python bench/engagements.py              # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench_engagements \\
        ALYANSA_ENV=development .venv/bin/python bench/engagements.py          # PostgreSQL

Each run starts from an empty, migrated database (a fresh SQLite file in ALYANSA_DATA_DIR,
default /tmp/alyansa-bench-engagements; or the PostgreSQL database named in DATABASE_URL,
dropped and created again). It writes --engagements (default 5,000) public engagements spread
evenly over 25 years that end a year from now (200 a year, as many as a busy alliance could
follow), in 8 time zones, 7 regions, 6 languages and 2 governing bodies, each with a
description of a few sentences, a tenth of them with a delegation of three; one in fifty is
cancelled. Then it asks, in the process (Django's test client: middleware, views, templates),
each address --runs times (default 40) and reports the 95th percentile:

- pages: the calendar list (upcoming, first page of 50), this month's grid, the list narrowed
  to a region and a language, an engagement's page;
- feeds: the public feed (one year: the last three months and the next nine), a region's and
  a language's; the first answer of each (before the cache holds it) is reported apart.

The last line is JSON: engagements, page_p95_ms, feed_p95_ms, feed_cold_ms, feed_year_kb,
feed_events, per-address p95s, the database and the load average.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
import zoneinfo
from pathlib import Path

os.environ.setdefault("ALYANSA_ENV", "development")
os.environ.setdefault("ALYANSA_DATA_DIR", "/tmp/alyansa-bench-engagements")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
os.environ.setdefault("DEBUG", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261206
ZONES = [
    "Europe/Zurich",
    "America/New_York",
    "Asia/Bangkok",
    "Africa/Nairobi",
    "Asia/Manila",
    "America/Mexico_City",
    "Europe/Brussels",
    "Asia/Beirut",
]
LANGUAGES = ["en", "es", "fr", "ar", "id", "tl"]
TITLES = [
    "Human Rights Council, session",
    "Regional consultation on labour migration",
    "Global Forum on Migration and Development",
    "Meeting with the Special Rapporteur on the human rights of migrants",
    "International Migration Review Forum",
    "Conference on care work and migration",
    "Side event: migrant domestic workers' rights",
]
DESCRIPTION = (
    "The alliance takes part with a delegation from its member organizations. We will present "
    "our statement on regularization and the rights of undocumented workers, meet missions "
    "and report back to the regions."
)


def fresh_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    else:
        data_dir = Path(os.environ["ALYANSA_DATA_DIR"])
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "alyansa.sqlite3").unlink(missing_ok=True)


def build(rng: random.Random, count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from alyansa.engagements.models import DelegationMember, Engagement, Kind, Role
    from alyansa.governance.models import Body
    from alyansa.governance.services import body_create
    from alyansa.members.models import Language, Region
    from alyansa.members.services import reference_data_load
    from alyansa.members.testing import make_organization, make_person

    reference_data_load(acting_user=None)
    bodies = [
        body_create(name="Coordinating body", kind=Body.Kind.COORDINATING, acting_user=None),
        body_create(name="Executive committee", kind=Body.Kind.EXECUTIVE, acting_user=None),
    ]
    regions = list(Region.objects.all())
    languages = [Language.objects.get_or_create(code=code)[0] for code in LANGUAGES]
    people = [make_person(f"Delegate {n}", organization=make_organization()) for n in range(30)]
    now = timezone.now()
    first = now + datetime.timedelta(days=365) - datetime.timedelta(days=365 * 25)
    step = datetime.timedelta(days=365 * 25) / count
    kinds = Kind.values
    with transaction.atomic():
        rows = []
        for number in range(count):
            zone = zoneinfo.ZoneInfo(rng.choice(ZONES))
            local = (first + step * number).astimezone(zone)
            starts = local.replace(hour=rng.choice([9, 10, 14]), minute=0, second=0, microsecond=0)
            rows.append(
                Engagement(
                    title=f"{rng.choice(TITLES)} {number}",
                    description=DESCRIPTION,
                    kind=rng.choice(kinds),
                    organizer="United Nations",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=rng.choice([3, 8, 56])),
                    time_zone=str(zone),
                    place="Palais des Nations, Geneva",
                    is_public=True,
                    cancelled_at=now if number % 50 == 0 else None,
                    sequence=1 if number % 50 == 0 else 0,
                )
            )
        created = Engagement.objects.bulk_create(rows, batch_size=500)
        region_links, language_links, body_links, members = [], [], [], []
        for engagement in created:
            region_links.append(
                Engagement.regions.through(engagement=engagement, region=rng.choice(regions))
            )
            for language in rng.sample(languages, k=2):
                language_links.append(
                    Engagement.languages.through(engagement=engagement, language=language)
                )
            body_links.append(
                Engagement.bodies.through(engagement=engagement, body=rng.choice(bodies))
            )
            if engagement.pk % 10 == 0:
                for index, person in enumerate(rng.sample(people, k=3)):
                    members.append(
                        DelegationMember(
                            engagement=engagement,
                            person=person,
                            role=Role.values[index],
                            name_public=index != 2,
                        )
                    )
        Engagement.regions.through.objects.bulk_create(region_links, batch_size=1000)
        Engagement.languages.through.objects.bulk_create(language_links, batch_size=1000)
        Engagement.bodies.through.objects.bulk_create(body_links, batch_size=1000)
        DelegationMember.objects.bulk_create(members, batch_size=1000)


def timed(client, url: str, runs: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """(first answer in ms, 95th percentile of the rest in ms, size in bytes)."""
    times = []
    size = 0
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    rest = sorted(times[1:])
    p95 = statistics.quantiles(rest, n=20)[18] if len(rest) >= 2 else rest[0]
    return times[0], p95, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engagements", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=40)
    options = parser.parse_args()
    fresh_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from alyansa.engagements.models import Engagement
    from alyansa.members.models import Region

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("createcachetable", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    build(random.Random(SEED), options.engagements)
    print(f"built {options.engagements} engagements in {time.perf_counter() - started:.1f} s")
    client = Client()
    today = timezone.localdate()
    region = Region.objects.filter(engagements__isnull=False).first()
    assert region is not None
    sample = Engagement.objects.filter(delegation__isnull=False).first()
    assert sample is not None
    pages = {
        "list": reverse("engagements:list"),
        "month": reverse("engagements:month", args=[today.year, today.month]),
        "list_region_language": reverse("engagements:list") + f"?region={region.slug}&language=es",
        "detail": sample.get_absolute_url(),
    }
    feeds = {
        "feed": reverse("engagements:feed"),
        "region_feed": reverse("engagements:region_feed", args=[region.slug]),
        "language_feed": reverse("engagements:language_feed", args=["es"]),
    }
    results: dict[str, dict[str, float]] = {}
    for name, url in {**pages, **feeds}.items():
        first, p95, size = timed(client, url, options.runs)
        results[name] = {"first_ms": round(first, 1), "p95_ms": round(p95, 1), "bytes": size}
        print(f"{name:22} first {first:7.1f} ms  p95 {p95:6.1f} ms  {size / 1024:6.1f} KB")
    feed = client.get(feeds["feed"]).content
    summary = {
        "engagements": Engagement.objects.count(),
        "page_p95_ms": max(results[name]["p95_ms"] for name in pages),
        "feed_p95_ms": max(results[name]["p95_ms"] for name in feeds),
        "feed_cold_ms": max(results[name]["first_ms"] for name in feeds),
        "feed_year_kb": round(len(feed) / 1024, 1),
        "feed_events": feed.count(b"BEGIN:VEVENT"),
        "addresses": results,
        "database": connection.vendor,
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
