"""A visitor in a real browser: the home page, Arabic right to left, sign in and out."""

from __future__ import annotations

import pytest

from alyansa.accounts.testing import TEST_PASSWORD, make_user
from alyansa.core.browser import browser_page, chromium_missing_reason

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
    ),
]


def test_a_visitor_switches_to_arabic_signs_in_and_out(live_server) -> None:  # type: ignore[no-untyped-def]
    person = make_user("Cora Coordinator")
    with browser_page(live_server.url) as (page, foreign_requests):
        page.goto("/")
        assert page.locator("html").get_attribute("dir") == "ltr"
        page.select_option("#language-select", "ar")
        page.click(".language button")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "ar"

        page.goto("/accounts/login/")
        page.fill("input[name=login]", person.email)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
        page.wait_for_url("**/dashboard/")
        assert "Cora Coordinator" in page.content()

        page.goto("/accounts/logout/")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        assert page.locator("a[href='/accounts/login/']").count() == 1
        assert foreign_requests == []


def test_the_keyboard_reaches_the_content_first(live_server) -> None:  # type: ignore[no-untyped-def]
    with browser_page(live_server.url) as (page, _foreign_requests):
        page.goto("/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
