"""The delegate's phone in a real browser: the badge's link signs in, the delegate checks in
online and asks for the floor, with JavaScript (htmx) and without it."""

from __future__ import annotations

import pytest

from alyansa.assemblies.services import item_open
from alyansa.assemblies.testing import make_assembly, make_credential, make_delegate, make_item
from alyansa.core.browser import browser_page, chromium_missing_reason

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
    ),
]

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True}


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_a_delegate_signs_in_from_the_badge_and_asks_for_the_floor(live_server, javascript) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly(hybrid=True)
    item_open(item=make_item(assembly, "motion", "Program of action"), acting_user=None)
    _credential, secret = make_credential(make_delegate("Fatima Haddad", assembly=assembly))
    with browser_page(live_server.url, java_script_enabled=javascript, **PHONE) as (page, foreign):
        page.goto(f"/assemblies/signin/#{secret}")
        if not javascript:  # the page cannot read the code after "#": the delegate types it
            page.get_by_label("Badge code").fill(secret)
            page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/assemblies/me/")  # the secret is in no address the server saw
        page.get_by_role("button", name="I am taking part (check in online)").click()
        assert page.get_by_text("You are checked in.").is_visible()
        button = page.get_by_role("button", name="Ask for the floor")
        button.focus()
        page.keyboard.press("Enter")
        page.get_by_text("You are number 1 on the list of speakers.").wait_for()
        assert page.get_by_role("heading", name="Program of action").is_visible()
    assert foreign == []
