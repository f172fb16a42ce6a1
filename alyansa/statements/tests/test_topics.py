"""Topics have a name in each language; readers see theirs, or the default name."""

import json

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alyansa.accounts.testing import make_token
from alyansa.audit.models import AuditEvent
from alyansa.statements import services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import Statement, Topic
from alyansa.statements.testing import make_statement
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def wages():  # type: ignore[no-untyped-def]
    return services.topic_create(
        slug="wages",
        name="Wages",
        names={"ar": "الأجور", "es": "Salarios"},
        acting_user=None,
    )


def test_a_topic_is_named_in_the_reader_s_language_or_by_its_default_name(wages):
    assert wages.name_in("ar") == "الأجور"
    assert wages.name_in("es-mx") == "Salarios"  # a regional variant falls back to its language
    assert wages.name_in("tl") == "Wages"
    with translation.override("es"):
        assert str(wages) == "Salarios"


def test_the_statement_page_archive_and_feed_show_the_reader_s_topic_name(wages):
    statement = make_statement(
        slug="wages-now",
        title="Wages now",
        status=Statement.Status.PUBLISHED,
        topics=(wages,),
        translations={"ar": "الأجور الآن"},
    )
    arabic = Client(headers={"accept-language": "ar"})
    assert "الأجور</a>" in arabic.get(statement.get_absolute_url()).content.decode()
    tagalog = Client(headers={"accept-language": "tl"})
    assert ">Wages</a>" in tagalog.get(statement.get_absolute_url()).content.decode()
    archive = Client(headers={"accept-language": "es"}).get(reverse("statements:archive"))
    assert '<option value="wages">Salarios</option>' in archive.content.decode()
    # A feed in Arabic files its entries under the Arabic names.
    feed = feedparser.parse(
        Client().get(reverse("statements:feed_atom"), {"language": "ar"}).content
    )
    assert [tag.term for tag in feed.entries[0].tags] == ["الأجور"]


def test_the_secretariat_names_a_new_topic_in_several_languages(secretariat):
    response = client_for(secretariat).post(
        reverse("statements:topics"),
        {"slug": "detention", "name": "Detention", "name_ar": "الاحتجاز", "name_fr": ""},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="detention")
    assert (topic.name, topic.names) == ("Detention", {"ar": "الاحتجاز"})
    assert AuditEvent.objects.for_object(topic).filter(action="topic.create").exists()
    page = client_for(secretariat).get(reverse("statements:topics")).content.decode()
    assert "الاحتجاز" in page


def test_renaming_a_topic_shows_at_once_on_the_cached_statement_page(secretariat, wages):
    statement = make_statement(slug="cached", status=Statement.Status.PUBLISHED, topics=(wages,))
    arabic = Client(headers={"accept-language": "ar"})
    assert "الأجور" in arabic.get(statement.get_absolute_url()).content.decode()  # now cached
    response = client_for(secretariat).post(
        reverse("statements:topic_edit", args=["wages"]),
        {"name": "Wages and wage theft", "name_ar": "الأجور وسرقة الأجور", "name_es": "Salarios"},
    )
    assert response.status_code == 302
    assert "الأجور وسرقة الأجور" in arabic.get(statement.get_absolute_url()).content.decode()
    wages.refresh_from_db()
    assert wages.slug == "wages" and wages.name == "Wages and wage theft"
    event = AuditEvent.objects.for_object(wages).get(action="topic.update")
    assert event.changes["name"] == ["Wages", "Wages and wage theft"]


def test_the_edit_page_shows_every_language_with_its_name(secretariat, wages):
    html = client_for(secretariat).get(reverse("statements:topic_edit", args=["wages"]))
    text = html.content.decode()
    assert 'name="name_ar"' in text and 'value="الأجور"' in text and 'lang="ar"' in text
    assert 'name="name_tl"' in text


def test_a_name_in_a_language_the_site_does_not_have_is_refused(secretariat, wages):
    with pytest.raises(StatementRuleError, match="xx is not a language of this site"):
        services.topic_update(topic=wages, acting_user=secretariat, name="Wages", names={"xx": "?"})


def test_two_topics_cannot_share_an_address(secretariat, wages):
    response = client_for(secretariat).post(
        reverse("statements:topics"), {"slug": "wages", "name": "Pay"}
    )
    assert "A topic already has this address." in response.content.decode()
    wages.refresh_from_db()
    assert wages.name == "Wages"


def test_a_topic_needs_a_name(secretariat):
    response = client_for(secretariat).post(
        reverse("statements:topics"), {"slug": "nameless", "name": " "}
    )
    assert response.status_code == 200
    assert not Topic.objects.exists()


def test_only_the_secretariat_names_topics(officer, coordinator_of, wages):
    for user in (officer, coordinator_of):
        client = client_for(user)
        assert client.get(reverse("statements:topics")).status_code in (403, 404)
        response = client.post(
            reverse("statements:topic_edit", args=["wages"]), {"name": "Renamed"}
        )
        assert response.status_code in (403, 404)
        api = Client(headers={"authorization": f"Bearer {make_token(user)}"}).put(
            reverse("api-v1:statement_topic_update", args=["wages"]),
            json.dumps({"name": "Renamed", "names": {}}),
            content_type="application/json",
        )
        assert api.status_code in (403, 404)
    wages.refresh_from_db()
    assert wages.name == "Wages"


def test_the_topics_page_reads_a_fixed_number_of_queries(
    secretariat, django_assert_max_num_queries
):
    for number in range(30):
        topic = services.topic_create(
            slug=f"topic-{number}", name=f"Topic {number}", names={"ar": "موضوع"}, acting_user=None
        )
        make_statement(topics=(topic,))
    client = client_for(secretariat)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("statements:topics"))
    assert response.status_code == 200 and "Topic 29" in response.content.decode()
