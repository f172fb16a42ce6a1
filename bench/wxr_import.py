"""Peak memory of importing a 10,000-post WordPress export (streaming WXR).

    ALYANSA_ENV=development .venv/bin/python bench/wxr_import.py [--posts 10000]

Writes a seeded WXR file (posts of ~3 KB of HTML, categories, Polylang translation pairs,
some broken items), then runs `alyansa import_statements` on it in a fresh process against an
empty SQLite database, first as a dry run and then for real, and prints each run's wall time
and the process's peak resident memory (ru_maxrss), next to the file's size.
"""

# ruff: noqa: E501 - benchmark data lines are long; table names are our own constants

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old alliance site</title><wp:wxr_version>1.2</wp:wxr_version>
"""


def write_export(path: Path, posts: int) -> None:
    rng = random.Random(7)
    words = [
        "migrant",
        "workers",
        "rights",
        "wages",
        "union",
        "solidarity",
        "dignity",
        "justice",
        "women",
        "kafala",
    ]
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(posts):
            language = "ar" if number % 5 == 4 else "en"
            group = f"pll_{number - 1 if language == 'ar' else number}"
            paragraphs = "".join(
                f"<p>{' '.join(rng.choices(words, k=60))} <strong>now</strong>.</p>"
                for _ in range(8)
            )
            date = f"20{10 + number % 15:02d}-{1 + number % 12:02d}-{1 + number % 28:02d} 08:00:00"
            title = f"Statement {number}" if number % 997 else ""  # a few without a title
            out.write(
                f"<item><title>{escape(title)}</title>"
                f"<link>https://old.example.org/{date[:4]}/post-{number}/</link>"
                f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:post_name>post-{number}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="topic-{number % 20}"><![CDATA[Topic {number % 20}]]></category>'
                f'<category domain="language" nicename="{language}"><![CDATA[{language}]]></category>'
                f'<category domain="post_translations" nicename="{group}"><![CDATA[{group}]]></category>'
                "</item>\n"
            )
        out.write("</channel></rss>\n")


def child(mode: str, export: str, data_dir: str) -> int:
    """In a fresh interpreter: import, then print this process's own peak memory."""
    # DEBUG off, as in production (DEBUG keeps every query in memory).
    os.environ.update(
        {"ALYANSA_ENV": "development", "ALYANSA_DATA_DIR": data_dir, "DEBUG": "false"}
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    from alyansa.cli import main as alyansa

    arguments = ["import_statements", export] + (["--dry-run"] if mode == "dry-run" else [])
    alyansa(arguments)
    print(f"PEAK_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    return 0


def run(export: Path, data_dir: Path, mode: str) -> tuple[float, float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(export), str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    took = time.perf_counter() - started
    lines = result.stdout.splitlines()
    peak_kb = int(next(line for line in lines if line.startswith("PEAK_KB")).split()[1])
    return took, peak_kb / 1024, lines[0]


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        return child(*sys.argv[2:])
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.xml"
        write_export(export, args.posts)
        print(f"{args.posts:,} posts, {export.stat().st_size / 1e6:.1f} MB of WXR")
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        env = {**os.environ, "ALYANSA_ENV": "development", "ALYANSA_DATA_DIR": str(data_dir)}
        env.pop("DATABASE_URL", None)
        subprocess.run([str(ROOT / ".venv/bin/alyansa"), "migrate", "-v0"], env=env, check=True)
        for mode in ("dry-run", "import"):
            took, peak, summary = run(export, data_dir, mode)
            print(f"  {mode:8} {took:6.1f} s  peak RSS {peak:6.1f} MB  | {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
