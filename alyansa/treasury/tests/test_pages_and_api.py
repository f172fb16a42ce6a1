"""The treasury's pages and API: who sees what, the treasurer's forms, bounded queries."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from alyansa.accounts.permissions import needs_two_factor
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant
from alyansa.accounts.testing import make_user
from alyansa.audit.models import AuditEvent
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import Entry, Receipt
from alyansa.treasury.money import Money
from alyansa.treasury.services import cash_confirm, contribution_record
from alyansa.treasury.testing import usd
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_money_is_never_a_float_nor_finer_than_its_currency() -> None:
    with pytest.raises(TypeError, match="never a float"):
        Money.of(0.1, "USD")
    with pytest.raises(TreasuryRuleError, match="at most 2 decimals"):
        Money(Decimal("1.005"), "USD")
    with pytest.raises(TreasuryRuleError, match="at most 0 decimals"):
        Money(Decimal("100.5"), "JPY")
    assert Money(Decimal("1.005"), "KWD").minor == 1005
    with pytest.raises(TreasuryRuleError, match="not a currency code"):
        Money(Decimal(1), "XYZ")
    assert str(Money(Decimal("1234567.5"), "USD")) == "1,234,567.50 USD"


def test_a_treasurer_must_sign_in_with_two_factors() -> None:
    user = make_user("New Treasurer")
    role_grant(user=user, role=Role.TREASURER)
    assert needs_two_factor(user)
    response = client_for(user).get(reverse("treasury:home"))
    assert response.status_code == 302 and "totp" in response["Location"]


def test_a_coordinator_sees_their_own_organization_and_nothing_else(books) -> None:  # type: ignore[no-untyped-def]
    coordinator = make_user("Cora")
    role_grant(user=coordinator, role=Role.COORDINATOR, scope=books.manila)
    client = client_for(coordinator)
    own = client.get(reverse("treasury:organization", kwargs={"organization_id": books.manila.pk}))
    assert own.status_code == 200
    page = own.content.decode()
    assert "Manila Workers" in page and "BDO-1" in page
    for other in (books.hidden, books.beirut):
        url = reverse("treasury:organization", kwargs={"organization_id": other.pk})
        assert client.get(url).status_code == 404
    assert client.get(reverse("treasury:standing")).status_code == 403
    home = client.get(reverse("treasury:home")).content.decode()
    assert "Manila Workers" in home and "Hidden Collective" not in home
    api = client.get(f"/api/v1/treasury/organizations/{books.manila.pk}/statement")
    assert api.status_code == 200
    assert api.json()["years"][0]["charged"] == {"amount": "100.00", "currency": "USD"}
    assert (
        client.get(f"/api/v1/treasury/organizations/{books.hidden.pk}/statement").status_code == 404
    )


def test_cash_at_the_desk_needs_a_second_person(books, officer) -> None:  # type: ignore[no-untyped-def]
    (pending,) = Entry.objects.pending()
    with pytest.raises(TreasuryRuleError, match="Another person"):
        cash_confirm(entry=pending, acting_user=books.treasurer)
    response = client_for(officer).post(
        reverse("treasury:cash_confirm", kwargs={"entry_id": pending.pk})
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=pending.pk).state == "posted"
    event = AuditEvent.objects.get(action=AuditAction.CASH_CONFIRM)
    assert event.actor == officer


def test_the_treasurer_records_a_payment_from_the_page(books) -> None:  # type: ignore[no-untyped-def]
    client = client_for(books.treasurer)
    response = client.post(
        reverse("treasury:payment"),
        {
            "organization": books.beirut.pk,
            "amount": "75.50",
            "currency": "USD",
            "date": "2024-07-01",
            "method": "bank_transfer",
            "reference": "BLOM-77",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get(reference="BLOM-77")
    assert sorted(leg.amount_minor for leg in entry.legs.all()) == [-7550, 7550]
    refused = client.post(
        reverse("treasury:payment"),
        {
            "organization": books.beirut.pk,
            "amount": "10",
            "currency": "USD",
            "date": "2024-07-01",
            "method": "bank_transfer",
            "reference": "",
        },
    )
    assert "Give the bank transfer&#x27;s reference." in refused.content.decode()


def test_the_api_records_a_payment_with_amounts_as_text(books) -> None:  # type: ignore[no-untyped-def]
    client = client_for(books.treasurer)
    body = {
        "organization": books.beirut.pk,
        "amount": "12.34",
        "currency": "USD",
        "date": "2024-07-02",
        "method": "mobile_money",
        "reference": "GC-1",
    }
    response = client.post(
        "/api/v1/treasury/payments", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    legs = response.json()["legs"]
    assert {
        "account": "Assets:Mobile-Money",
        "amount": {"amount": "12.34", "currency": "USD"},
    } in legs
    body["amount"] = "12.345"
    refused = client.post(
        "/api/v1/treasury/payments", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 422
    report = client.get("/api/v1/treasury/report?start=2024-01-01&end=2024-12-31").json()
    grants = next(line for line in report["income"] if line["account"] == "Income:Grants")
    assert grants["amount"] == {"amount": "5000.00", "currency": "USD"}


def test_the_report_and_journal_read_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    books, django_assert_max_num_queries
) -> None:
    client = client_for(books.treasurer)
    with django_assert_max_num_queries(24) as few:
        assert (
            client.get(reverse("treasury:report") + "?start=2024-01-01&end=2024-12-31").status_code
            == 200
        )
    with django_assert_max_num_queries(14) as journal:
        assert client.get(reverse("treasury:ledger")).status_code == 200
    for number in range(30):
        contribution_record(
            donor=f"Gift {number}",
            money=usd("1.00"),
            date=datetime.date(2024, 6, 1),
            acting_user=books.treasurer,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("treasury:report") + "?start=2024-01-01&end=2024-12-31")
    with django_assert_max_num_queries(len(journal.captured_queries)):
        client.get(reverse("treasury:ledger"))


def test_a_receipt_keeps_no_metadata(books) -> None:  # type: ignore[no-untyped-def]
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (14.0, 35.0, 0.0), 3: "E", 4: (121.0, 0.0, 0.0)}
    Image.new("RGB", (40, 30), "white").save(photo, format="JPEG", exif=exif)
    client = client_for(books.treasurer)
    response = client.post(
        reverse("treasury:expense"),
        {
            "account": books.travel.pk,
            "description": "Jeepney",
            "amount": "3.00",
            "currency": "USD",
            "date": "2024-05-05",
            "receipt": _upload(photo.getvalue()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = Receipt.objects.get()
    with receipt.image.open("rb") as stored:
        data = stored.read()
    assert b"PhoneMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    served = client.get(reverse("treasury:receipt", kwargs={"receipt_id": receipt.pk}))
    assert "no-store" in served["Cache-Control"]


def _upload(data: bytes):  # type: ignore[no-untyped-def]

    return SimpleUploadedFile("receipt.jpg", data, content_type="image/jpeg")


def test_the_beancount_download_is_the_treasurers_and_is_audited(books, officer) -> None:  # type: ignore[no-untyped-def]
    response = client_for(books.treasurer).get(reverse("treasury:export"))
    text = b"".join(response.streaming_content).decode()
    assert "Income:Grants  -5000.00 USD" in text
    assert AuditEvent.objects.filter(
        action=AuditAction.LEDGER_EXPORT, actor=books.treasurer
    ).exists()
    assert client_for(officer).get(reverse("treasury:export")).status_code == 403
