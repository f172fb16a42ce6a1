"""No assembly or voting page is wider than a 360 px phone: a real browser opens every page
of the two apps (as someone allowed to see it, in the access matrix's world) and measures it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from alyansa.core.browser import browser_page, chromium_missing_reason
from alyansa.core.testing import AccessCase, World
from conftest import client_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
    ),
]

PHONE = {"width": 360, "height": 740}
# Who looks at a page, when several may: the persona most likely to meet it on a phone first.
PREFERRED = (
    "delegate",
    "coordinator",
    "election_committee",
    "officer",
    "secretariat",
    "anonymous",
    "plain",
)

# What sticks out past the viewport's end edge (not inside a box that scrolls or clips it),
# to name it when a page is too wide.
TOO_WIDE = """
(width) => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > width + 0.5)
  .filter((element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") { return false; }
    }
    return true;
  })
  .slice(0, 5)
  .map((element) => element.tagName.toLowerCase()
       + (element.className ? "." + element.className : "")
       + " " + Math.round(element.getBoundingClientRect().right) + "px")
"""


def pages() -> list[AccessCase]:
    from alyansa.assemblies.tests.access import CASES as assemblies
    from alyansa.voting.tests.access import CASES as voting

    return [case for case in (*assemblies, *voting) if case.method == "get"]


def signed_in_client(world: World, persona: str) -> Client:
    client = client_for(world.users.get(persona))
    if persona in world.sign_in:
        world.sign_in[persona](client)
    return client


def cookies_of(client: Client, url: str) -> list[dict[str, Any]]:
    return [
        {"name": name, "value": morsel.value, "url": url}
        for name, morsel in client.cookies.items()
        if name in {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    ]


def test_no_assembly_or_voting_page_is_wider_than_a_phone(live_server) -> None:  # type: ignore[no-untyped-def]
    from alyansa.portal.tests.world import build_world

    world = build_world()
    too_wide: list[str] = []
    measured = 0
    with browser_page(live_server.url, viewport=PHONE) as (page, _foreign):
        for case in pages():
            persona = next(one for one in PREFERRED if one in case.allowed)
            url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
            client = signed_in_client(world, persona)
            if "html" not in client.get(url).get("Content-Type", ""):
                continue  # a file (PDF, CSV), not a page
            page.context.clear_cookies()
            page.context.add_cookies(cookies_of(client, live_server.url))  # type: ignore[arg-type]
            response = page.goto(url)
            assert response is not None and response.status < 400, f"{url}: {response}"
            measured += 1
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                culprits = page.evaluate(TOO_WIDE, PHONE["width"])
                too_wide.append(f"{url} ({persona}): {width}px: {', '.join(culprits)}")
            # Leave the page: a waiting phone page refreshes itself and live pages keep a
            # stream open, and their requests would write sessions in the server's thread while
            # this one signs the next persona in (SQLite's shared test database locks a table).
            page.goto("about:blank")
    assert measured >= 10
    assert not too_wide, "Wider than a 360 px phone:\n" + "\n".join(too_wide)
