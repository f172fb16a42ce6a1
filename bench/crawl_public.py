"""Crawl the demo as an anonymous visitor and look for any trace of an at-risk organization.

    ALYANSA_ENV=development .venv/bin/python bench/crawl_public.py                 # in-process
    ALYANSA_ENV=development .venv/bin/python bench/crawl_public.py --url http://127.0.0.1:8101

In-process (the default), it builds the demo afresh in ALYANSA_DATA_DIR (default
/tmp/alyansa-crawl, emptied first) and requests pages through Django's test client. With --url it
crawls a running server from outside instead (the demo must be loaded there, and this process
must reach the same database to know which organizations are at risk).

What it requests, without signing in: every link from `/` (same host, GET, breadth first, up to
--limit pages), the sitemap and every address in it, the three statement feeds, every GET route
of the API that takes no path parameter, and, for every at-risk organization, the addresses it
could be guessed at (its acronym, its name as a slug, its real random address) on the page and
API routes that take an organization's address, compared with a never-taken one.

A trace is an at-risk organization's name, its acronym as a whole word (case-sensitive) or its
address, anywhere in an answer. Exit status 1 if any trace is found or any guessed address
answers differently from an unknown one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

os.environ.setdefault("ALYANSA_ENV", "development")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
os.environ.setdefault("DEBUG", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SKIP = ("/accounts/", "/i18n/", "/static/", "/media/", "/api/v1/docs")
LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>")
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
UNKNOWN = "never-taken-address"
QUERIES_PER_PATH = 40


class Fetcher:
    """GET an address anonymously: through the test client, or over HTTP from outside."""

    def __init__(self, base: str | None) -> None:
        self.base = base
        if base is None:
            from django.test import Client

            self.client = Client()

    def get(self, path: str) -> tuple[int, bytes, str]:
        if self.base is None:
            response = self.client.get(path)
            body = b"".join(response) if response.streaming else response.content
            return response.status_code, body, response.get("Location", "")
        # --url is checked to be http(s) in main().
        request = urllib.request.Request(urljoin(self.base, path), method="GET")  # noqa: S310
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=30) as answer:
                return answer.status, answer.read(), answer.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        return None


def build_demo(data_dir: str) -> None:
    shutil.rmtree(data_dir, ignore_errors=True)
    os.makedirs(data_dir, exist_ok=True)
    os.environ["ALYANSA_DATA_DIR"] = data_dir
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from alyansa.portal.demo import demo_load

    demo_load()


def secrets_of_at_risk() -> list[dict[str, Any]]:
    from django.utils.text import slugify

    from alyansa.members.models import Organization

    # An acronym or address that a nameable organization also has is that one's, not a trace
    # (the demo's names repeat: two "SMWD"s, one in Doha at risk, one in Dubai listed).
    named = Organization.objects.filter(at_risk=False)
    shared_acronyms = set(named.values_list("acronym", flat=True))
    taken = set(named.values_list("slug", flat=True))
    found = []
    for org in Organization.objects.filter(at_risk=True).order_by("pk"):
        patterns = [re.escape(org.name), re.escape(org.slug)]
        if org.acronym and org.acronym not in shared_acronyms:
            patterns.append(r"(?<![\w-])" + re.escape(org.acronym) + r"(?![\w-])")
        guesses = {org.slug, slugify(org.acronym) if org.acronym else "", slugify(org.name)}
        guesses -= taken
        found.append(
            {
                "name": org.name,
                "acronym": org.acronym,
                "slug": org.slug,
                "pattern": re.compile("|".join(patterns)),
                "guesses": sorted(g for g in guesses if g),
            }
        )
    return found


def api_routes(fetcher: Fetcher) -> list[str]:
    status, body, _location = fetcher.get("/api/v1/openapi.json")
    if status != 200:
        return []
    schema = json.loads(body)
    routes = []
    for path, operations in schema.get("paths", {}).items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        required = [p for p in get.get("parameters", []) if p.get("required")]
        if not required:
            routes.append(path)
    return routes


def crawl(fetcher: Fetcher, starts: list[str], limit: int) -> dict[str, tuple[int, bytes]]:
    seen: dict[str, tuple[int, bytes]] = {}
    variants: dict[str, int] = {}  # query strings per path: filters combine without end
    queue = deque(starts)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen or path.startswith(SKIP):
            continue
        bare = path.split("?", 1)[0]
        if "?" in path:
            variants[bare] = variants.get(bare, 0) + 1
            if variants[bare] > QUERIES_PER_PATH:
                continue
        status, body, location = fetcher.get(path)
        seen[path] = (status, body)
        if location:
            queue.append(urlsplit(location).path or "/")
        text = body.decode("utf-8", errors="replace")
        links = LINK.findall(text) + SITEMAP_LOC.findall(text)
        for link in links:
            parts = urlsplit(link)
            if parts.netloc and parts.netloc not in {
                "testserver",
                urlsplit(fetcher.base or "").netloc,
            }:
                continue
            target = urljoin(path, parts.path) + (f"?{parts.query}" if parts.query else "")
            if target not in seen and not target.startswith(SKIP):
                queue.append(target)
    return seen


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="crawl a running server from outside")
    parser.add_argument("--limit", type=int, default=20000, help="most pages to request")
    args = parser.parse_args()
    if args.url and urlsplit(args.url).scheme not in {"http", "https"}:
        parser.error("--url must be an http(s) address")
    started = time.perf_counter()
    if args.url is None:
        build_demo(os.environ.get("ALYANSA_DATA_DIR", "/tmp/alyansa-crawl"))
    else:
        import django

        django.setup()
    fetcher = Fetcher(args.url)
    at_risk = secrets_of_at_risk()
    feeds = ["/statements/feed/rss/", "/statements/feed/atom/", "/statements/feed/json/"]
    starts = ["/", "/sitemap.xml", *feeds, *api_routes(fetcher)]
    pages = crawl(fetcher, starts, args.limit)
    traces = []
    for path, (_status, body) in pages.items():
        text = CSRF.sub(b"", body).decode("utf-8", errors="replace")
        for org in at_risk:
            match = org["pattern"].search(text)
            if match:
                traces.append((path, org["name"], match.group(0)))
    routes = [
        "/members/organizations/{}/",
        "/api/v1/members/organizations/{}",
        "/members/organizations/{}/edit/",
        "/members/organizations/{}/manage/",
    ]
    differing = []
    guessed = 0
    for org in at_risk:
        for guess in org["guesses"]:
            for route in routes:
                unknown = fetcher.get(route.format(UNKNOWN))
                found = fetcher.get(route.format(guess))
                guessed += 1
                same = (
                    found[0] == unknown[0]
                    and CSRF.sub(b"", found[1])
                    == CSRF.sub(b"", unknown[1]).replace(UNKNOWN.encode(), guess.encode())
                    and found[2] == unknown[2].replace(UNKNOWN, guess)
                )
                if not same:
                    differing.append((route.format(guess), found[0], unknown[0]))
    statuses: dict[int, int] = {}
    for status, _body in pages.values():
        statuses[status] = statuses.get(status, 0) + 1
    print(
        f"{len(pages)} answers crawled anonymously in {time.perf_counter() - started:.0f} s "
        f"(by status: {dict(sorted(statuses.items()))}); {len(at_risk)} at-risk organizations; "
        f"{guessed} guessed addresses"
    )
    for path, name, shown in traces[:50]:
        print(f"  TRACE {path}: {shown!r} ({name})")
    for path, status, unknown_status in differing[:50]:
        print(f"  GUESSED {path}: {status} (an unknown address: {unknown_status})")
    print(f"traces: {len(traces)}; guessed addresses answering differently: {len(differing)}")
    return 1 if traces or differing else 0


if __name__ == "__main__":
    sys.exit(main())
