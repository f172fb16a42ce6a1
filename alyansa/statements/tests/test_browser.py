"""The key path in a real browser: the secretariat drafts, an officer approves and publishes,
a visitor reads the statement in Arabic (right to left), and an organization endorses it."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.core.browser import browser_page, chromium_missing_reason
from alyansa.statements.models import Endorsement, Statement
from alyansa.statements.testing import make_statement

# Playwright's sync API runs an event loop in this thread; the test's database calls are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# ruff: noqa: RUF001 - Arabic text is meant
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
    ),
]


def sign_in_as(page: Any, user: Any, base_url: str) -> None:
    """Use a session made by the test client instead of typing a TOTP code."""
    client = Client()
    client.force_login(user)
    host = urlsplit(base_url).hostname
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )


def test_draft_approve_publish_read_in_arabic_and_endorse(live_server) -> None:  # type: ignore[no-untyped-def]
    secretariat = make_user("Sara Secretariat", role=Role.SECRETARIAT)
    officer = make_user("Olu Officer", role=Role.OFFICER)
    with browser_page(live_server.url) as (page, foreign_requests):
        # The secretariat drafts in English, adds the Arabic translation, sends it for review.
        sign_in_as(page, secretariat, live_server.url)
        page.goto("/statements/manage/new/")
        page.fill("input[name=slug]", "migrants-day-2026")
        page.select_option("select[name=source_language]", "en")
        page.fill("input[name=title]", "Regularization for all")
        page.fill("input[name=subtitle]", "No human being is illegal!")
        page.fill("textarea[name=body]", "We, migrant workers, **demand** our rights.")
        page.fill("textarea[name=demands]", "Regularize all undocumented migrants\nAbolish kafala")
        page.fill("input[name=issued_on]", "2026-12-18")
        page.check("input[name=open_for_endorsement]")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/statements/manage/migrants-day-2026/")
        page.goto("/statements/manage/migrants-day-2026/ar/edit/")
        page.fill("input[name=title]", "تسوية الأوضاع للجميع")
        page.fill("textarea[name=body]", "نحن العمال المهاجرين نطالب بحقوقنا.")
        page.fill("textarea[name=demands]", "تسوية أوضاع جميع المهاجرين\nإلغاء نظام الكفالة")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/statements/manage/migrants-day-2026/")
        page.click("text=Send for review")
        page.wait_for_load_state()
        assert "In review" in page.locator(".status").inner_text()

        # An officer approves and publishes it now.
        sign_in_as(page, officer, live_server.url)
        page.goto("/statements/manage/migrants-day-2026/")
        page.click("button:has-text('Approve')")
        page.wait_for_load_state()
        assert "Approved" in page.locator(".status").inner_text()
        page.click("button:has-text('Publish')")
        page.wait_for_load_state()
        assert "Published" in page.locator(".status").inner_text()
        assert Statement.objects.get(slug="migrants-day-2026").is_public()

        # A visitor reads it in Arabic, right to left.
        page.context.clear_cookies()
        page.goto("/statements/migrants-day-2026/")
        page.click("a[hreflang=ar]")
        article = page.locator("article.statement")
        assert article.get_attribute("lang") == "ar"
        assert article.get_attribute("dir") == "rtl"
        assert (
            page.evaluate("getComputedStyle(document.querySelector('article h1')).direction")
            == "rtl"
        )
        assert "تسوية الأوضاع للجميع" in article.inner_text()
        assert article.locator(".demands li").count() == 2

        # An organization endorses it, confirms by e-mail, and is shown after moderation.
        page.fill("input[name=organization_name]", "Kasama Hong Kong")
        page.fill("input[name=country]", "Hong Kong")
        page.fill("input[name=email]", "kasama@example.org")
        page.click("form.endorse-form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        link = next(
            line.strip()
            for line in mail.outbox[-1].body.splitlines()
            if "/endorse/confirm/" in line
        )
        page.goto(urlsplit(link).path)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert Endorsement.objects.get().status == Endorsement.Status.CONFIRMED

        sign_in_as(page, secretariat, live_server.url)
        page.goto("/statements/manage/endorsements/")
        page.click("button[value=approve]")
        page.wait_for_load_state()
        page.context.clear_cookies()
        page.goto("/statements/migrants-day-2026/en/")
        assert "Kasama Hong Kong" in page.locator("#endorsers").inner_text()
        assert foreign_requests == []


def test_a_printed_statement_leaves_out_the_share_links_and_the_forms(live_server) -> None:  # type: ignore[no-untyped-def]
    secretariat = make_user("Sara Secretariat", role=Role.SECRETARIAT)
    statement = make_statement(
        title="Printed for the ministry",
        status=Statement.Status.PUBLISHED,
        open_for_endorsement=True,
    )
    left_out = (".statement-meta .share", ".staff-links", ".endorse-form")
    with browser_page(live_server.url) as (page, _foreign_requests):
        sign_in_as(page, secretariat, live_server.url)
        page.goto(statement.get_absolute_url())
        article = page.locator(".statement")
        for selector in left_out:
            assert page.locator(selector).is_visible(), f"{selector} is not on the screen"
        page.emulate_media(media="print")
        for selector in left_out:
            assert page.locator(selector).is_hidden(), f"{selector} is printed"
        assert "Printed for the ministry" in article.inner_text()
