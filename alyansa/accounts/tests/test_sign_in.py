"""Sign-in by e-mail, verification, password reset, two factors for staff, rate limits."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant, user_create
from alyansa.accounts.testing import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def sign_in(client: Client, email: str, password: str = TEST_PASSWORD, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_a_coordinator_signs_in_with_e_mail_and_password() -> None:
    user = make_user("Cora")
    client = Client()
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_there_is_no_username_field() -> None:
    assert not hasattr(User, "username")
    page = Client().get(reverse("account_login")).content.decode()
    assert 'type="email"' in page


def test_an_unverified_address_gets_a_verification_mail_instead_of_a_session() -> None:
    user = user_create(email="new@example.org", password=TEST_PASSWORD)
    client = Client()
    sign_in(client, user.email)
    assert client.get(reverse("portal:dashboard")).status_code == 302
    assert len(mail.outbox) == 1
    assert "new@example.org" in mail.outbox[0].to
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body)
    assert link
    client.post(link.group(0).split("testserver")[-1])
    assert EmailAddress.objects.get(email=user.email).verified


def test_password_reset_mail_is_sent_through_the_task_queue() -> None:
    user = make_user("Forgetful")
    Client().post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert "password" in mail.outbox[0].subject.lower()


def test_nobody_can_sign_up_on_their_own() -> None:
    response = Client().post(
        reverse("account_signup"),
        {"email": "intruder@example.org", "password1": "x" * 12, "password2": "x" * 12},
    )
    assert not User.objects.filter(email="intruder@example.org").exists()
    assert response.status_code in {200, 403}


def test_staff_without_two_factor_are_sent_to_set_it_up() -> None:
    user = user_create(email="staff@example.org", password=TEST_PASSWORD, email_verified=True)
    role_grant(user=user, role=Role.SECRETARIAT)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    api = client.get("/api/v1/accounts/me")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "two_factor_required"


def test_staff_sign_in_asks_for_the_second_factor() -> None:
    user = user_create(email="chair@example.org", password=TEST_PASSWORD, email_verified=True)
    role_grant(user=user, role=Role.OFFICER)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    response = sign_in(client, user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("portal:dashboard")).status_code == 302
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    code = format_hotp_value(hotp_value(secret, counter))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_coordinators_are_not_forced_into_two_factor() -> None:
    user = make_user("Cora")
    role_grant(user=user, role=Role.COORDINATOR, scope=make_user())
    client = Client()
    client.force_login(user)
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_five_wrong_passwords_lock_the_account_from_that_address_only() -> None:
    """A stranger who tries the secretariat's address five times locks out only themselves."""
    user = make_user("Sara Secretariat")
    for _attempt in range(5):
        sign_in(Client(), user.email, "wrong-password", ip="203.0.113.9")
    stranger = Client()
    refused = sign_in(stranger, user.email, ip="203.0.113.9")
    assert refused.status_code in {200, 429}
    assert stranger.get(reverse("portal:dashboard")).status_code == 302
    secretariat = Client()
    sign_in(secretariat, user.email, ip="198.51.100.20")
    assert secretariat.get(reverse("portal:dashboard")).status_code == 200


def test_one_ipv6_network_counts_as_one_address() -> None:
    user = make_user("Target")
    for attempt in range(5):
        sign_in(Client(), user.email, "wrong-password", ip=f"2001:db8:0:1::{attempt + 1}")
    client = Client()
    sign_in(client, user.email, ip="2001:db8:0:1::99")
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_a_hall_sharing_one_address_can_still_sign_in() -> None:
    people = [make_user(f"Delegate {n}") for n in range(12)]
    for person in people:
        sign_in(Client(), person.email, "typo", ip="192.0.2.7")
    client = Client()
    sign_in(client, people[-1].email, ip="192.0.2.7")
    assert client.get(reverse("portal:dashboard")).status_code == 200
