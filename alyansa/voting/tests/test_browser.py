"""The delegate's vote and the projector in a real browser (keyboard only for the vote)."""

from __future__ import annotations

import pytest

from alyansa.assemblies.services import hall_link_create
from alyansa.assemblies.testing import make_credential
from alyansa.core.browser import browser_page, chromium_missing_reason
from alyansa.voting.models import Ballot
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_hall, make_open_poll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
    ),
]


def test_a_delegate_votes_from_the_phone_and_the_projector_shows_the_result(live_server) -> None:  # type: ignore[no-untyped-def]
    assembly, (ana, _bea) = make_hall(2)
    _credential, secret = make_credential(ana)
    poll = make_open_poll(assembly, title="Adopt the program of action")
    with browser_page(live_server.url, viewport={"width": 360, "height": 740}) as (page, foreign):
        page.goto(f"/assemblies/signin/#{secret}")
        page.wait_for_url("**/assemblies/me/")
        page.goto("/voting/me/")
        page.get_by_role("link", name="Vote").click()
        page.get_by_label("Yes").check()
        page.get_by_role("button", name="Review my vote").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("text=You are voting:")
        assert "Yes" in page.locator(".verdict").inner_text()
        page.get_by_role("button", name="Cast my vote").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".receipt")
        receipt = page.locator(".receipt").inner_text()
        assert len(receipt) == 19
        page.goto("/voting/me/")
        assert "cast" in page.locator("main").inner_text()

        hall = hall_link_create(assembly=assembly, acting_user=None)
        page.goto(f"/voting/{assembly.slug}/hall/#{hall}")  # the hall display's secret link
        page.wait_for_url(f"**/voting/{assembly.slug}/projector/")
        assert "1 of 2 has voted" in page.locator(".poll-state").inner_text()
        poll_close(poll=poll, acting_user=None)
        page.reload()
        text = page.locator(".poll-state").inner_text()
        assert "Voting is closed" in text
        assert "Carried (1 yes, 0 no, 0 abstaining)" in text

        page.goto(f"/voting/polls/{poll.pk}/?receipt={receipt}")
        assert "Your receipt is on the board" in page.locator("main").inner_text()
        assert foreign == []
    assert Ballot.objects.filter(poll=poll).count() == 1
