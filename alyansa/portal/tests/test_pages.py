"""The public face: small pages, no other hosts, strict security headers, any language."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from alyansa.accounts.testing import make_user

pytestmark = pytest.mark.django_db
OTHER_HOST = re.compile(r"""(?:src|href|action)=["']?(?:https?:)?//""", re.IGNORECASE)


def wire_size(html: bytes) -> int:
    """Bytes on the wire for the page and its stylesheet, each compressed."""
    css = open(finders.find("css/site.css"), "rb").read()  # noqa: SIM115
    return len(gzip.compress(html)) + len(gzip.compress(css))


def test_the_home_page_is_small_and_asks_no_other_host() -> None:
    response = Client().get(reverse("portal:home"))
    assert response.status_code == 200
    assert wire_size(response.content) < 30_000
    assert not OTHER_HOST.search(response.content.decode())


def test_pages_carry_a_strict_content_security_policy() -> None:
    response = Client().get(reverse("portal:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()
    assert "style=" not in response.content.decode()


def test_choosing_arabic_turns_the_page_right_to_left() -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"}, follow=True)
    page = response.content.decode()
    assert 'lang="ar"' in page
    assert 'dir="rtl"' in page


@pytest.mark.parametrize("language", ["en", "tl", "id", "es", "fr", "ar"])
def test_every_language_is_offered_and_translated(language: str) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("portal:home")).content.decode()
    assert f'lang="{language}"' in page
    assert f'<option value="{language}" lang="{language}" selected>' in page
    skip_link = re.search(r'<a class="skip" href="#main">([^<]+)</a>', page)
    assert skip_link
    if language != "en":
        assert skip_link.group(1) != "Skip to content", f"{language} is not translated"


def test_the_health_check_answers_for_the_database_and_the_queue() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": True, "tasks": True}


def test_the_api_documentation_is_served_from_our_own_host() -> None:
    page = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert not OTHER_HOST.search(page)
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Alyansa API"


def test_a_missing_page_is_a_plain_404_without_a_trace() -> None:
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_the_dashboard_greets_a_signed_in_person() -> None:
    client = Client()
    client.force_login(make_user("Amihan"))
    assert "Amihan" in client.get(reverse("portal:dashboard")).content.decode()
