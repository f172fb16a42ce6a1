from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.models import PersonalAccessToken, hash_token
from alyansa.accounts.services import token_create, token_revoke
from alyansa.accounts.testing import make_user

pytestmark = pytest.mark.django_db


def api_me(secret: str):  # type: ignore[no-untyped-def]
    return Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}")


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
    response = api_me(secret)
    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_revoked_expired_and_unknown_tokens_are_refused() -> None:
    user = make_user("Api")
    revoked, revoked_secret = token_create(user=user, name="old")
    token_revoke(token=revoked, acting_user=user)
    _expired, expired_secret = token_create(
        user=user, name="short", expires_at=timezone.now() - timedelta(minutes=1)
    )
    for secret in (revoked_secret, expired_secret, "aly_not-a-token", "garbage"):
        response = api_me(secret)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_the_token_page_shows_the_secret_once_and_lists_only_ones_own_tokens() -> None:
    owner, other = make_user("Owner"), make_user("Other")
    token_create(user=other, name="someone-elses")
    client = Client()
    client.force_login(owner)
    response = client.post(
        reverse("portal:access_tokens"), {"name": "newsletter", "valid_days": 30}
    )
    page = response.content.decode()
    token = PersonalAccessToken.objects.get(user=owner)
    assert "newsletter" in page
    assert "someone-elses" not in page
    assert token.expires_at is not None
    assert client.get(reverse("portal:access_tokens")).content.decode().count(token.hint) == 1


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
    response = client.post(reverse("portal:access_tokens"), {"name": "", "valid_days": 7})
    assert response.status_code == 200
    assert PersonalAccessToken.objects.count() == 0
    assert response.context["form"].errors.keys() == {"name", "valid_days"}
