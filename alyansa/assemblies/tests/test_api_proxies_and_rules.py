"""The API keeps the desk's rules: written proxies recorded, listed and ended by the secretariat,
and the rules for decisions read by the chair and changed by the secretariat."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_token, make_user
from alyansa.assemblies.models import Assembly, Proxy
from alyansa.assemblies.services import proxy_grant, proxy_revoke
from alyansa.assemblies.testing import make_assembly, make_delegate
from alyansa.audit.models import AuditEvent
from alyansa.members.testing import make_country, make_organization, make_region

pytestmark = pytest.mark.django_db


def bearer(user: Any) -> Client:
    secret = make_token(user)
    return Client(headers={"authorization": f"Bearer {secret}"})


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


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
        "union": union,
        "present": make_delegate(
            "Pina Present", assembly=assembly, organization=union, present=True
        ),
        "away": make_delegate("Aldo Away", assembly=assembly, organization=union),
        "far": make_delegate("Fe Far", assembly=assembly, organization=far, present=True),
    }


def proxies_url(assembly: Assembly) -> str:
    return f"/api/v1/assemblies/{assembly.slug}/proxies"


def rules_url(assembly: Assembly) -> str:
    return f"/api/v1/assemblies/{assembly.slug}/rules"


# ---------------------------------------------------------------------------------------------
# Written proxies


def test_the_secretariat_records_a_written_proxy_over_the_api(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    response = send(
        bearer(secretariat),
        "post",
        proxies_url(hall["assembly"]),
        {"giver": hall["away"].pk, "holder": hall["present"].pk},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["giver"] == {
        "id": hall["away"].pk,
        "display_name": "Aldo Away",
        "organization": hall["union"].slug,
    }
    assert body["holder"]["display_name"] == "Pina Present"
    assert body["in_force"] is True and body["revoked_at"] is None
    assert body["recorded_by"] == secretariat.display_name
    proxy = Proxy.objects.get(pk=body["id"])
    assert proxy.holder == hall["present"] and proxy.recorded_by == secretariat
    event = AuditEvent.objects.filter(action="proxy.grant").latest("pk")
    assert event.actor == secretariat and event.changes["paper"] is True


def test_the_desk_reads_every_proxy_newest_first_in_a_bounded_number_of_queries(  # type: ignore[no-untyped-def]
    hall, secretariat, django_assert_max_num_queries
) -> None:
    assembly = hall["assembly"]
    assembly.proxy_cap = 20
    assembly.save(update_fields=["proxy_cap"])
    givers = [
        make_delegate(f"Giver {n}", assembly=assembly, organization=hall["union"]) for n in range(8)
    ]
    for giver in givers:
        proxy_grant(giver=giver, holder=hall["present"], acting_user=secretariat)
    proxy_revoke(proxy=Proxy.objects.get(giver=givers[0]), acting_user=secretariat)
    client = bearer(secretariat)
    # The token, its user's roles, the assembly, the proxies with their people: never one
    # query per proxy.
    with django_assert_max_num_queries(6):
        response = client.get(proxies_url(assembly))
    assert response.status_code == 200
    listed = response.json()
    assert [row["giver"]["display_name"] for row in listed] == [
        f"Giver {n}" for n in reversed(range(8))
    ]
    ended = listed[-1]
    assert ended["in_force"] is False and ended["revoked_by"] == secretariat.display_name
    assert all(row["in_force"] for row in listed[:-1])


def test_ending_a_proxy_gives_the_vote_back_and_a_retry_changes_nothing(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    proxy = proxy_grant(giver=hall["away"], holder=hall["present"])
    client = bearer(secretariat)
    url = f"{proxies_url(hall['assembly'])}/{proxy.pk}/end"
    first = client.post(url)
    assert first.status_code == 200, first.content
    assert first.json()["in_force"] is False
    assert first.json()["recorded_by"] is None  # the giver granted it from their phone
    assert first.json()["revoked_by"] == secretariat.display_name
    again = client.post(url)
    assert again.status_code == 200 and again.json()["revoked_at"] == first.json()["revoked_at"]
    assert AuditEvent.objects.filter(action="proxy.revoke").count() == 1


def test_a_proxy_of_another_assembly_cannot_be_ended_through_this_one(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    other = make_assembly("Other Assembly")
    union = make_organization("Other Union")
    elsewhere = proxy_grant(
        giver=make_delegate("Gia", assembly=other, organization=union),
        holder=make_delegate("Hal", assembly=other, organization=union, present=True),
    )
    url = f"{proxies_url(hall['assembly'])}/{elsewhere.pk}/end"
    assert bearer(secretariat).post(url).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.revoked_at is None


def test_a_delegate_who_is_not_at_this_assembly_is_a_validation_error_naming_the_field(  # type: ignore[no-untyped-def]
    hall, secretariat
) -> None:
    stranger = make_delegate("Sol Stranger", assembly=make_assembly(), present=True)
    response = send(
        bearer(secretariat),
        "post",
        proxies_url(hall["assembly"]),
        {"giver": hall["away"].pk, "holder": stranger.pk},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"] == [
        {
            "field": "holder",
            "message": "Select a valid choice. That choice is not one of the available choices.",
        }
    ]
    missing = send(bearer(secretariat), "post", proxies_url(hall["assembly"]), {"giver": 1})
    assert missing.status_code == 422 and "holder" in missing.json()["error"]["message"]
    assert not Proxy.objects.exists()


@pytest.mark.parametrize(
    ("giver", "holder", "message"),
    [
        ("present", "away", "A proxy goes to a delegate who is present."),
        ("away", "far", "A proxy goes to a delegate of the same organization or region."),
        ("away", "away", "A delegate cannot be their own proxy."),
    ],
)
def test_a_written_proxy_the_rules_refuse_is_a_422_that_says_which_rule(  # type: ignore[no-untyped-def]
    hall, secretariat, giver, holder, message
) -> None:
    response = send(
        bearer(secretariat),
        "post",
        proxies_url(hall["assembly"]),
        {"giver": hall[giver].pk, "holder": hall[holder].pk},
    )
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "rule", "message": message, "details": []}
    assert not Proxy.objects.exists()


def test_only_the_secretariat_lists_records_and_ends_proxies(hall, officer) -> None:  # type: ignore[no-untyped-def]
    proxy = proxy_grant(giver=hall["away"], holder=hall["present"])
    coordinator = make_user("Cora", role=Role.COORDINATOR, scope=hall["union"])
    body = {"giver": hall["away"].pk, "holder": hall["present"].pk}
    for client in (bearer(officer), bearer(coordinator)):
        assert client.get(proxies_url(hall["assembly"])).status_code == 403
        assert send(client, "post", proxies_url(hall["assembly"]), body).status_code == 403
        end = client.post(f"{proxies_url(hall['assembly'])}/{proxy.pk}/end")
        assert end.status_code == 403
    assert Client().get(proxies_url(hall["assembly"])).status_code == 401
    proxy.refresh_from_db()
    assert proxy.revoked_at is None and Proxy.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# The rules for decisions


def test_the_chair_reads_the_rules_and_the_secretariat_changes_some_of_them(  # type: ignore[no-untyped-def]
    hall, officer, secretariat
) -> None:
    assembly = hall["assembly"]
    rules = bearer(officer).get(rules_url(assembly))
    assert rules.status_code == 200
    assert rules.json() == {
        "quorum_percent": 50,
        "quorum_basis": "present-voting-delegates",
        "threshold_procedural": "majority-excluding-abstentions",
        "threshold_admission": "majority-excluding-abstentions",
        "threshold_report": "majority-excluding-abstentions",
        "threshold_motion": "majority-excluding-abstentions",
        "threshold_constitutional": "two-thirds",
    }
    changed = send(
        bearer(secretariat),
        "patch",
        rules_url(assembly),
        {"threshold_admission": "two-thirds", "quorum_basis": "ballots-cast", "quorum_percent": 60},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json() == {
        **rules.json(),
        "threshold_admission": "two-thirds",
        "quorum_basis": "ballots-cast",
        "quorum_percent": 60,
    }
    assembly.refresh_from_db()
    assert (assembly.threshold_admission, assembly.quorum_percent) == ("two-thirds", 60)
    event = AuditEvent.objects.filter(action="assembly.update").latest("pk")
    assert event.actor == secretariat
    assert set(event.changes) == {"threshold_admission", "quorum_basis", "quorum_percent"}


def test_a_negative_quorum_is_a_validation_error_naming_the_field(hall, secretariat) -> None:  # type: ignore[no-untyped-def]
    response = send(
        bearer(secretariat), "patch", rules_url(hall["assembly"]), {"quorum_percent": -5}
    )
    assert response.status_code == 422
    assert "quorum_percent" in response.json()["error"]["message"]
    hall["assembly"].refresh_from_db()
    assert hall["assembly"].quorum_percent == 50


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"threshold_motion": "most"}, "Not a known majority."),
        ({"quorum_basis": "noise"}, "Not a known way of counting the quorum."),
        ({"quorum_percent": 150}, "The quorum is a percentage, at most 100."),
    ],
)
def test_rules_the_assembly_cannot_have_are_a_422_that_says_why(  # type: ignore[no-untyped-def]
    hall, secretariat, change, message
) -> None:
    response = send(bearer(secretariat), "patch", rules_url(hall["assembly"]), change)
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "rule", "message": message, "details": []}
    hall["assembly"].refresh_from_db()
    assert hall["assembly"].threshold_motion == "majority-excluding-abstentions"
    assert not AuditEvent.objects.filter(action="assembly.update").exists()


def test_an_officer_reads_the_rules_but_only_the_secretariat_changes_them(hall, officer) -> None:  # type: ignore[no-untyped-def]
    url = rules_url(hall["assembly"])
    change = {"threshold_constitutional": "majority-of-votes-cast"}
    assert send(bearer(officer), "patch", url, change).status_code == 403
    plain = bearer(make_user("Pat Plain"))
    assert plain.get(url).status_code == 403
    assert send(plain, "patch", url, change).status_code == 403
    hall["assembly"].refresh_from_db()
    assert hall["assembly"].threshold_constitutional == "two-thirds"


def test_the_new_routes_are_in_the_openapi_document() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "requestBody" in paths["/api/v1/assemblies/{slug}/proxies"]["post"]
    assert "requestBody" in paths["/api/v1/assemblies/{slug}/rules"]["patch"]
    assert "get" in paths["/api/v1/assemblies/{slug}/rules"]
    assert "post" in paths["/api/v1/assemblies/{slug}/proxies/{proxy_id}/end"]
