"""The treasury over ten years of 150 organizations (about 30,000 transactions): how long the
treasurer's report and the standing of every organization take.

    ALYANSA_ENV=development .venv/bin/python bench/treasury.py              # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench_treasury \\
        ALYANSA_ENV=development .venv/bin/python bench/treasury.py          # PostgreSQL

Each run starts from an empty, migrated database (a fresh SQLite file in ALYANSA_DATA_DIR,
default /tmp/alyansa-bench-treasury; or the PostgreSQL database named in DATABASE_URL, dropped
and created again). It makes 150 member organizations in 20 countries and 6 regions, adopts
and assesses ten years of dues through the services, then writes the rest of the history in
bulk (the database's own triggers still check every posting): monthly instalments of dues,
some in pesos through the exchange account, some organizations falling behind, and daily
expenses and contributions. Then it times, five times each, the report for the last three
years (the usual period: since the last assembly) and for all ten, and the standing of every
organization on the last day. Targets: report < 1 s, standing < 200 ms.

The last line is JSON: transactions, legs, report_ms, report_all_years_ms, standing_ms (the
medians), the database and the load average.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("ALYANSA_ENV", "development")
os.environ.setdefault("ALYANSA_DATA_DIR", "/tmp/alyansa-bench-treasury")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
os.environ.setdefault("DEBUG", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261205
YEARS = list(range(2016, 2026))
COUNTRIES = "HK TW JP KR MY PH ID AU NP BD AE SA QA LB IT GB ZA KE MX US".split()  # noqa: SIM905
RUNS = 5


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


def build(rng: random.Random) -> None:
    from django.db import transaction

    from alyansa.accounts.roles import Role
    from alyansa.accounts.services import role_grant, user_create
    from alyansa.governance.models import Body
    from alyansa.governance.services import body_create
    from alyansa.members.models import Country, MembershipStatus
    from alyansa.members.services import (
        Profile,
        membership_record,
        organization_create,
        reference_data_load,
    )
    from alyansa.treasury import chart
    from alyansa.treasury.models import (
        Entry,
        EntryKind,
        EntryPosting,
        IncomeGroup,
        Leg,
        PaymentMethod,
    )
    from alyansa.treasury.money import Money
    from alyansa.treasury.services import (
        account_open,
        decision_record,
        dues_assess,
        dues_schedule_adopt,
        income_group_set,
        income_groups_standard,
    )
    from alyansa.treasury.services.ledger import standard_account

    reference_data_load(acting_user=None)
    treasurer = user_create(email="treasurer@bench.invalid", display_name="Bench", password=None)
    role_grant(user=treasurer, role=Role.TREASURER)
    icb = body_create(name="Coordinating body", kind=Body.Kind.COORDINATING, acting_user=None)
    groups = income_groups_standard(acting_user=treasurer)
    countries = list(Country.objects.filter(code__in=COUNTRIES))
    for number, country in enumerate(countries):
        income_group_set(country=country, group=groups[number % 4], acting_user=treasurer)
    organizations = []
    for number in range(150):
        organization = organization_create(
            profile=Profile(
                name=f"Bench Organization {number:03d}", country=countries[number % 20]
            ),
            acting_user=None,
        )
        membership_record(
            organization=organization,
            status=MembershipStatus.ADMITTED,
            date=datetime.date(2015, 6, 1),
            acting_user=None,
        )
        organizations.append(organization)
    for year in YEARS:
        decision = decision_record(
            body=icb,
            decided_on=datetime.date(year - 1, 11, 1),
            reference=f"R{year}",
            acting_user=treasurer,
        )
        rates = {
            (category, group): Money(
                Decimal(60 * (position + 1) // (2 if category == "associate" else 1)), "USD"
            )
            for position, group in enumerate(IncomeGroup.objects.order_by("position"))
            for category in ("full", "associate")
        }
        dues_schedule_adopt(
            year=year,
            currency="USD",
            due_on=datetime.date(year, 3, 31),
            rates=rates,
            decision=decision,
            acting_user=treasurer,
        )
        dues_assess(year=year, acting_user=treasurer)

    receivable = standard_account(chart.DUES_RECEIVABLE)
    bank, cash = standard_account(chart.BANK), standard_account(chart.CASH)
    exchange = standard_account(chart.CURRENCY_EXCHANGE)
    gifts = standard_account(chart.CONTRIBUTIONS)
    expenses = [
        account_open(path=f"Expenses:{name}", name=name, acting_user=treasurer)
        for name in ("Travel", "Office", "Shelter", "Legal-Aid", "Assembly")
    ]
    owed = {
        (leg.organization_id, year): leg.amount_minor
        for leg, year in (
            (leg, leg.entry.dues_year)
            for leg in Leg.objects.filter(account=receivable).select_related("entry")
        )
    }
    behind = set(rng.sample([o.pk for o in organizations], 25))

    entries: list[Entry] = []
    legs: list[list[tuple]] = []

    def add(entry: Entry, parts: list[tuple]) -> None:
        entries.append(entry)
        legs.append(parts)

    for organization in organizations:
        for year in YEARS:
            due = owed.get((organization.pk, year), 0)
            if not due or (organization.pk in behind and year >= 2022 and rng.random() < 0.8):
                continue
            instalment = due // 12
            for month in range(1, 13):
                amount = instalment if month < 12 else due - 11 * instalment
                day = datetime.date(year, month, rng.randint(1, 28))
                entry = Entry(
                    date=day,
                    kind=EntryKind.PAYMENT,
                    description="Dues instalment",
                    organization=organization,
                    method=PaymentMethod.BANK_TRANSFER,
                    reference=f"B{year}{month}",
                    recorded_by=treasurer,
                )
                if rng.random() < 0.2:
                    pesos = amount * 56
                    add(
                        entry,
                        [
                            (bank, pesos, "PHP", None),
                            (exchange, -pesos, "PHP", None),
                            (exchange, amount, "USD", None),
                            (receivable, -amount, "USD", organization),
                        ],
                    )
                else:
                    add(
                        entry,
                        [(bank, amount, "USD", None), (receivable, -amount, "USD", organization)],
                    )
    for year in YEARS:
        for day_of_year in range(365):
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=day_of_year)
            for _ in range(3):
                amount = rng.randint(500, 50_000)
                if rng.random() < 0.25:
                    entry = Entry(
                        date=day,
                        kind=EntryKind.CONTRIBUTION,
                        description="Gift",
                        recorded_by=treasurer,
                    )
                    add(entry, [(bank, amount, "USD", None), (gifts, -amount, "USD", None)])
                else:
                    entry = Entry(
                        date=day,
                        kind=EntryKind.EXPENSE,
                        description="Expense",
                        recorded_by=treasurer,
                    )
                    add(
                        entry,
                        [
                            (rng.choice(expenses), amount, "USD", None),
                            (cash if rng.random() < 0.3 else bank, -amount, "USD", None),
                        ],
                    )
    with transaction.atomic():
        for start in range(0, len(entries), 2000):
            chunk = Entry.objects.bulk_create(entries[start : start + 2000])
            Leg.objects.bulk_create(
                Leg(
                    entry=entry,
                    date=entry.date,
                    account=account,
                    amount_minor=minor,
                    currency=currency,
                    organization=organization,
                )
                for entry, parts in zip(chunk, legs[start : start + 2000], strict=True)
                for account, minor, currency, organization in parts
            )
            EntryPosting.objects.bulk_create(EntryPosting(entry=entry) for entry in chunk)


def timed(function, *args) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function(*args)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> int:
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from alyansa.treasury.models import Entry, Leg
    from alyansa.treasury.reporting import report_build
    from alyansa.treasury.standing import standing_on

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build(random.Random(SEED))
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    transactions = Entry.objects.posted().count()
    legs = Leg.objects.count()
    end = datetime.date(YEARS[-1], 12, 31)
    start = datetime.date(YEARS[-3], 1, 1)
    report_ms = timed(report_build, start, end)
    report_all_ms = timed(report_build, datetime.date(YEARS[0], 1, 1), end)
    standing_ms = timed(standing_on, end)
    standings = standing_on(end)
    in_arrears = sum(1 for standing in standings.values() if standing.years_in_arrears > 2)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"database: {connection.vendor}; {transactions:,} transactions, {legs:,} legs "
        f"(built in {built:.0f} s); {in_arrears} organizations more than two years behind"
    )
    print(f"report, last three years: {report_ms:.0f} ms (target < 1000 ms)")
    print(f"report, all ten years:    {report_all_ms:.0f} ms")
    print(f"standing of all {len(standings)} organizations: {standing_ms:.0f} ms (target < 200 ms)")
    print(f"load average: {load}")
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "transactions": transactions,
                "legs": legs,
                "report_ms": round(report_ms, 1),
                "report_all_years_ms": round(report_all_ms, 1),
                "standing_ms": round(standing_ms, 1),
                "load_average": load,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
