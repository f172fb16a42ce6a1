"""Server time of a published statement page with 100,000 statements in the database.

    ALYANSA_ENV=development .venv/bin/python bench/statement_page.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench \\
        ALYANSA_ENV=development .venv/bin/python bench/statement_page.py        # PostgreSQL

The database lives in ALYANSA_DATA_DIR (default /tmp/alyansa-bench) or DATABASE_URL, is
migrated, and is filled once with N statements (--statements, default 100,000): one source
text of ~1,500 characters each, an Arabic translation for one in five, topics, endorsers for
one in fifty, and their full-text index rows. Then it requests --requests random statement
pages through Django's test client (the whole stack: middleware, templates, Markdown) and
prints p50/p95/p99 server time and the compressed page size.

Then the public member directory (`/members/`, its pages and a few filters) with --organizations
member organizations (default 150, one in ten at risk), --requests times.
"""

# ruff: noqa: E501 - benchmark data lines are long

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("ALYANSA_ENV", "development")
os.environ.setdefault("ALYANSA_DATA_DIR", "/tmp/alyansa-bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
os.environ.setdefault("DEBUG", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261129
WORDS_AR = [
    "العمال",
    "المهاجرون",
    "حقوق",
    "الأجور",
    "الكفالة",
    "العدالة",
    "الكرامة",
    "الترحيل",
    "النساء",
    "التضامن",
]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Pronounceable made-up words plus real ones, so that queries hit and miss like real ones."""
    real = [
        "migrant",
        "workers",
        "domestic",
        "rights",
        "wages",
        "kafala",
        "deportation",
        "detention",
        "regularization",
        "solidarity",
        "union",
        "women",
        "seafarers",
        "refugees",
        "trafficking",
        "recruitment",
        "dignity",
        "justice",
        "remittances",
        "climate",
        "caregivers",
        "assembly",
        "campaign",
        "mobilization",
        "passport",
        "contract",
    ]
    consonants, vowels = "bcdfghjklmnprstvwz", "aeiou"
    words = set(real)
    while len(words) < size:
        length = rng.randint(2, 4)
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(length)))
    return sorted(words)


def _text(rng: random.Random, words: list[str], cumulative: list[float], count: int) -> str:
    return " ".join(rng.choices(words, cum_weights=cumulative, k=count))


def ensure_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def seed(total: int) -> list[str]:
    """Fill the database once; return the published slugs."""
    import django

    ensure_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from alyansa.statements.models import Endorsement, Statement, StatementTranslation, Topic
    from alyansa.statements.services import SEARCH_INDEX

    call_command("migrate", verbosity=0)
    _count_endorsers()
    have = Statement.objects.count()
    if have >= total:
        return list(Statement.objects.published().values_list("slug", flat=True))
    rng = random.Random(SEED)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf: a few words are everywhere
    rng.shuffle(weights)
    weights = list(itertools.accumulate(weights))  # cumulative, computed once
    topics = [
        Topic.objects.get_or_create(slug=f"topic-{n}", defaults={"name": f"Topic {n}"})[0]
        for n in range(8)
    ]
    started = time.perf_counter()
    batch = 2000
    now = datetime.now(UTC)
    for offset in range(have, total, batch):
        with transaction.atomic():
            statements = []
            for number in range(offset, min(total, offset + batch)):
                day = date(2000, 1, 1) + timedelta(days=rng.randrange(9800))
                statements.append(
                    Statement(
                        slug=f"bench-{number}",
                        source_language="en",
                        issued_on=day,
                        status=Statement.Status.PUBLISHED,
                        place="Hong Kong",
                        published_at=min(now, datetime.combine(day, datetime.min.time(), UTC)),
                        open_for_endorsement=number % 10 == 0,
                    )
                )
            Statement.objects.bulk_create(statements)
            statements = list(Statement.objects.filter(slug__in=[s.slug for s in statements]))
            translations = []
            for statement in statements:
                translations.append(
                    StatementTranslation(
                        statement=statement,
                        language="en",
                        title=_text(rng, words, weights, 8).capitalize(),
                        subtitle=_text(rng, words, weights, 6),
                        body="\n\n".join(_text(rng, words, weights, 45) for _ in range(5)),
                        demands=[_text(rng, words, weights, 8) for _ in range(4)],
                    )
                )
                if rng.random() < 0.2:
                    translations.append(
                        StatementTranslation(
                            statement=statement,
                            language="ar",
                            title=" ".join(rng.choices(WORDS_AR, k=6)),
                            body=" ".join(rng.choices(WORDS_AR, k=120)),
                            demands=[" ".join(rng.choices(WORDS_AR, k=6))],
                        )
                    )
            StatementTranslation.objects.bulk_create(translations)
            translations = list(
                StatementTranslation.objects.filter(statement__in=statements).select_related(
                    "statement"
                )
            )
            through = Statement.topics.through
            through.objects.bulk_create(
                through(statement_id=s.pk, topic_id=rng.choice(topics).pk) for s in statements
            )
            endorsements = []
            for statement in statements[::50]:
                for n in range(rng.randint(5, 60)):
                    endorsements.append(
                        Endorsement(
                            statement=statement,
                            organization_name=f"Organization {n}",
                            normalized_name=f"organization{n}",
                            email_hash=f"h{statement.pk}-{n}",
                            nonce="x",
                            status=Endorsement.Status.APPROVED,
                        )
                    )
            Endorsement.objects.bulk_create(endorsements)
            documents: dict[int, list[str]] = {}
            for t in translations:
                documents.setdefault(t.statement_id, [t.statement.place]).extend(
                    [t.title, t.subtitle, t.body, *t.demands]
                )
            SEARCH_INDEX.put_many(
                (s.pk, s.issued_on, "\n".join(documents[s.pk])) for s in statements
            )
        done = min(total, offset + batch)
        print(
            f"\r  seeded {done:,}/{total:,} ({time.perf_counter() - started:.0f} s)",
            end="",
            flush=True,
        )
    print()
    _count_endorsers()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return list(Statement.objects.published().values_list("slug", flat=True))


def _count_endorsers() -> None:
    """The statements' endorsement counters (bulk-created rows bypass the services)."""
    from django.db.models import Count, OuterRef, Subquery

    from alyansa.statements.models import Endorsement, Statement

    if Statement.objects.filter(endorsement_count__gt=0).exists():
        return
    counts = (
        Endorsement.objects.filter(statement=OuterRef("pk"), status=Endorsement.Status.APPROVED)
        .values("statement")
        .annotate(n=Count("id"))
        .values("n")
    )
    with_endorsers = Statement.objects.filter(endorsements__isnull=False).distinct()
    Statement.objects.filter(pk__in=with_endorsers.values("pk")).update(
        endorsement_count=Subquery(counts)
    )


def seed_directory(total: int) -> None:
    """Member organizations for the directory, once: one in ten at risk, like a real alliance
    with members in countries that jail organizers."""
    from alyansa.members.models import Organization
    from alyansa.members.testing import make_country, make_organization, make_sector

    # By name: an at-risk organization's address is random (it may have been re-addressed).
    if Organization.objects.filter(name__startswith="Bench Organization ").count() >= total:
        return
    rng = random.Random(SEED + 2)
    countries = [make_country(code) for code in ["PH", "ID", "HK", "SA", "QA", "US", "NL"]]
    sectors = [make_sector(f"sector-{n}", f"Sector {n}") for n in range(5)]
    for number in range(total):
        org = make_organization(
            f"Bench Organization {number}",
            country=rng.choice(countries),
            acronym=f"BO{number}",
            at_risk=number % 10 == 0,
        )
        if not org.at_risk:
            org.slug = f"bench-org-{number}"
            org.save(update_fields=["slug"])
        org.sectors.set(rng.sample(sectors, 2))


def time_pages(client: Any, paths: list[str], cpu: list[float] | None = None) -> list[float]:
    """Wall time per page (ms); the process's CPU time per page goes to `cpu` (with SQLite the
    database works inside the process too: a measure that a busy machine disturbs less)."""
    timings = []
    for path in paths:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--organizations", type=int, default=150)
    args = parser.parse_args()
    slugs = seed(args.statements)
    seed_directory(args.organizations)
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()  # cold pages: a database cache would keep the last run's pages
    rng = random.Random(SEED + 1)
    client = Client()
    for slug in rng.sample(slugs, 20):  # warm up: templates, caches, connection
        client.get(f"/statements/{slug}/")
    timings, sizes, cpu = [], [], []
    for slug in rng.choices(slugs, k=args.requests):
        path = f"/statements/{slug}/" if rng.random() < 0.8 else f"/statements/{slug}/ar/"
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        sizes.append(len(gzip.compress(response.content)))
    css = len(gzip.compress(Path(finders.find("css/site.css")).read_bytes()))
    print(
        f"{connection.vendor}: {len(slugs):,} published statements, {args.requests} page requests\n"
        f"  server time ms: p50 {statistics.median(timings):.1f}  p95 {percentile(timings, 0.95):.1f}"
        f"  p99 {percentile(timings, 0.99):.1f}  max {max(timings):.1f}\n"
        f"  process CPU ms: p50 {statistics.median(cpu):.1f}  p95 {percentile(cpu, 0.95):.1f}\n"
        f"  page gzipped: max {max(sizes) / 1024:.1f} KB + site.css {css / 1024:.1f} KB"
    )
    from alyansa.members.models import Country, Sector

    filters = [f"?country={pk}" for pk in Country.objects.values_list("pk", flat=True)[:5]]
    filters += [f"?sector={pk}" for pk in Sector.objects.values_list("pk", flat=True)[:3]]
    directory = ["", "?page=2", "?page=3", "?q=bench", "?q=BO1", *filters]
    time_pages(client, [f"/members/{query}" for query in directory])  # warm up
    cpu = []
    timings = time_pages(
        client, [f"/members/{rng.choice(directory)}" for _ in range(args.requests)], cpu
    )
    print(
        f"  directory ({args.organizations} organizations), {args.requests} requests, server time ms:"
        f" p50 {statistics.median(timings):.1f}  p95 {percentile(timings, 0.95):.1f}"
        f"  p99 {percentile(timings, 0.99):.1f}\n"
        f"  directory process CPU ms: p50 {statistics.median(cpu):.1f}"
        f"  p95 {percentile(cpu, 0.95):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
