"""Import 10,000 organizations from a generated CSV: the dry run, then the write.

    ALYANSA_ENV=development .venv/bin/python bench/import_members.py              # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench_members \\
        ALYANSA_ENV=development .venv/bin/python bench/import_members.py          # PostgreSQL

Each run starts from an empty, migrated database (a fresh SQLite file in ALYANSA_DATA_DIR,
default /tmp/alyansa-bench-members; or the PostgreSQL database named in DATABASE_URL, dropped
and created again), loads the reference data (`alyansa loadcountries`), writes a deterministic
CSV of --rows organizations (default 10,000) with sectors, nationalities, languages, statuses
and dates, and times what the import page and `alyansa importmembers --write` do: read the file,
check every row (the dry run), and write all rows in one transaction. Target: under 30 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("ALYANSA_ENV", "development")
os.environ.setdefault("ALYANSA_DATA_DIR", "/tmp/alyansa-bench-members")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
os.environ.setdefault("DEBUG", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261129
HOSTS = "HK TW JP KR MY SG PH ID AU NP BD AE SA QA KW LB IT GB DE ZA KE MX US CA".split()  # noqa: SIM905
ORIGINS = "PH ID NP BD VN LK MM KE ET GT HN MX IN PK".split()  # noqa: SIM905
SECTORS = [
    "domestic-workers",
    "seafarers",
    "refugees",
    "farmworkers",
    "construction",
    "care-workers",
]
LANGUAGES = ["tl", "id", "en", "es", "ar", "ne", "bn", "vi"]


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


def generate_csv(rows: int) -> bytes:
    rng = random.Random(SEED)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "name",
            "acronym",
            "country",
            "city",
            "website",
            "email",
            "sectors",
            "nationalities",
            "languages",
            "category",
            "status",
            "since",
            "decided_by",
            "at_risk",
            "description_en",
        ]
    )
    for number in range(rows):
        country = rng.choice(HOSTS)
        year = rng.choice([2016, 2019, 2023])
        writer.writerow(
            [
                f"Migrant Organization {number:05d}",
                f"MO{number:05d}",
                country,
                f"City {number % 97}",
                f"https://mo{number}.example.org",
                f"contact{number}@example.org",
                ";".join(rng.sample(SECTORS, k=rng.randint(1, 2))),
                ";".join(rng.sample(ORIGINS, k=rng.randint(1, 3))),
                ";".join(rng.sample(LANGUAGES, k=rng.randint(1, 3))),
                "associate" if number % 10 == 0 else "full",
                "withdrawn" if number % 50 == 0 else "admitted",
                f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                f"General Assembly {year}",
                "yes" if number % 40 == 0 else "no",
                f"Organization number {number} organizes migrants.",
            ]
        )
    return buffer.getvalue().encode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from alyansa.members import importing
    from alyansa.members.models import MembershipEvent, Organization
    from alyansa.members.services import organizations_import, reference_data_load

    call_command("migrate", verbosity=0)
    reference_data_load(acting_user=None)
    data = generate_csv(args.rows)

    cpu_started = time.process_time()
    started = time.perf_counter()
    rows = importing.read_rows(io.BytesIO(data), "members.csv")
    results = importing.check_rows(rows)
    checked = time.perf_counter()
    bad = sum(1 for row in results if not row.ok)
    if bad:
        print(f"{bad} bad rows; the generator is wrong", file=sys.stderr)
        return 1
    written = organizations_import(rows=results, acting_user=None, source="bench")
    finished = time.perf_counter()
    cpu = time.process_time() - cpu_started

    assert Organization.objects.count() == written == args.rows
    assert MembershipEvent.objects.count() == args.rows
    print(f"database: {connection.vendor}; {args.rows:,} rows, {len(data) / 1e6:.1f} MB CSV")
    print(f"read and check (the dry run): {checked - started:.2f} s")
    print(f"write:                        {finished - checked:.2f} s")
    print(f"total:                        {finished - started:.2f} s (target < 30 s)")
    print(f"of which this process's CPU:  {cpu:.2f} s (the rest is the database and waiting)")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
