"""Campaigns at the scale of the alliance: 150 organizations x 100 calls (15,000 answers).
Times the response board of a call (the ledger), the dashboard of every call, and one
reminder run over 100 open calls, whose reminders must be exactly those the property test's
rule predicts (alyansa/campaigns/tests/test_reminders.py: expected_now).

    ALYANSA_ENV=development .venv/bin/python bench/campaigns.py              # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench_campaigns \\
        ALYANSA_ENV=development .venv/bin/python bench/campaigns.py          # PostgreSQL

Each run starts from an empty, migrated database (a fresh SQLite file in ALYANSA_DATA_DIR,
default /tmp/alyansa-bench-campaigns; or the PostgreSQL database named in DATABASE_URL,
dropped and created again). Calls are made and issued through the services; the answers'
states are then written in bulk (uneven by region, as in life). The board and the dashboard
are fetched as pages by a signed-in secretariat member (Django's test client: the view, its
queries and its template), 40 times each; the reminder run sends its e-mail through the task
queue run in the process (the immediate backend) to the in-memory mail backend.

Targets (issue 15): board and dashboard p95 < 100 ms; the reminder run < 10 s.
The last line is JSON: organizations, calls, answers, ledger_p95_ms, dashboard_p95_ms,
reminder_run_s, reminders_sent, reminders_expected, database, load_average.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("ALYANSA_ENV", "development")
os.environ.setdefault("ALYANSA_DATA_DIR", "/tmp/alyansa-bench-campaigns")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
os.environ.setdefault("DEBUG", "false")
os.environ["ALYANSA_TASKS_IMMEDIATE"] = "true"
os.environ["EMAIL_URL"] = "memory://"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261218
ORGANIZATIONS = 150
CALLS = 100
RUNS = 40
COUNTRIES = "HK TW JP KR MY PH ID AU NP BD AE SA QA LB IT GB ZA KE MX US".split()  # noqa: SIM905
# How often an organization of each region answers (uneven, as the alliance's report says).
ANSWER_RATE = [0.8, 0.6, 0.5, 0.35, 0.7, 0.45]


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


def build(rng: random.Random) -> tuple:  # type: ignore[type-arg]
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import transaction
    from django.utils import timezone

    from alyansa.accounts.roles import Role
    from alyansa.accounts.services import role_grant, user_create
    from alyansa.campaigns.models import Answer, AnswerState, CallToAction, DeclineReason
    from alyansa.campaigns.services import call_create, call_issue, call_submit
    from alyansa.members.models import Country, MembershipStatus, Region
    from alyansa.members.services import Profile, membership_record, organization_create

    def staff(name: str, role: Role):  # type: ignore[no-untyped-def]
        user = user_create(
            email=f"{name}@bench.example", display_name=name, password=None, email_verified=True
        )
        role_grant(user=user, role=role)
        TOTP.activate(user, generate_totp_secret())
        return user

    secretariat, officer = staff("secretariat", Role.SECRETARIAT), staff("officer", Role.OFFICER)
    regions = [
        Region.objects.create(slug=f"region-{n}", name=f"Region {n}", position=n) for n in range(6)
    ]
    countries = []
    for index, code in enumerate(COUNTRIES):
        countries.append(Country.objects.create(code=code, region=regions[index % 6]))
    with transaction.atomic():
        for number in range(ORGANIZATIONS):
            country = countries[number % len(countries)]
            org = organization_create(
                profile=Profile(
                    name=f"Migrant Workers Union {number:03d}",
                    country=country,
                    email=f"union{number}@bench.example",
                ),
                acting_user=None,
            )
            membership_record(
                organization=org,
                status=MembershipStatus.ADMITTED,
                date=datetime.date(2020, 1, 1),
                decided_by="General Assembly",
                acting_user=None,
            )
    today = timezone.localdate()
    for number in range(CALLS):
        # Every call's "three days before" reminder is due today; calls are a week apart
        # in what they ask, but all are open at once (the worst case for a reminder run).
        call = call_create(
            acting_user=secretariat,
            title=f"Call {number}",
            kind="mobilization",
            starts_on=today + datetime.timedelta(days=3),
            report_by=today + datetime.timedelta(days=20),
            text={"en": "Act together."},
        )
        call_submit(call=call, acting_user=secretariat)
        call_issue(call=call, acting_user=officer)
    issued_long_ago = timezone.now() - datetime.timedelta(days=30)
    CallToAction.objects.update(issued_at=issued_long_ago)
    answers = list(Answer.objects.select_related("organization"))
    now = timezone.now()
    changed = []
    for answer in answers:
        rate = ANSWER_RATE[answer.organization.region_id % len(ANSWER_RATE)]
        if rng.random() < rate:
            answer.state = rng.choice(
                [AnswerState.PLEDGED, AnswerState.REPORTED, AnswerState.DECLINED]
            )
            answer.answered_at = answer.changed_at = now - datetime.timedelta(
                hours=rng.randint(1, 600)
            )
            if answer.state == AnswerState.DECLINED:
                answer.decline_reason = rng.choice(DeclineReason.values)
            changed.append(answer)
    Answer.objects.bulk_update(
        changed, ["state", "answered_at", "changed_at", "decline_reason"], batch_size=2000
    )
    return secretariat, list(CallToAction.objects.order_by("pk"))


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def timed_pages(client, urls: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def main() -> int:
    fresh_database()
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from alyansa.campaigns.models import Answer, Reminder
    from alyansa.campaigns.services import reminders_send
    from alyansa.campaigns.tests.test_reminders import expected_now

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    started = time.perf_counter()
    secretariat, calls = build(rng)
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    answers_count = Answer.objects.count()
    client = Client()
    client.force_login(secretariat)
    client.get(reverse("campaigns:index"), HTTP_HOST="127.0.0.1")  # the session's first request
    boards = [reverse("campaigns:board", args=[rng.choice(calls).pk]) for _ in range(RUNS)]
    ledger = timed_pages(client, boards)
    dashboard = timed_pages(client, [reverse("campaigns:dashboard")] * RUNS)

    now = timezone.now()
    expected = set()
    for call in calls:
        answers = list(Answer.objects.filter(call=call))
        expected |= {
            (call.pk, org, offset) for org, offset in expected_now(call, answers, set(), now)
        }
    mail.outbox = []
    started = time.perf_counter()
    queued = reminders_send(now=now)
    reminder_run = time.perf_counter() - started
    sent = set(Reminder.objects.values_list("call_id", "organization_id", "offset"))
    mails = len(mail.outbox)
    again = reminders_send(now=now)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"database: {connection.vendor}; {ORGANIZATIONS} organizations, {len(calls)} calls, "
        f"{answers_count:,} answers (built in {built:.0f} s)"
    )
    print(f"response board: p95 {p95(ledger):.1f} ms, median {statistics.median(ledger):.1f} ms")
    print(
        f"dashboard:      p95 {p95(dashboard):.1f} ms, median {statistics.median(dashboard):.1f} ms"
    )
    print(
        f"reminder run: {reminder_run:.2f} s, {queued} reminders, {mails} e-mails sent, "
        f"{len(expected)} expected, same set: {sent == expected}; a second run sent {again}"
    )
    print(f"load average: {load}")
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "organizations": ORGANIZATIONS,
                "calls": len(calls),
                "answers": answers_count,
                "ledger_p95_ms": round(p95(ledger), 1),
                "dashboard_p95_ms": round(p95(dashboard), 1),
                "reminder_run_s": round(reminder_run, 2),
                "reminders_sent": len(sent),
                "reminders_expected": len(expected),
                "same_set": sent == expected,
                "second_run_sent": again,
                "emails": mails,
                "load_average": load,
            }
        )
    )
    return 0 if sent == expected and again == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
