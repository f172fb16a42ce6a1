"""Playwright with Debian's chromium for browser tests. Never downloads a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("ALYANSA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_missing_reason() -> str | None:
    if CHROMIUM.exists():
        return None
    return f"{CHROMIUM} is absent: install Debian's chromium (.ci/run does) to run browser tests."


@contextmanager
def browser_page(base_url: str, **context_options: Any) -> Iterator[tuple[Any, list[str]]]:
    """A fresh headless page, and the list of requests it tried to make to any other host
    (they are refused)."""
    # Imported here: Playwright is a development dependency, absent where the site runs.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(base_url=base_url, **context_options)
        foreign: list[str] = []

        def only_our_host(route: Any) -> None:
            if route.request.url.startswith(base_url):
                route.continue_()
            else:
                foreign.append(route.request.url)
                route.abort()

        context.route("**/*", only_our_host)
        try:
            yield context.new_page(), foreign
        finally:
            context.close()
            browser.close()
