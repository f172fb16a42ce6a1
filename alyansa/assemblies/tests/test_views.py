"""Pages and API: registration stays within the organization, the delegate's session, badges,
check-in at the door, the chair's console, and list pages whose queries do not grow with N."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.badges import sign_in_url
from alyansa.assemblies.models import Assembly, Participant
from alyansa.assemblies.selectors import credential_find
from alyansa.assemblies.services import (
    AssemblyRuleError,
    amendment_add,
    assembly_update,
    credential_revoke,
    item_open,
    item_translate,
)
from alyansa.assemblies.testing import (
    check_in,
    make_assembly,
    make_credential,
    make_delegate,
    make_item,
    sign_in_delegate,
)
from alyansa.members.testing import make_organization
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    assembly = make_assembly(hybrid=True, delegate_quota=30)
    own, other = make_organization("Own Union"), make_organization("Other Union")
    coordinator = make_user("Cora", role=Role.COORDINATOR, scope=own)
    return assembly, own, other, coordinator


def test_a_coordinator_registers_delegates_of_their_own_organization(setting) -> None:  # type: ignore[no-untyped-def]
    assembly, own, _other, coordinator = setting
    client = client_for(coordinator)
    url = reverse("assemblies:register_organization", args=[assembly.slug, own.slug])
    response = client.post(url, {"display_name": "Ka Ising", "kind": "delegate"})
    assert response.status_code == 302
    assert Participant.objects.get(display_name="Ka Ising").organization == own


def test_a_coordinator_never_sees_or_changes_another_organizations_delegates(setting) -> None:  # type: ignore[no-untyped-def]
    assembly, _own, other, coordinator = setting
    theirs = make_delegate("Hidden Name", assembly=assembly, organization=other)
    client = client_for(coordinator)
    page = client.get(reverse("assemblies:register_organization", args=[assembly.slug, other.slug]))
    assert page.status_code == 404 and b"Hidden Name" not in page.content
    for name in ("credential_issue", "credential_revoke", "participant_withdraw"):
        assert client.post(reverse(f"assemblies:{name}", args=[theirs.pk])).status_code == 404
    api = client.get(reverse("api-v1:assemblies_participants", args=[assembly.slug, other.slug]))
    assert api.status_code == 404 and b"Hidden Name" not in api.content
    posted = client.post(
        reverse("api-v1:assemblies_register", args=[assembly.slug, other.slug]),
        json.dumps({"display_name": "Intruder"}),
        content_type="application/json",
    )
    assert posted.status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None and not theirs.credentials.exists()


def test_the_credential_is_shown_once_and_the_badge_prints_an_arabic_name(setting) -> None:  # type: ignore[no-untyped-def]
    assembly, own, _other, coordinator = setting
    delegate = make_delegate("فاطمة الزهراء", assembly=assembly, organization=own)
    client = client_for(coordinator)
    page = client.post(reverse("assemblies:credential_issue", args=[delegate.pk]))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    secret = page.context["secret"]
    assert f"{reverse('assemblies:signin_form')}#{secret}" in page.content.decode()
    pdf = client.post(reverse("assemblies:badge", args=[delegate.pk]), {"secret": secret})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    wrong = client.post(reverse("assemblies:badge", args=[delegate.pk]), {"secret": "X" * 20})
    assert wrong.status_code == 404


def test_the_badge_link_keeps_its_secret_out_of_every_address_the_server_sees() -> None:
    """The QR code's secret follows `#`, which a browser never sends: no access log, proxy or
    Referer holds it. The page posts it (static/assemblies/signin.js)."""
    link = sign_in_url("ABCDEFGHJKLMNPQRSTUV")
    assert link.endswith(f"{reverse('assemblies:signin_form')}#ABCDEFGHJKLMNPQRSTUV")
    page = Client().get(reverse("assemblies:signin_form"))
    assert b"data-code-from-fragment" in page.content and b"signin.js" in page.content
    assert Client().get("/assemblies/signin/ABCDEFGHJKLMNPQRSTUV/").status_code == 404


def test_signing_in_with_the_link_gives_the_delegate_session_and_nothing_else() -> None:
    assembly = make_assembly()
    delegate = make_delegate("Dina", assembly=assembly)
    _credential, secret = make_credential(delegate)
    client = Client()
    sign_in_delegate(client, secret)
    assert client.get(reverse("assemblies:me")).status_code == 200
    assert client.get(reverse("assemblies:console", args=[assembly.slug])).status_code == 302
    assert client.get(reverse("portal:dashboard")).status_code == 302  # no account


def test_a_revoked_credential_ends_the_session_at_the_next_request() -> None:
    assembly = make_assembly()
    credential, secret = make_credential(make_delegate(assembly=assembly))
    client = Client()
    sign_in_delegate(client, secret)
    credential_revoke(credential=credential, acting_user=None)
    assert client.get(reverse("assemblies:me")).status_code == 403
    again = client.post(reverse("assemblies:signin_form"), {"code": secret})
    assert again.status_code == 200 and "does not work" in again.content.decode()


def test_the_secretariat_checks_a_delegate_in_by_typing_the_badge_code(secretariat) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly()
    delegate = make_delegate(assembly=assembly)
    _credential, secret = make_credential(delegate)
    typed = "-".join(secret[i : i + 4] for i in range(0, 20, 4)).lower()
    client = client_for(secretariat)
    client.post(reverse("assemblies:check_in", args=[assembly.slug]), {"code": typed})
    assert Participant.objects.present().filter(pk=delegate.pk).exists()


def test_a_delegate_asks_for_the_floor_from_the_phone_and_the_chair_calls_them(officer) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly(hybrid=True)
    item = make_item(assembly, "motion", "Program of action")
    item_open(item=item, acting_user=None)
    delegate = make_delegate("Dina", assembly=assembly)
    _credential, secret = make_credential(delegate)
    phone = Client()
    sign_in_delegate(phone, secret)
    phone.post(reverse("assemblies:me_check_in"))
    phone.post(reverse("assemblies:floor"))
    assert "number 1" in phone.get(reverse("assemblies:me")).content.decode()
    chair = client_for(officer)
    chair.post(reverse("assemblies:speaker_next", args=[assembly.slug, item.pk]))
    console = chair.get(reverse("assemblies:console", args=[assembly.slug])).content.decode()
    assert ("Dina" in console and "3:00" in console) or "2:5" in console
    assert "You have the floor" in phone.get(reverse("assemblies:me")).content.decode()


def test_rate_limits_count_per_credential_not_per_address() -> None:
    assembly = make_assembly(hybrid=True)
    item = make_item(assembly)
    item_open(item=item, acting_user=None)
    phones = []
    for name in ("One", "Two"):
        _credential, secret = make_credential(make_delegate(name, assembly=assembly))
        phone = Client(REMOTE_ADDR="10.0.0.1")  # the whole hall behind one address
        sign_in_delegate(phone, secret)
        phones.append(phone)
    for _ in range(21):
        phones[0].post(reverse("assemblies:floor"), {"action": "withdraw"})
    limited = phones[0].post(reverse("assemblies:floor"), follow=True).content.decode()
    assert "Too many requests" in limited
    fine = phones[1].post(reverse("assemblies:floor"), follow=True).content.decode()
    assert "Too many requests" not in fine


def test_the_public_page_shows_the_agenda_in_the_visitors_language() -> None:
    assembly = make_assembly()
    item = make_item(assembly, "motion", "Program of action")
    item_translate(item=item, language="es", title="Programa de acción", text="", acting_user=None)
    page = Client(headers={"accept-language": "es"}).get(
        reverse("assemblies:detail", args=[assembly.slug])
    )
    assert "Programa de acción" in page.content.decode()


def test_a_draft_assembly_is_not_public() -> None:
    assembly = make_assembly(status="draft")
    assert Client().get(reverse("assemblies:detail", args=[assembly.slug])).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_the_participants_list_needs_the_same_queries_for_any_number(
    count, secretariat, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly(delegate_quota=50)
    org = make_organization()
    for number in range(count):
        check_in(make_delegate(f"D{number}", assembly=assembly, organization=org))
    client = client_for(secretariat)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("assemblies:participants", args=[assembly.slug])).status_code == 200
        )


@pytest.mark.parametrize("count", [2, 12])
def test_registration_and_console_pages_need_the_same_queries_for_any_number(
    count, secretariat, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly(delegate_quota=50)
    org = make_organization()
    for number in range(count):
        delegate = make_delegate(f"D{number}", assembly=assembly, organization=org, present=True)
        make_credential(delegate)
        make_item(assembly, title=f"Item {number}")
    client = client_for(secretariat)
    with django_assert_max_num_queries(14):
        url = reverse("assemblies:register_organization", args=[assembly.slug, org.slug])
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("assemblies:console", args=[assembly.slug])).status_code == 200


def test_the_list_of_assemblies_links_from_the_navigation() -> None:
    make_assembly("Fifth General Assembly")
    page = Client().get(reverse("assemblies:list")).content.decode()
    assert "Fifth General Assembly" in page


def test_the_delegate_api_answers_the_credential_session_and_wants_the_csrf_token() -> None:
    assembly = make_assembly()
    item = make_item(assembly, "motion", "Program of action")
    item_open(item=item, acting_user=None)
    _credential, secret = make_credential(make_delegate("Dina", assembly=assembly))
    phone = Client(enforce_csrf_checks=True)
    assert phone.get(reverse("api-v1:assemblies_me")).status_code == 401
    sign_in_delegate(phone, secret)
    state = phone.get(reverse("api-v1:assemblies_me")).json()
    assert state["display_name"] == "Dina" and state["current_item"]["id"] == item.pk
    assert phone.post(reverse("api-v1:assemblies_floor")).status_code == 403
    token = phone.get(reverse("assemblies:me")).context["csrf_token"]
    answer = phone.post(reverse("api-v1:assemblies_floor"), headers={"X-CSRFToken": str(token)})
    assert answer.status_code == 200 and answer.json() == {"place": 1}


def test_asking_for_the_floor_with_htmx_answers_with_the_phone_page() -> None:
    assembly = make_assembly()
    item_open(item=make_item(assembly), acting_user=None)
    _credential, secret = make_credential(make_delegate("Dina", assembly=assembly))
    phone = Client()
    sign_in_delegate(phone, secret)
    answer = phone.post(reverse("assemblies:floor"), headers={"HX-Request": "true"}, follow=True)
    assert answer.status_code == 200 and "number 1" in answer.content.decode()
    assert len(answer.content) < 12_000  # a small page for a phone on prepaid data


def test_the_secretariat_prints_the_missing_badges_in_one_file(secretariat) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly()
    with_badge = make_delegate(assembly=assembly)
    _credential, kept = make_credential(with_badge)
    others = [make_delegate(assembly=assembly) for _ in range(3)]
    client = client_for(secretariat)
    pdf = client.post(reverse("assemblies:badges", args=[assembly.slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert all(one.credentials.usable().count() == 1 for one in others)
    assert credential_find(kept) is not None  # an existing badge is not replaced
    again = client.post(reverse("assemblies:badges", args=[assembly.slug]))
    assert again.status_code == 302


def test_the_desk_checks_a_delegate_out_when_they_leave(secretariat) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly()
    delegate = make_delegate(assembly=assembly, present=True)
    _credential, secret = make_credential(delegate)
    client_for(secretariat).post(
        reverse("assemblies:check_in", args=[assembly.slug]), {"code": secret, "action": "out"}
    )
    assert not Participant.objects.present().filter(pk=delegate.pk).exists()


def test_times_typed_in_the_set_up_mean_the_assemblys_own_zone(secretariat) -> None:  # type: ignore[no-untyped-def]
    client_for(secretariat).post(
        reverse("assemblies:create"),
        {
            "title": "Zone Assembly",
            "time_zone": "Asia/Manila",
            "starts": "2027-03-01 09:00",
            "ends": "2027-03-03 17:00",
            "vote_mode": "per_delegate",
            "delegate_quota": 2,
            "proxy_scope": "region",
            "proxy_cap": 1,
            "quorum_percent": 50,
            "speaking_seconds": 180,
        },
    )
    assembly = Assembly.objects.get(title="Zone Assembly")
    assert assembly.starts_at.isoformat() == "2027-03-01T01:00:00+00:00"


def test_the_public_page_shows_the_times_in_the_assemblys_zone_whatever_the_servers() -> None:
    starts = datetime.datetime(2027, 3, 1, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Manila
    assembly = make_assembly(starts_at=starts, time_zone="Asia/Manila", status="announced")
    page = Client().get(reverse("assemblies:detail", args=[assembly.slug])).content.decode()
    assert "1 March 2027, 09:00" in page and "Asia/Manila" in page


def test_the_vote_mode_is_fixed_once_the_assembly_is_in_session() -> None:
    assembly = make_assembly()
    with pytest.raises(AssemblyRuleError, match="cannot change once the assembly is in session"):
        assembly_update(
            assembly=assembly, changes={"vote_mode": "per_organization"}, acting_user=None
        )
    with pytest.raises(AssemblyRuleError, match="Not a known time zone"):
        assembly_update(assembly=assembly, changes={"time_zone": "Mars/Olympus"}, acting_user=None)


@pytest.mark.parametrize("count", [2, 15])
def test_the_public_agenda_needs_the_same_queries_for_any_number_of_items(
    count, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly()
    for number in range(count):
        item = make_item(assembly, "motion", f"Motion {number}")
        amendment_add(item=item, text="An amendment.", acting_user=None)
    with django_assert_max_num_queries(8):
        page = Client().get(reverse("assemblies:detail", args=[assembly.slug]))
    assert page.status_code == 200 and f"Motion {count - 1}" in page.content.decode()


def test_only_those_who_may_register_delegates_are_offered_the_registration_link(  # type: ignore[no-untyped-def]
    setting, officer
) -> None:
    assembly, _own, _other, coordinator = setting
    page = reverse("assemblies:detail", args=[assembly.slug])
    register = reverse("assemblies:register", args=[assembly.slug])
    assert register in client_for(coordinator).get(page).content.decode()
    assert register not in client_for(officer).get(page).content.decode()
    assert register not in Client().get(page).content.decode()


def test_the_api_answers_a_refusal_by_the_rules_as_422_rule() -> None:
    assembly = make_assembly()
    _credential, secret = make_credential(make_delegate("Dina", assembly=assembly))
    phone = Client()
    sign_in_delegate(phone, secret)
    answer = phone.post(reverse("api-v1:assemblies_floor"))  # nothing is being discussed
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "rule"
    assert answer.json()["error"]["message"] == "No item is under discussion."
