"""Full-text search over 100,000 statements, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

    ALYANSA_ENV=development .venv/bin/python bench/search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench \\
        ALYANSA_ENV=development .venv/bin/python bench/search.py

Uses (and, the first time, fills) the same database as bench/statement_page.py. Each query
does what the archive page does: the first page of 20 matching published statements, newest
first, and the number of matches (counted up to 1,001: beyond that the page says "more than
1,000"). Queries are one or two words drawn from the text's own
vocabulary (so frequent words match tens of thousands of statements), plus Arabic words and
words that match nothing. Prints p50/p95/p99 per kind and overall.
"""

# ruff: noqa: E501 - benchmark data lines are long; table names are our own constants

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from statement_page import SEED, WORDS_AR, percentile, seed, vocabulary


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    seed(args.statements)
    from django.db import connection

    from alyansa.statements.selectors import (
        ArchiveFilters,
        ArchivePaginator,
    )

    rng = random.Random(SEED + 2)
    words = vocabulary(random.Random(SEED))

    def run(query: str) -> tuple[float, int]:
        started = time.perf_counter()
        # Exactly what the archive page does: the first page, and a count capped at 1,001.
        page = ArchivePaginator(ArchiveFilters(query=query)).get_page(1)
        for statement in page:
            list(statement.translations.all())
        return (time.perf_counter() - started) * 1000, page.paginator.count

    kinds = {
        "one word": lambda: rng.choice(words),
        "two words": lambda: f"{rng.choice(words)} {rng.choice(words)}",
        "arabic": lambda: rng.choice(WORDS_AR),
        "no match": lambda: f"zzq{rng.randint(0, 10**6)}",
    }
    for _ in range(20):
        run(rng.choice(words))  # warm up
    overall: list[float] = []
    print(f"{connection.vendor}: {args.queries} queries per kind")
    for kind, make in kinds.items():
        timings, matches = [], []
        for _ in range(args.queries):
            took, count = run(make())
            timings.append(took)
            matches.append(count)
        overall += timings
        print(
            f"  {kind:9}  p50 {statistics.median(timings):6.1f} ms  p95 {percentile(timings, 0.95):6.1f} ms"
            f"  p99 {percentile(timings, 0.99):6.1f} ms  matches median {int(statistics.median(matches)):,}"
            f" max {max(matches):,}"
        )
    print(f"  overall    p95 {percentile(overall, 0.95):.1f} ms over {len(overall)} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
