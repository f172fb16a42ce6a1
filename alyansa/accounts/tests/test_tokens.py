"""Personal access tokens: stored as hashes, scoped at creation (read only or read and write,
which roles' powers), expiring, and bound by the same two-factor rule as the browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.models import PersonalAccessToken, TokenAccess, hash_token
from alyansa.accounts.roles import Role, scope_key
from alyansa.accounts.services import (
    AccountRuleError,
    role_grant,
    role_revoke,
    token_create,
    token_revoke,
)
from alyansa.accounts.testing import make_token, make_user
from alyansa.members.testing import make_organization, make_person

pytestmark = pytest.mark.django_db


def api(secret: str, path: str, method: str = "get", **data):  # type: ignore[no-untyped-def]
    return getattr(Client(), method)(
        f"/api/v1/{path}",
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_a_token_is_stored_only_as_its_hash() -> None:
    user = make_user("Api")
    token, secret = token_create(user=user, name="script")
    stored = PersonalAccessToken.objects.get(pk=token.pk)
    assert stored.token_hash == hash_token(secret)
    assert secret not in {stored.token_hash, stored.hint, stored.name}
    assert secret.startswith(stored.hint)


def test_a_token_opens_the_api_as_its_owner() -> None:
    user = make_user("Api")
    _token, secret = token_create(user=user, name="script")
    response = api(secret, "accounts/me")
    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_revoked_expired_and_unknown_tokens_are_refused() -> None:
    user = make_user("Api")
    revoked, revoked_secret = token_create(user=user, name="old")
    token_revoke(token=revoked, acting_user=user)
    expired, expired_secret = token_create(user=user, name="short")
    PersonalAccessToken.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    for secret in (revoked_secret, expired_secret, "aly_not-a-token", "garbage"):
        response = api(secret, "accounts/me")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_a_new_token_expires_in_90_days_and_the_api_says_when_and_what_it_may_do() -> None:
    user = make_user("Api")
    token, secret = token_create(user=user, name="script")
    assert token.expires_at - token.created_at == timedelta(days=90)
    [listed] = api(secret, "accounts/tokens").json()
    assert listed["current"] is True
    assert listed["access"] == "read" and listed["roles"] == []
    assert listed["expires_at"].startswith(token.expires_at.date().isoformat())
    with pytest.raises(AccountRuleError, match="within 365 days"):
        token_create(user=user, name="forever", expires_at=timezone.now() + timedelta(days=999))


def test_a_token_made_without_a_role_never_gains_one_granted_later() -> None:
    """The audit's case: a token made before the account became secretariat kept working for
    the secretariat's routes (the export and a person's record answered 200)."""
    user = make_user("Later Secretariat")
    _token, secret = token_create(user=user, name="script", access=TokenAccess.READ_WRITE)
    person = make_person(organization=make_organization())
    role_grant(user=user, role=Role.SECRETARIAT)  # and no two-factor yet
    assert api(secret, "members/export").status_code == 403
    assert api(secret, f"members/people/{person.pk}").status_code in {403, 404}
    assert api(secret, "accounts/me").json()["roles"] == []
    # Even with two-factor on, the old token stays without the role: a new one is needed.
    make_user_two_factor(user)
    assert api(secret, "members/export").status_code == 403
    assert api(make_token(user), "members/export").status_code == 200


def make_user_two_factor(user) -> None:  # type: ignore[no-untyped-def]

    TOTP.activate(user, generate_totp_secret())


def test_a_staff_role_acts_through_a_token_only_while_two_factor_is_on(secretariat) -> None:
    secret = make_token(secretariat)
    person = make_person(organization=make_organization())
    assert api(secret, "members/export").status_code == 200
    assert api(secret, f"members/people/{person.pk}").status_code == 200
    Authenticator.objects.filter(user=secretariat).delete()
    for path in ("members/export", f"members/people/{person.pk}", "accounts/me"):
        response = api(secret, path)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "two_factor_required"


def test_a_token_without_the_staff_role_works_for_a_staff_account_without_two_factor() -> None:
    organization = make_organization()
    user = make_user("Cora", role=Role.COORDINATOR, scope=organization)
    secret = make_token(user)
    role_grant(user=user, role=Role.SECRETARIAT)  # no two-factor: the role does not act
    assert api(secret, f"members/organizations/{organization.slug}/private").status_code == 200
    assert api(secret, "members/export").status_code == 403


def test_a_read_only_token_reads_but_changes_nothing() -> None:
    organization = make_organization(city="Manila")
    user = make_user("Cora", role=Role.COORDINATOR, scope=organization)
    reader = make_token(user, access=TokenAccess.READ)
    path = f"members/organizations/{organization.slug}/profile"
    assert api(reader, f"members/organizations/{organization.slug}/private").status_code == 200
    response = api(reader, path, "post", city="Quezon City")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only_token"
    organization.refresh_from_db()
    assert organization.city == "Manila"
    assert api(make_token(user), path, "post", city="Quezon City").status_code == 200


def test_a_token_carries_only_the_roles_chosen_and_loses_one_revoked() -> None:
    own, other = make_organization(), make_organization()
    user = make_user("Cora", role=Role.COORDINATOR, scope=own)
    role_grant(user=user, role=Role.COORDINATOR, scope=other)
    _token, secret = token_create(
        user=user, name="own only", roles=[(Role.COORDINATOR, scope_key(own))]
    )
    assert api(secret, f"members/organizations/{own.slug}/private").status_code == 200
    assert api(secret, f"members/organizations/{other.slug}/private").status_code in {403, 404}
    role_revoke(user=user, role=Role.COORDINATOR, scope=own)
    assert api(secret, f"members/organizations/{own.slug}/private").status_code in {403, 404}


def test_a_token_cannot_carry_a_role_the_account_does_not_hold() -> None:
    user = make_user("Nobody")
    with pytest.raises(AccountRuleError, match="only roles that the account holds"):
        token_create(user=user, name="x", roles=[(Role.SECRETARIAT, "")])


def test_the_token_page_makes_a_scoped_token_and_shows_the_secret_once() -> None:
    organization = make_organization("Samahan ng Migrante")
    owner = make_user("Owner", role=Role.COORDINATOR, scope=organization)
    other = make_user("Other")
    token_create(user=other, name="someone-elses")
    client = Client()
    client.force_login(owner)
    form = client.get(reverse("portal:access_tokens"))
    assert "Organization coordinator: Samahan ng Migrante" in form.content.decode()
    response = client.post(
        reverse("portal:access_tokens"),
        {
            "name": "newsletter",
            "access": "read_write",
            "roles": [f"coordinator|{scope_key(organization)}"],
            "valid_days": 30,
        },
    )
    page = response.content.decode()
    token = PersonalAccessToken.objects.get(user=owner)
    assert "newsletter" in page and "someone-elses" not in page
    assert (token.access, token.roles) == ("read_write", [["coordinator", scope_key(organization)]])
    assert token.expires_at.date() == (timezone.now() + timedelta(days=30)).date()
    listing = client.get(reverse("portal:access_tokens")).content.decode()
    assert listing.count(token.hint) == 1
    assert token.expires_at.date().isoformat() in listing


def test_a_token_cannot_be_revoked_by_someone_else() -> None:
    owner, other = make_user("Owner"), make_user("Other")
    token, _secret = token_create(user=owner, name="mine")
    client = Client()
    client.force_login(other)
    response = client.post(reverse("portal:access_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_bad_token_form_says_what_is_wrong() -> None:
    client = Client()
    client.force_login(make_user())
    response = client.post(
        reverse("portal:access_tokens"),
        {"name": "", "access": "everything", "roles": ["secretariat|"], "valid_days": 7},
    )
    assert response.status_code == 200
    assert PersonalAccessToken.objects.count() == 0
    assert response.context["form"].errors.keys() == {"name", "access", "roles", "valid_days"}
