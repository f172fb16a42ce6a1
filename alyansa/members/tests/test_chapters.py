"""Chapters: the secretariat renames them and edits their details; the old names are kept."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.audit.models import AuditEvent
from alyansa.members.models import Chapter
from alyansa.members.services import MembershipRuleError, chapter_update
from alyansa.members.testing import make_chapter, make_country, make_organization
from conftest import client_for

# Dates of decisions and terms: run under the clocks of conftest.CLOCKS.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

D = datetime.date


@pytest.fixture
def chapter(db):  # type: ignore[no-untyped-def]
    return make_chapter("Migrante Hong Kong", country=make_country("PH"))


def _details(chapter: Chapter, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": chapter.name,
        "acronym": chapter.acronym,
        "kind": chapter.kind,
        "region": chapter.region_id,
        "country": chapter.country_id or "",
        "email": chapter.email,
    }
    data.update(changes)
    return data


def test_renaming_keeps_the_address_and_the_old_name_until_the_day_before(chapter):
    slug = chapter.slug
    chapter_update(
        chapter=chapter,
        changes={"name": "Migrante International Hong Kong", "acronym": "MIHK"},
        renamed_on=D(2024, 3, 1),
        acting_user=None,
    )
    chapter.refresh_from_db()
    assert (chapter.name, chapter.acronym, chapter.slug) == (
        "Migrante International Hong Kong",
        "MIHK",
        slug,
    )
    [former] = chapter.former_names.all()
    assert (former.name, former.acronym, former.until) == ("Migrante Hong Kong", "", D(2024, 2, 29))
    assert chapter.name_on(D(2024, 2, 29)) == "Migrante Hong Kong"
    assert chapter.name_on(D(2024, 3, 1)) == "Migrante International Hong Kong"


def test_renamings_follow_each_other_in_time(chapter):
    chapter_update(
        chapter=chapter, changes={"name": "Second"}, renamed_on=D(2024, 3, 1), acting_user=None
    )
    with pytest.raises(MembershipRuleError, match="already renamed on 2024-03-01"):
        chapter_update(
            chapter=chapter, changes={"name": "Third"}, renamed_on=D(2024, 3, 1), acting_user=None
        )
    chapter_update(
        chapter=chapter, changes={"name": "Third"}, renamed_on=D(2025, 1, 1), acting_user=None
    )
    assert chapter.name_on(D(2020, 1, 1)) == "Migrante Hong Kong"
    assert chapter.name_on(D(2024, 6, 1)) == "Second"
    assert chapter.name_on(D(2025, 1, 1)) == "Third"
    tomorrow_but_one = timezone.localdate() + datetime.timedelta(days=2)
    with pytest.raises(MembershipRuleError, match="future"):
        chapter_update(
            chapter=chapter,
            changes={"name": "Fourth"},
            renamed_on=tomorrow_but_one,
            acting_user=None,
        )


def test_details_change_without_a_renaming_and_each_change_is_audited(chapter, secretariat):
    chapter_update(
        chapter=chapter,
        changes={"email": "hk@example.org", "description": {"en": "Hong Kong chapter", "tl": " "}},
        acting_user=secretariat,
    )
    chapter.refresh_from_db()
    assert chapter.email == "hk@example.org" and chapter.description == {"en": "Hong Kong chapter"}
    assert not chapter.former_names.exists()
    audit = AuditEvent.objects.for_object(chapter).get(action="chapter.update")
    assert audit.actor == secretariat
    assert audit.changes["email"] == ["", "hk@example.org"]
    # Saving the same values again records nothing.
    chapter_update(chapter=chapter, changes={"email": "hk@example.org"}, acting_user=secretariat)
    assert AuditEvent.objects.filter(action="chapter.update").count() == 1


def test_a_national_chapter_keeps_a_country(chapter):
    with pytest.raises(MembershipRuleError, match="needs its country"):
        chapter_update(chapter=chapter, changes={"country": None}, acting_user=None)
    chapter_update(
        chapter=chapter, changes={"kind": Chapter.Kind.REGIONAL, "country": None}, acting_user=None
    )
    chapter.refresh_from_db()
    assert chapter.kind == "regional" and chapter.country is None


def test_the_secretariat_renames_a_chapter_on_its_page(chapter, secretariat):
    client = client_for(secretariat)
    url = reverse("members:chapter_edit", args=[chapter.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url, _details(chapter, name="Migrante International Hong Kong", renamed_on="2024-03-01")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:chapter", args=[chapter.slug])
    page = client.get(response["Location"]).content.decode()
    assert "Migrante International Hong Kong" in page
    assert "Formerly:" in page and "Migrante Hong Kong" in page and "until 2024-02-29" in page


def test_a_refused_change_is_said_beside_the_form(chapter, secretariat):
    response = client_for(secretariat).post(
        reverse("members:chapter_edit", args=[chapter.slug]), _details(chapter, country="")
    )
    assert response.status_code == 200
    assert "A national chapter needs its country." in response.content.decode()
    chapter.refresh_from_db()
    assert chapter.country is not None


def test_a_coordinator_cannot_rename_a_chapter_of_its_organization(chapter):
    org = make_organization("Member of the chapter")
    chapter.organizations.add(org)
    coordinator = make_user("Cora", role=Role.COORDINATOR, scope=org)
    url = reverse("members:chapter_edit", args=[chapter.slug])
    client = client_for(coordinator)
    assert client.get(url).status_code == 403
    assert client.post(url, _details(chapter, name="Taken over")).status_code == 403
    chapter.refresh_from_db()
    assert chapter.name == "Migrante Hong Kong"
    page = client.get(reverse("members:chapter", args=[chapter.slug])).content.decode()
    assert url not in page


def test_the_chapter_page_query_count_does_not_grow_with_former_names(
    chapter, django_assert_max_num_queries
):
    client = client_for(None)
    url = reverse("members:chapter", args=[chapter.slug])
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for year in range(2015, 2024):
        chapter_update(
            chapter=chapter,
            changes={"name": f"Name {year}"},
            renamed_on=D(year, 1, 1),
            acting_user=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Name 2015" in response.content.decode()
