"""The secretariat's desk and the assembly's rules: written proxies recorded, listed and ended
(with the rules of proxies given from a phone), and the majorities and quorum set per assembly
and shown to the chair."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.models import Assembly, ItemKind, Proxy
from alyansa.assemblies.services import AssemblyRuleError, assembly_update, proxy_grant
from alyansa.assemblies.testing import (
    make_assembly,
    make_credential,
    make_delegate,
    make_item,
    sign_in_delegate,
)
from alyansa.audit.models import AuditEvent
from alyansa.members.testing import make_country, make_organization, make_region
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():  # type: ignore[no-untyped-def]
    """An assembly in session: two delegates of one union (one present, one away), and a
    present delegate of a union in another region."""
    assembly = make_assembly("Desk Assembly", proxy_cap=1, delegate_quota=20)
    union = make_organization("Union of the North", country=make_country("PH"))
    far = make_organization(
        "Far Union", country=make_country("GB", make_region("Europe")), acronym="FAR"
    )
    return {
        "assembly": assembly,
        "present": make_delegate(
            "Pina Present", assembly=assembly, organization=union, present=True
        ),
        "away": make_delegate("Aldo Away", assembly=assembly, organization=union),
        "also_away": make_delegate("Alma Away", assembly=assembly, organization=union),
        "far": make_delegate("Fe Far", assembly=assembly, organization=far, present=True),
    }


def proxies_url(assembly: Assembly) -> str:
    return reverse("assemblies:proxies", args=[assembly.slug])


def test_the_secretariat_records_a_written_proxy_handed_in_at_the_desk(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    response = client.post(
        proxies_url(hall["assembly"]),
        {"giver": hall["away"].pk, "holder": hall["present"].pk},
    )
    assert response.status_code == 302
    proxy = Proxy.objects.get(giver=hall["away"])
    assert proxy.holder == hall["present"] and proxy.recorded_by == secretariat
    event = AuditEvent.objects.filter(action="proxy.grant").latest("pk")
    assert event.actor == secretariat
    assert event.changes["giver"] == hall["away"].pk and event.changes["paper"] is True
    page = client.get(proxies_url(hall["assembly"])).content.decode()
    assert "Recorded: Pina Present holds the vote of Aldo Away." in page
    assert "Aldo Away" in page and secretariat.display_name in page and "In force" in page


@pytest.mark.parametrize(
    ("giver", "holder", "message"),
    [
        ("present", "away", "A proxy goes to a delegate who is present."),
        ("away", "far", "A proxy goes to a delegate of the same organization or region."),
        ("away", "away", "A delegate cannot be their own proxy."),
    ],
)
def test_a_written_proxy_follows_the_rules_of_proxies_and_the_form_says_why_not(  # type: ignore[no-untyped-def]
    hall, secretariat, giver, holder, message
) -> None:
    response = client_for(secretariat).post(
        proxies_url(hall["assembly"]), {"giver": hall[giver].pk, "holder": hall[holder].pk}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proxy.objects.exists()


def test_a_holder_takes_no_more_proxies_than_the_cap_allows(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    proxy_grant(giver=hall["away"], holder=hall["present"])
    response = client_for(secretariat).post(
        proxies_url(hall["assembly"]),
        {"giver": hall["also_away"].pk, "holder": hall["present"].pk},
    )
    assert "already holds 1 proxies, the most allowed" in response.content.decode()
    assert Proxy.objects.active().count() == 1


def test_a_delegate_of_another_assembly_cannot_be_picked(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    stranger = make_delegate("Sol Stranger", assembly=make_assembly(), present=True)
    response = client_for(secretariat).post(
        proxies_url(hall["assembly"]), {"giver": hall["away"].pk, "holder": stranger.pk}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Proxy.objects.exists()


def test_the_secretariat_ends_a_proxy_and_the_list_keeps_it(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    proxy = proxy_grant(giver=hall["away"], holder=hall["present"])
    client = client_for(secretariat)
    url = reverse("assemblies:proxy_end", args=[hall["assembly"].slug, proxy.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second click changes nothing
    proxy.refresh_from_db()
    assert proxy.revoked_at is not None and proxy.revoked_by == secretariat
    assert AuditEvent.objects.filter(action="proxy.revoke").count() == 1
    page = client.get(proxies_url(hall["assembly"])).content.decode()
    assert "Ended" in page and "the delegate, from their phone" in page


def test_a_proxy_of_another_assembly_cannot_be_ended_from_this_one(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    proxy = proxy_grant(giver=hall["away"], holder=hall["present"])
    other = make_assembly()
    url = reverse("assemblies:proxy_end", args=[other.slug, proxy.pk])
    assert client_for(secretariat).post(url).status_code == 404
    proxy.refresh_from_db()
    assert proxy.revoked_at is None


def test_only_the_secretariat_sees_records_or_ends_proxies(hall) -> None:  # type: ignore[no-untyped-def]
    proxy = proxy_grant(giver=hall["away"], holder=hall["present"])
    officer = make_user("Olu Officer", role=Role.OFFICER)
    coordinator = make_user("Cora", role=Role.COORDINATOR, scope=hall["present"].organization)
    end = reverse("assemblies:proxy_end", args=[hall["assembly"].slug, proxy.pk])
    record = {"giver": hall["also_away"].pk, "holder": hall["present"].pk}
    for user in (officer, coordinator, make_user("Pat Plain")):
        client = client_for(user)
        assert client.get(proxies_url(hall["assembly"])).status_code == 403
        assert client.post(proxies_url(hall["assembly"]), record).status_code == 403
        assert client.post(end).status_code == 403
    phone = Client()
    sign_in_delegate(phone, make_credential(hall["present"])[1])
    assert phone.post(end).status_code == 302  # to the sign-in page: no account
    assert phone.post(proxies_url(hall["assembly"]), record)["Location"].startswith(
        reverse("account_login")
    )
    proxy.refresh_from_db()
    assert proxy.revoked_at is None and Proxy.objects.count() == 1


def test_the_proxies_page_reads_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    hall, secretariat, django_assert_max_num_queries
) -> None:
    assembly = hall["assembly"]
    assembly_update(assembly=assembly, changes={"proxy_cap": 50}, acting_user=None)
    client = client_for(secretariat)
    client.get(proxies_url(assembly))  # sessions and the like, once
    for number in range(12):
        giver = make_delegate(
            f"Giver {number}", assembly=assembly, organization=hall["present"].organization
        )
        proxy_grant(giver=giver, holder=hall["present"], acting_user=secretariat)
    with django_assert_max_num_queries(12):
        page = client.get(proxies_url(assembly))
    assert page.content.decode().count("In force") == 12


def test_the_secretariat_sets_the_assemblys_majorities_and_quorum(secretariat) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly("Rules Assembly", time_zone="UTC")
    client = client_for(secretariat)
    form = client.get(reverse("assemblies:edit", args=[assembly.slug])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        starts=form.initial["starts"].strftime("%Y-%m-%d %H:%M"),
        ends=form.initial["ends"].strftime("%Y-%m-%d %H:%M"),
        threshold_constitutional="three-quarters",
        threshold_admission="two-thirds",
        quorum_basis="ballots-cast",
        quorum_percent=60,
    )
    data["hybrid"] = "" if not data["hybrid"] else "on"
    response = client.post(reverse("assemblies:edit", args=[assembly.slug]), data)
    assert response.status_code == 302
    assembly.refresh_from_db()
    assert assembly.threshold_for(ItemKind.CONSTITUTIONAL) == "three-quarters"
    assert assembly.threshold_for(ItemKind.ADMISSION) == "two-thirds"
    assert assembly.threshold_for(ItemKind.MOTION) == "majority-excluding-abstentions"
    assert (assembly.quorum_basis, assembly.quorum_percent) == ("ballots-cast", 60)
    event = AuditEvent.objects.filter(action="assembly.update").latest("pk")
    assert event.changes["threshold_constitutional"] == ["two-thirds", "three-quarters"]


def test_a_question_without_an_item_takes_the_motions_majority() -> None:
    assembly = make_assembly(threshold_motion="majority-of-votes-cast")
    assert assembly.threshold_for(None) == "majority-of-votes-cast"
    assert assembly.threshold_for(ItemKind.PRESENTATION) == "majority-of-votes-cast"


def test_an_unknown_majority_or_quorum_basis_is_refused() -> None:
    assembly = make_assembly()
    with pytest.raises(AssemblyRuleError, match="Not a known majority"):
        assembly_update(assembly=assembly, changes={"threshold_motion": "most"}, acting_user=None)
    with pytest.raises(AssemblyRuleError, match="quorum"):
        assembly_update(assembly=assembly, changes={"quorum_basis": "vibes"}, acting_user=None)


def test_the_chair_sees_the_rules_and_each_items_majority_on_the_console(officer) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly(threshold_constitutional="three-quarters", quorum_percent=40)
    make_item(assembly, ItemKind.CONSTITUTIONAL, "Article 3", constitution_text="Article 3.")
    make_item(assembly, ItemKind.PRESENTATION, "Keynote")
    page = client_for(officer).get(reverse("assemblies:console", args=[assembly.slug]))
    text = page.content.decode()
    assert "Rules for decisions" in text
    assert "Constitutional amendment</dt><dd>Three quarters of the yes and no votes" in text
    assert "40% of the registered voting strength" in text
    assert "majority needed: Three quarters of the yes and no votes" in text
    assert text.count("majority needed:") == 1  # a presentation is not voted on
    assert reverse("assemblies:edit", args=[assembly.slug]) not in text  # officers do not edit
