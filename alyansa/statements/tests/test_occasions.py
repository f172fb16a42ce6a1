"""Occasions (May Day, International Migrants Day, ...) are named in each language, as topics
are: readers see the name in theirs, or the default name."""

import json

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from alyansa.audit.models import AuditEvent
from alyansa.statements import services
from alyansa.statements.models import Occasion, Statement
from alyansa.statements.testing import make_statement
from conftest import client_for

pytestmark = pytest.mark.django_db


MAY_DAY_NAMES = {"es": "Día Internacional de los Trabajadores", "ar": "اليوم العالمي للعمال"}


@pytest.fixture
def may_day():  # type: ignore[no-untyped-def]
    return services.occasion_create(
        slug="may-day", name="International Workers' Day", names=MAY_DAY_NAMES, acting_user=None
    )


@pytest.fixture
def may_day_statement(may_day):  # type: ignore[no-untyped-def]
    return make_statement(
        slug="may-day-2026",
        status=Statement.Status.PUBLISHED,
        occasion=may_day,
        translations={"ar": "عيد العمال"},
    )


def test_an_occasion_falls_back_from_a_regional_variant_to_its_language_then_the_default(
    may_day,
):
    assert may_day.name_in("es-mx") == "Día Internacional de los Trabajadores"
    assert may_day.name_in("tl") == "International Workers' Day"


def test_a_spanish_reader_sees_the_spanish_name_on_the_statement_page_and_archive_filter(
    may_day_statement,
):
    spanish = Client(headers={"accept-language": "es"})
    page = spanish.get(may_day_statement.get_absolute_url()).content.decode()
    assert "?occasion=may-day" in page and "Día Internacional de los Trabajadores</a>" in page
    archive = spanish.get(reverse("statements:archive")).content.decode()
    assert '<option value="may-day">Día Internacional de los Trabajadores</option>' in archive
    tagalog = Client(headers={"accept-language": "tl"}).get(may_day_statement.get_absolute_url())
    assert "International Workers&#x27; Day</a>" in tagalog.content.decode()


def test_feeds_file_each_entry_under_its_occasion_in_the_entry_s_language(may_day_statement):
    atom = feedparser.parse(
        Client().get(reverse("statements:feed_atom"), {"language": "ar"}).content
    )
    assert [tag.term for tag in atom.entries[0].tags] == ["اليوم العالمي للعمال"]
    feed = json.loads(Client().get(reverse("statements:feed_json")).content)
    assert feed["items"][0]["tags"] == ["International Workers' Day"]


def test_a_feed_can_follow_one_occasion(may_day, may_day_statement):
    make_statement(slug="another-day", status=Statement.Status.PUBLISHED)
    feed = json.loads(
        Client().get(reverse("statements:feed_json"), {"occasion": "may-day"}).content
    )
    assert len(feed["items"]) == 1 and "/may-day-2026/" in feed["items"][0]["url"]


def test_the_secretariat_adds_an_occasion_with_its_names(secretariat):
    response = client_for(secretariat).post(
        reverse("statements:occasions"),
        {
            "slug": "migrants-day",
            "name": "International Migrants Day",
            "name_tl": "Pandaigdigang Araw ng mga Migrante",
            "name_en": "International Migrants Day",  # the default name again: not kept twice
        },
    )
    assert response.status_code == 302
    occasion = Occasion.objects.get(slug="migrants-day")
    assert occasion.names == {"tl": "Pandaigdigang Araw ng mga Migrante"}
    assert AuditEvent.objects.for_object(occasion).filter(action="occasion.create").exists()
    listing = client_for(secretariat).get(reverse("statements:occasions")).content.decode()
    assert "Pandaigdigang Araw ng mga Migrante" in listing


def test_renaming_an_occasion_shows_at_once_on_its_cached_statement_page(
    secretariat, may_day, may_day_statement
):
    spanish = Client(headers={"accept-language": "es"})
    url = may_day_statement.get_absolute_url()
    assert "Día Internacional de los Trabajadores" in spanish.get(url).content.decode()
    response = client_for(secretariat).post(
        reverse("statements:occasion_edit", args=["may-day"]),
        {"name": "May Day", "name_es": "Primero de Mayo"},
    )
    assert response.status_code == 302
    assert "Primero de Mayo</a>" in spanish.get(url).content.decode()
    may_day.refresh_from_db()
    assert (may_day.slug, may_day.name, may_day.names) == (
        "may-day",
        "May Day",
        {"es": "Primero de Mayo"},
    )
    event = AuditEvent.objects.for_object(may_day).get(action="occasion.update")
    assert event.changes["name"] == ["International Workers' Day", "May Day"]


def test_an_occasion_s_address_is_taken_once_and_its_name_is_required(secretariat, may_day):
    client = client_for(secretariat)
    taken = client.post(reverse("statements:occasions"), {"slug": "may-day", "name": "Labour"})
    assert "An occasion already has this address." in taken.content.decode()
    nameless = client.post(
        reverse("statements:occasion_edit", args=["may-day"]), {"name": "  ", "name_es": "x"}
    )
    assert nameless.status_code == 200
    may_day.refresh_from_db()
    assert may_day.name == "International Workers' Day"


def test_an_officer_or_a_coordinator_cannot_name_occasions(officer, coordinator_of, may_day):
    for user in (officer, coordinator_of):
        client = client_for(user)
        assert client.get(reverse("statements:occasions")).status_code in (403, 404)
        edit = reverse("statements:occasion_edit", args=["may-day"])
        assert client.post(edit, {"name": "Renamed"}).status_code in (403, 404)
        created = client.post(
            reverse("statements:occasions"), {"slug": "new-day", "name": "New day"}
        )
        assert created.status_code in (403, 404)
    may_day.refresh_from_db()
    assert may_day.name == "International Workers' Day"
    assert not Occasion.objects.filter(slug="new-day").exists()


def test_the_occasions_page_reads_a_fixed_number_of_queries(
    secretariat, django_assert_max_num_queries
):
    for number in range(30):
        occasion = services.occasion_create(
            slug=f"day-{number}", name=f"Day {number}", names={"fr": "Journée"}, acting_user=None
        )
        make_statement(occasion=occasion)
    client = client_for(secretariat)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("statements:occasions"))
    assert response.status_code == 200 and "Day 29" in response.content.decode()


def test_the_archive_reads_the_same_number_of_queries_with_many_occasions(
    django_assert_max_num_queries,
):
    for number in range(30):
        occasion = services.occasion_create(
            slug=f"day-{number}", name=f"Day {number}", acting_user=None
        )
        make_statement(occasion=occasion, status=Statement.Status.PUBLISHED)
    Client().get(reverse("statements:archive"))  # the year and issuer choices, now cached
    with django_assert_max_num_queries(8):
        response = Client().get(reverse("statements:archive"))
    assert response.status_code == 200 and "Day 29" in response.content.decode()
