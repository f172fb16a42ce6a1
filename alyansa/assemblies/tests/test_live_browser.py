"""The assembly's live pages in a real browser against a real server: the phone and the
projector follow the chair's moves without anyone reloading them.

Django's test server is not ASGI, so `alyansa.asgi` runs under uvicorn on PostgreSQL, and the
chair's moves are made by another process (as from the console), reaching the pages through
LISTEN/NOTIFY.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from alyansa.core.browser import browser_page, chromium_missing_reason
from alyansa.core.tests.test_live import (
    ALYANSA,
    _environment,
    _free_port,
    _servers,
    postgres_url,  # noqa: F401 - a fixture
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
    ),
]

SETUP = """
import uuid
from alyansa.assemblies.testing import make_assembly, make_credential, make_delegate, make_item
from alyansa.members.testing import make_organization
tag = uuid.uuid4().hex[:10]
assembly = make_assembly(f"Live Assembly {tag}")
item = make_item(assembly, "motion", f"Resolution {tag}")
union = make_organization(f"Union {tag}")
ana = make_delegate("Ana Phone", assembly=assembly, organization=union, present=True)
bea = make_delegate("Bea Speaker", assembly=assembly, organization=union, present=True)
_credential, secret = make_credential(ana)
from alyansa.assemblies.services import hall_link_create
hall = hall_link_create(assembly=assembly, acting_user=None)
print(assembly.slug, item.pk, bea.pk, secret, hall)
"""
OPEN_ITEM = """
from alyansa.assemblies.models import AgendaItem
from alyansa.assemblies.services import item_open
item_open(item=AgendaItem.objects.get(pk={item}), acting_user=None)
"""
GIVE_THE_FLOOR = """
from alyansa.assemblies.models import AgendaItem, Participant
from alyansa.assemblies.services import speaker_call_next, speaker_request
item = AgendaItem.objects.get(pk={item})
speaker_request(item=item, participant=Participant.objects.get(pk={bea}))
speaker_call_next(item=item, acting_user=None)
"""
OPEN_POLL = """
from alyansa.assemblies.models import Assembly
from alyansa.voting.testing import make_open_poll
make_open_poll(Assembly.objects.get(slug="{slug}"), title="Adopt the resolution")
"""


def test_the_phone_and_the_projector_follow_the_chair_without_a_reload(
    postgres_url: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    env = _environment(tmp_path, DATABASE_URL=postgres_url)

    def chair(code: str) -> str:
        done = subprocess.run(
            [ALYANSA, "shell", "--no-imports", "-c", code], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    slug, item, bea, secret, hall = chair(SETUP).split()[-5:]
    port = _free_port()
    server = [sys.executable, "-m", "uvicorn", "alyansa.asgi:application", "--port", str(port)]
    with (
        _servers([[*server, "--log-level", "warning"]], env, [port]),
        browser_page(f"http://127.0.0.1:{port}", viewport={"width": 360, "height": 740}) as (
            phone,
            foreign,
        ),
    ):
        phone.goto(f"/assemblies/signin/#{secret}")
        phone.wait_for_url("**/assemblies/me/")
        heading = phone.locator("#item-heading")
        assert heading.inner_text() == "No item is under discussion."
        projector = phone.context.new_page()
        projector.goto(f"/voting/{slug}/hall/#{hall}")  # the hall display's secret link
        projector.wait_for_url(f"**/voting/{slug}/projector/")

        chair(OPEN_ITEM.format(item=item))
        # Phones reload at a random moment within 5 s (spread over the hall).
        phone.wait_for_selector("#item-heading:has-text('Resolution')", timeout=15_000)

        chair(GIVE_THE_FLOOR.format(item=item, bea=bea))
        projector.wait_for_selector(".speakers strong", timeout=10_000)
        assert "Bea Speaker" in projector.locator(".speakers").inner_text()
        clock = phone.locator("[data-clock]")
        clock.wait_for(timeout=15_000)
        before = clock.inner_text()
        time.sleep(2.2)
        assert clock.inner_text() != before  # the clock runs in the browser

        chair(OPEN_POLL.format(slug=slug))
        phone.wait_for_selector("[data-live-poll-open]:not([hidden])", timeout=10_000)
        projector.wait_for_selector(".poll-state", timeout=10_000)
        assert "Voting is open" in projector.locator(".poll-state").inner_text()
        assert foreign == []


ITEM_WITH_A_DECIDED_MOTION = """
from alyansa.assemblies.models import AgendaItem
from alyansa.assemblies.services import item_open
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_open_poll
item = AgendaItem.objects.get(pk={item})
item_open(item=item, acting_user=None)
motion = make_open_poll(item.assembly, title="The motion on screen", item=item)
poll_close(poll=motion, acting_user=None)
"""
ELECTION_FROM_THE_COMMITTEES_PAGE = """
from alyansa.assemblies.models import Assembly
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_open_poll
poll = make_open_poll(Assembly.objects.get(slug="{slug}"), title="Election of the auditor")
poll_close(poll=poll, acting_user=None)
"""


def test_a_poll_closed_while_another_item_is_current_reloads_the_projector_once(
    postgres_url: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """The committee opens and closes an election from its own page while the chair's current
    item has its own decided motion: the projector shows the election's result after one
    reload, and never reloads again for the same news (it once reloaded 14 times a second)."""
    env = _environment(tmp_path, DATABASE_URL=postgres_url)

    def chair(code: str) -> str:
        done = subprocess.run(
            [ALYANSA, "shell", "--no-imports", "-c", code], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    slug, item, _bea, _secret, hall = chair(SETUP).split()[-5:]
    chair(ITEM_WITH_A_DECIDED_MOTION.format(item=item))
    port = _free_port()
    server = [sys.executable, "-m", "uvicorn", "alyansa.asgi:application", "--port", str(port)]
    with (
        _servers([[*server, "--log-level", "warning"]], env, [port]),
        browser_page(f"http://127.0.0.1:{port}", viewport={"width": 1280, "height": 800}) as (
            projector,
            foreign,
        ),
    ):
        projector.goto(f"/voting/{slug}/hall/#{hall}")
        projector.wait_for_url(f"**/voting/{slug}/projector/")
        assert "The motion on screen" in projector.locator(".poll-state").inner_text()
        loads: list[float] = []
        projector.on("load", lambda _page: loads.append(time.monotonic()))

        chair(ELECTION_FROM_THE_COMMITTEES_PAGE.format(slug=slug))
        projector.wait_for_selector(
            ".poll-state:has-text('Election of the auditor')", timeout=15_000
        )
        # A storm would show here: it reloaded 141 times in 10 s. (Playwright's own wait, not
        # time.sleep: the page's events reach `loads` only while Playwright is waiting.)
        projector.wait_for_timeout(4000)
        assert 1 <= len(loads) <= 2, loads
        assert "Election of the auditor" in projector.locator(".poll-state").inner_text()
        assert foreign == []
