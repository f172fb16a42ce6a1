"""The registry's key path in a real browser: an organization applies, the secretariat admits
it, its coordinator sets a password and edits the profile, and a visitor finds it in the
directory in another language."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.core.browser import browser_page, chromium_missing_reason
from alyansa.members.models import Organization
from alyansa.members.testing import make_country, make_organization, make_sector

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
    ),
]

NEW_PASSWORD = "a-long-new-password-2026"


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _sign_in_as(page, user, live_server) -> None:  # type: ignore[no-untyped-def]
    """A staff session without typing a second factor (the sign-in itself is tested in
    portal/tests/test_browser.py)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_an_organization_applies_is_admitted_edited_and_found_in_spanish(live_server):  # type: ignore[no-untyped-def]
    philippines = make_country("PH")
    make_sector()
    make_organization("Some Earlier Member", country=make_country("DE"))
    secretariat = make_user("Sara Secretariat", role=Role.SECRETARIAT)

    with browser_page(live_server.url) as (page, foreign_requests):
        # 1. The organization applies; a bad field gets a clear message first.
        page.goto("/members/apply/")
        page.fill("#id_name", "Bagong Samahan ng Migrante")
        page.fill("#id_contact_email", "not-an-address")
        page.click("main form button[type=submit]")
        assert page.locator("[role=alert]").count() == 1
        assert page.locator("#id_contact_email_error, .errorlist").count() >= 1
        page.fill("#id_acronym", "BSM")
        page.select_option("#id_country", str(philippines.pk))
        page.fill("#id_city", "Hong Kong")
        page.check("input[name=public_fields][value=city]")
        page.check("input[name=public_fields][value=description]")
        page.fill("#id_description_en", "Filipino migrants organizing in Hong Kong.")
        page.fill("#id_contact_name", "Ligaya")
        page.fill("#id_contact_email", "ligaya@example.org")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/members/apply/sent/")

        # ...and confirms the address from the e-mail.
        link = re.search(r"https?://\S+/apply/confirm/\S+/", mail.outbox[-1].body).group(0)
        page.goto(_path(link))
        page.click("main form button[type=submit]")
        assert "Bagong Samahan ng Migrante" in page.content()

        # 2. The secretariat admits it from the review queue.
        _sign_in_as(page, secretariat, live_server)
        page.goto("/members/applications/")
        section = page.locator("section.card", has_text="Bagong Samahan ng Migrante")
        section.locator("input[name=decision][value=admit]").check()
        section.locator("input[name=decided_by]").fill("International Coordinating Body")
        section.locator("button[type=submit]").click()
        page.wait_for_url("**/members/applications/")
        assert "Bagong Samahan ng Migrante" not in page.locator("main").inner_text()

        # 3. The coordinator chooses a password from the welcome e-mail and edits the profile.
        page.context.clear_cookies()
        welcome = mail.outbox[-1].body
        reset = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", welcome).group(0)
        page.goto(_path(reset))
        page.fill("input[name=password1]", NEW_PASSWORD)
        page.fill("input[name=password2]", NEW_PASSWORD)
        page.click("main form button[type=submit]")
        page.goto("/accounts/login/")
        page.fill("input[name=login]", "ligaya@example.org")
        page.fill("input[name=password]", NEW_PASSWORD)
        page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
        page.wait_for_url("**/dashboard/")
        page.goto("/members/mine/")
        page.click("text=Bagong Samahan ng Migrante")
        page.click("main >> text=Edit the profile")
        page.fill("#id_city", "Kowloon")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/manage/")
        assert Organization.objects.get(acronym="BSM").city == "Kowloon"

        # 4. A visitor finds it in the directory, in Spanish.
        page.context.clear_cookies()
        page.goto("/members/")
        page.select_option("#language-select", "es")
        page.click(".language button")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "es"
        page.select_option("#id_country", label="Filipinas")
        page.click("main form.filters button[type=submit]")
        page.wait_for_load_state()
        listing = page.locator("ul.orgs").inner_text()
        assert "Bagong Samahan ng Migrante" in listing
        assert "Kowloon, Filipinas" in listing
        assert "Some Earlier Member" not in listing
        assert foreign_requests == []
