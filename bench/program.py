"""The program of action's dashboard and report over a whole term's records: a program of 60
targets fed by 15,000 campaign answers, 2,000 engagements and the registry's history.

    ALYANSA_ENV=development .venv/bin/python bench/program.py              # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench_program \\
        ALYANSA_ENV=development .venv/bin/python bench/program.py          # PostgreSQL

Each run starts from an empty, migrated database (a fresh SQLite file in ALYANSA_DATA_DIR,
default /tmp/alyansa-bench-program; or the PostgreSQL database named in DATABASE_URL, dropped
and created again). It writes 300 member organizations in 7 regions admitted over ten years
(one in ten withdrew later: the registry's history), 50 issued calls of every kind spread over
the term, each called to all 300 (15,000 answers: reported, pledged, declined or silent, about
two in five reported, half of the reports public), 2,000 engagements of every kind in the
term, and a program of 60 targets (4 areas, 3 goals each, 5 targets per goal) carried by the
alliance, regions, a chapter or chosen organizations, counted from every kind of record and by
hand. Then it asks, in the process (Django's test client: middleware, views, templates), the
public and the internal dashboards --runs times each (default 40) and reports the 95th
percentile (the pages keep their figures a minute: see alyansa/programs/dashboard.py),
the figures built afresh without the cache (dashboard_uncached_p95_ms), and times drafting
the chairperson's report (--reports times, the median).

The last line is JSON: targets, answers, engagements, dashboard_p95_ms (the slower of the two
dashboards), public_p95_ms, internal_p95_ms, report_ms, the database and the load average.
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
from pathlib import Path

os.environ.setdefault("ALYANSA_ENV", "development")
os.environ.setdefault("ALYANSA_DATA_DIR", "/tmp/alyansa-bench-program")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
os.environ.setdefault("DEBUG", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261206
TERM_START = datetime.date(2024, 1, 1)
TERM_END = datetime.date(2026, 12, 31)


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


def build_records(rng: random.Random, *, organizations: int, calls: int, engagements: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from alyansa.campaigns.models import Answer, AnswerState, CallKind, CallToAction, Report
    from alyansa.engagements.models import Engagement, Kind
    from alyansa.members.models import (
        Country,
        Membership,
        MembershipCategory,
        MembershipEvent,
        MembershipStatus,
        Organization,
    )
    from alyansa.members.services import reference_data_load
    from alyansa.members.testing import make_chapter

    reference_data_load(acting_user=None)
    countries = list(Country.objects.filter(region__isnull=False).select_related("region"))
    zone = timezone.get_default_timezone()
    with transaction.atomic():
        orgs = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"Migrant Workers Union {n}",
                    slug=f"union-{n}",
                    country=(country := rng.choice(countries)),
                    region=country.region,
                    at_risk=n % 25 == 0,
                )
                for n in range(organizations)
            ]
        )
        memberships = Membership.objects.bulk_create(
            [
                Membership(
                    organization=org,
                    category=MembershipCategory.FULL,
                    status=MembershipStatus.ADMITTED,
                    status_since=TERM_START,
                )
                for org in orgs
            ]
        )
        events = []
        for membership in memberships:
            admitted = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(3900))
            events.append(
                MembershipEvent(
                    membership=membership,
                    status=MembershipStatus.ADMITTED,
                    category=MembershipCategory.FULL,
                    date=admitted,
                    decided_by_name="General Assembly",
                )
            )
            if rng.random() < 0.1:
                events.append(
                    MembershipEvent(
                        membership=membership,
                        status=MembershipStatus.WITHDRAWN,
                        category=MembershipCategory.FULL,
                        date=admitted + datetime.timedelta(days=400),
                    )
                )
        MembershipEvent.objects.bulk_create(events, batch_size=1000)
        make_chapter("Gulf chapter", organizations=orgs[:40])
        span = (TERM_END - TERM_START).days
        now = timezone.now()
        created = CallToAction.objects.bulk_create(
            [
                CallToAction(
                    title=f"Call {n}",
                    kind=CallKind.values[n % len(CallKind.values)],
                    starts_on=(day := TERM_START + datetime.timedelta(days=span * n // calls)),
                    report_by=day + datetime.timedelta(days=14),
                    status=CallToAction.Status.CLOSED,
                    issued_at=now,
                    is_public=n % 5 != 0,
                )
                for n in range(calls)
            ]
        )
        states = [AnswerState.REPORTED, AnswerState.PLEDGED, AnswerState.DECLINED]
        answers = Answer.objects.bulk_create(
            [
                Answer(
                    call=call,
                    organization=org,
                    state=rng.choice([*states, AnswerState.NO_ANSWER, AnswerState.REPORTED]),
                )
                for call in created
                for org in orgs
            ],
            batch_size=2000,
        )
        by_org = {org.pk: org for org in orgs}
        Report.objects.bulk_create(
            [
                Report(
                    answer=answer,
                    summary="A forum on migrants' rights.",
                    held_on=answer.call.starts_on,
                    city="Manila",
                    country_id=by_org[answer.organization_id].country_id,
                    participants_low=rng.randrange(10, 300),
                    is_public=rng.random() < 0.5,
                )
                for answer in answers
                if answer.state == AnswerState.REPORTED
            ],
            batch_size=2000,
        )
        regions = list({c.region_id for c in countries})
        start = datetime.datetime.combine(TERM_START, datetime.time(9), tzinfo=zone)
        rows = Engagement.objects.bulk_create(
            [
                Engagement(
                    title=f"Engagement {n}",
                    kind=Kind.values[n % len(Kind.values)],
                    starts_at=(
                        moment := start + datetime.timedelta(hours=span * 24 * n // engagements)
                    ),
                    ends_at=moment + datetime.timedelta(hours=8),
                    is_public=n % 4 != 0,
                )
                for n in range(engagements)
            ],
            batch_size=1000,
        )
        Engagement.regions.through.objects.bulk_create(
            [Engagement.regions.through(engagement=e, region_id=rng.choice(regions)) for e in rows],
            batch_size=1000,
        )


def build_program(rng: random.Random, targets_per_goal: int):  # type: ignore[no-untyped-def]
    from alyansa.accounts.roles import Role
    from alyansa.accounts.testing import make_user
    from alyansa.campaigns.models import CallKind
    from alyansa.engagements.models import Kind
    from alyansa.members.models import Chapter, Organization, Region
    from alyansa.programs.models import Owner, Source
    from alyansa.programs.services import goal_save
    from alyansa.programs.testing import add_target, adopt, make_program

    secretariat = make_user("Bench Secretariat", role=Role.SECRETARIAT)
    program = make_program(secretariat=secretariat, starts_on=TERM_START, ends_on=TERM_END)
    regions = list(Region.objects.all())
    chapter = Chapter.objects.get()
    orgs = list(Organization.objects.order_by("pk")[:60])
    sources = [Source.CAMPAIGN_REPORTS, Source.ENGAGEMENTS, Source.ADMISSIONS, Source.MANUAL]
    number = 0
    for area in program.areas.all():
        for g in range(3):
            goal = goal_save(area=area, text=f"{area.title}: goal {g + 1}", acting_user=secretariat)
            for _ in range(targets_per_goal):
                number += 1
                owner = [Owner.ALLIANCE, Owner.REGION, Owner.CHAPTER, Owner.ORGANIZATIONS][
                    number % 4
                ]
                source = sources[number % 4]
                add_target(
                    program,
                    secretariat=secretariat,
                    goal=goal,
                    text=f"Target {number}",
                    owner=owner,
                    owner_region=rng.choice(regions),
                    owner_chapter=chapter,
                    owner_organizations=rng.sample(orgs, k=5),
                    source=source,
                    source_kind={
                        Source.CAMPAIGN_REPORTS: CallKind.values[number % len(CallKind.values)],
                        Source.ENGAGEMENTS: Kind.values[number % len(Kind.values)],
                    }.get(source, ""),
                    goal_value=rng.randrange(5, 200),
                    indicator=f"Indicator {number}",
                )
    return adopt(program, secretariat=secretariat), secretariat


def timed(client, url: str, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(first answer in ms, 95th percentile of the rest in ms)."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    rest = sorted(times[1:])
    return times[0], statistics.quantiles(rest, n=20)[18] if len(rest) >= 2 else rest[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--reports", type=int, default=5)
    options = parser.parse_args()
    fresh_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from alyansa.campaigns.models import Answer
    from alyansa.engagements.models import Engagement
    from alyansa.programs.models import Target
    from alyansa.programs.services import report_draft

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("createcachetable", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(SEED)
    started = time.perf_counter()
    build_records(rng, organizations=300, calls=50, engagements=2000)
    program, secretariat = build_program(rng, targets_per_goal=5)
    print(f"built in {time.perf_counter() - started:.1f} s")
    public, internal = Client(), Client()
    internal.force_login(secretariat)
    results = {}
    for name, client, url in (
        ("public", public, reverse("programs:program", args=[program.pk])),
        ("internal", internal, reverse("programs:internal", args=[program.pk])),
    ):
        first, p95 = timed(client, url, options.runs)
        results[name] = p95
        print(f"{name:10} first {first:7.1f} ms  p95 {p95:6.1f} ms")
    from alyansa.programs.dashboard import dashboard_build

    builds = []
    for _ in range(options.runs):
        started = time.perf_counter()
        dashboard_build(program, public=True)
        builds.append((time.perf_counter() - started) * 1000)
    cold = statistics.quantiles(sorted(builds), n=20)[18]
    print(f"uncached   p95 {cold:6.1f} ms (the figures built afresh, without the page)")
    drafts = []
    for _ in range(options.reports):
        started = time.perf_counter()
        report_draft(program=program, acting_user=secretariat)
        drafts.append((time.perf_counter() - started) * 1000)
    print(f"report drafted in {statistics.median(drafts):.1f} ms (median of {len(drafts)})")
    summary = {
        "targets": Target.objects.filter(goal__area__program=program).count(),
        "answers": Answer.objects.count(),
        "engagements": Engagement.objects.count(),
        "dashboard_p95_ms": round(max(results.values()), 1),
        "public_p95_ms": round(results["public"], 1),
        "internal_p95_ms": round(results["internal"], 1),
        "dashboard_uncached_p95_ms": round(cold, 1),
        "report_ms": round(statistics.median(drafts), 1),
        "database": connection.vendor,
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
