"""Mistakes of one tap: reissuing or revoking a credential, taking a delegate off the list and
handing one's vote over each ask first, on a page that works without JavaScript; the phone's
"hand over" picks no one by default; "take up this item" is apart from "change its place"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.models import Credential, Proxy
from alyansa.assemblies.testing import (
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
def desk():  # type: ignore[no-untyped-def]
    assembly = make_assembly(delegate_quota=10)
    own = make_organization("Own Union")
    coordinator = make_user("Cora", role=Role.COORDINATOR, scope=own)
    delegate = make_delegate("Dina Delegate", assembly=assembly, organization=own)
    make_credential(delegate)
    return client_for(coordinator), delegate


def asks_first(response, question: str) -> None:  # type: ignore[no-untyped-def]
    page = response.content.decode()
    assert response.status_code == 200 and question in page
    assert 'name="confirm" value="1"' in page and "No, go back" in page


def test_revoking_a_credential_asks_first_then_revokes(desk) -> None:  # type: ignore[no-untyped-def]
    client, delegate = desk
    url = reverse("assemblies:credential_revoke", args=[delegate.pk])

    asks_first(client.post(url, {"reason": "lost"}), "Revoke the credential of Dina Delegate?")
    assert Credential.objects.filter(participant=delegate).usable().count() == 1

    assert client.post(url, {"reason": "lost", "confirm": "1"}).status_code == 302
    assert Credential.objects.filter(participant=delegate).usable().count() == 0


def test_reissuing_a_credential_asks_first_but_a_first_issue_does_not(desk) -> None:  # type: ignore[no-untyped-def]
    client, delegate = desk
    url = reverse("assemblies:credential_issue", args=[delegate.pk])
    old = Credential.objects.get(participant=delegate)

    asks_first(client.post(url), "Reissue the credential of Dina Delegate?")
    assert Credential.objects.filter(participant=delegate).usable().get() == old

    reissued = client.post(url, {"confirm": "1"})
    assert "no-store" in reissued["Cache-Control"] and reissued.context["secret"]
    assert Credential.objects.filter(participant=delegate).usable().get() != old
    newcomer = make_delegate(
        "Nina New", assembly=delegate.assembly, organization=delegate.organization
    )
    first = client.post(reverse("assemblies:credential_issue", args=[newcomer.pk]))
    assert first.context["secret"]


def test_taking_a_delegate_off_the_list_asks_first(desk) -> None:  # type: ignore[no-untyped-def]
    client, delegate = desk
    url = reverse("assemblies:participant_withdraw", args=[delegate.pk])

    asks_first(client.post(url), "Take Dina Delegate off the list?")
    delegate.refresh_from_db()
    assert delegate.withdrawn_at is None

    client.post(url, {"confirm": "1"})
    delegate.refresh_from_db()
    assert delegate.withdrawn_at is not None


def test_handing_over_a_vote_picks_no_one_by_default_and_asks_first() -> None:
    assembly = make_assembly(delegate_quota=10)
    own = make_organization("Own Union")
    giver = make_delegate("Gina Giver", assembly=assembly, organization=own, present=True)
    holder = make_delegate("Hana Holder", assembly=assembly, organization=own, present=True)
    client = client_for(None)
    sign_in_delegate(client, make_credential(giver)[1])

    phone = client.get(reverse("assemblies:me")).content.decode()
    select = re.search(r'<select id="proxy-holder" name="holder" required>(.*?)</select>', phone)
    assert select, "the hand-over list must be required"
    options = re.findall(r'<option value="([^"]*)"( selected)?>', select.group(1))
    assert options[0] == ("", " selected")  # nobody is chosen until the delegate chooses
    assert all(not chosen for value, chosen in options[1:])
    assert client.post(reverse("assemblies:proxy"), {"holder": ""}).status_code == 302
    assert not Proxy.objects.exists()

    asks_first(
        client.post(reverse("assemblies:proxy"), {"holder": holder.pk}),
        "Hand your vote to Hana Holder?",
    )
    assert not Proxy.objects.exists()

    client.post(reverse("assemblies:proxy"), {"holder": holder.pk, "confirm": "1"})
    assert Proxy.objects.active().get().holder == holder


def test_taking_up_an_item_is_apart_from_changing_its_place() -> None:
    assembly = make_assembly()
    make_item(assembly, "motion", "Program of action")
    secretariat = make_user("Sara", role=Role.SECRETARIAT)

    page = client_for(secretariat).get(reverse("assemblies:console", args=[assembly.slug]))

    text = page.content.decode()
    assert "Take up this item now" in text
    assert "<summary>Change its place in the agenda</summary>" in text
    assert ">Move<" not in text and "Move to this item" not in text
