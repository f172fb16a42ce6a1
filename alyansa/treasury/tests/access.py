"""Who may open the treasury's pages and API endpoints (joined into the portal's matrix)."""

from django.core.files.base import ContentFile

from alyansa.core.testing import AccessCase

READERS = {"treasurer", "officer", "secretariat"}
TREASURER = {"treasurer"}
KEEPERS = {"treasurer", "secretariat"}
OWN = READERS | {"coordinator"}


def _entry(key):  # type: ignore[no-untyped-def]
    return lambda w: {"entry_id": w.objects[key].pk}


def _organization(key):  # type: ignore[no-untyped-def]
    return lambda w: {"organization_id": w.objects[key].pk}


def _receipt(w):  # type: ignore[no-untyped-def]
    """Each test has its own media folder: put the receipt's picture back in this one."""
    receipt = w.objects["receipt"]
    if not receipt.image.storage.exists(receipt.image.name):
        receipt.image.storage.save(receipt.image.name, ContentFile(w.objects["receipt_bytes"]))
    return {"receipt_id": receipt.pk}


def _body_decision(w):  # type: ignore[no-untyped-def]
    return {
        "decided_by_body": w.objects["body"].pk,
        "decided_on": "2024-01-10",
        "decision_reference": "Matrix resolution",
    }


CASES: list[AccessCase] = [
    AccessCase("treasury:home", allowed=OWN),
    AccessCase("treasury:ledger", allowed=READERS),
    AccessCase("treasury:entry", allowed=READERS, kwargs=_entry("payment")),
    AccessCase(
        "treasury:entry_reverse",
        allowed=TREASURER,
        method="post",
        kwargs=_entry("payment"),
        data=lambda w: {"reason": "Matrix"},
    ),
    AccessCase("treasury:accounts", allowed=READERS),
    AccessCase(
        "treasury:accounts",
        allowed=TREASURER,
        method="post",
        data=lambda w: {"path": "Expenses:Matrix", "name": "Matrix"},
    ),
    AccessCase("treasury:rates", allowed=READERS),
    AccessCase(
        "treasury:rates",
        allowed=TREASURER,
        method="post",
        data=lambda w: {"day": "2024-01-02", "base": "USD", "quote": "PHP", "rate": "56.1"},
    ),
    AccessCase("treasury:funds", allowed=READERS),
    AccessCase(
        "treasury:funds",
        allowed=TREASURER,
        method="post",
        data=lambda w: {
            "form": "contribution",
            "donor": "Friends",
            "amount": "3",
            "currency": "USD",
            "date": "2024-01-02",
        },
    ),
    AccessCase("treasury:expense", allowed=TREASURER),
    AccessCase("treasury:receipt", allowed=READERS, kwargs=_receipt),
    AccessCase("treasury:budget", allowed=READERS, kwargs=lambda w: {"year": 2024}),
    AccessCase("treasury:dues", allowed=READERS),
    AccessCase("treasury:dues_adopt", allowed=TREASURER),
    AccessCase(
        "treasury:dues_assess",
        allowed=TREASURER,
        method="post",
        data=lambda w: {"year": w.objects["dues_year"]},
    ),
    AccessCase("treasury:income_group", allowed=TREASURER, method="post", data=lambda w: {}),
    AccessCase(
        "treasury:grace",
        allowed=TREASURER,
        method="post",
        data=lambda w: {"year": 2024, "until": "2024-12-31", **_body_decision(w)},
    ),
    AccessCase("treasury:organization", allowed=OWN, kwargs=_organization("organization")),
    AccessCase(
        "treasury:organization", allowed=READERS, kwargs=_organization("other_organization")
    ),
    AccessCase(
        "treasury:dues_waive",
        allowed=TREASURER,
        method="post",
        kwargs=_organization("other_organization"),
        data=lambda w: {"year": w.objects["dues_year"], **_body_decision(w)},
    ),
    AccessCase("treasury:payment", allowed=TREASURER),
    AccessCase("treasury:cash", allowed=READERS),
    AccessCase("treasury:cash_confirm", allowed=READERS, method="post", kwargs=_entry("cash")),
    AccessCase(
        "treasury:cash_reject",
        allowed=READERS,
        method="post",
        kwargs=_entry("cash"),
        data=lambda w: {"reason": "Matrix"},
    ),
    AccessCase("treasury:standing", allowed=READERS),
    AccessCase(
        "treasury:standing_rule",
        allowed=KEEPERS,
        method="post",
        # No number of years: standing keeps deciding nothing in the rest of the matrix.
        data=lambda w: {"effective_from": "2024-01-01", **_body_decision(w)},
    ),
    AccessCase(
        "treasury:standing_waive",
        allowed=KEEPERS,
        method="post",
        data=lambda w: {
            "organization": w.objects["other_organization"].pk,
            "item": w.objects["approved_item"].pk,
        },
    ),
    AccessCase("treasury:report", allowed=READERS),
    AccessCase(
        "treasury:report_freeze",
        allowed=TREASURER,
        method="post",
        data=lambda w: {
            "item": w.objects["report_to_freeze"].pk,
            "start": "2024-01-01",
            "end": "2024-12-31",
        },
    ),
    AccessCase(
        "treasury:frozen_report",
        allowed=READERS,
        kwargs=lambda w: {"report_id": w.objects["frozen_report"].pk},
    ),
    AccessCase("treasury:export", allowed=TREASURER),
]

API_CASES: list[AccessCase] = [
    AccessCase("api-v1:treasury_report", allowed=READERS),
    AccessCase("api-v1:treasury_standing", allowed=READERS),
    AccessCase("api-v1:treasury_statement", allowed=OWN, kwargs=_organization("organization")),
    AccessCase(
        "api-v1:treasury_statement", allowed=READERS, kwargs=_organization("other_organization")
    ),
    AccessCase(
        "api-v1:treasury_payment",
        allowed=TREASURER,
        method="post",
        data=lambda w: {
            "organization": w.objects["organization"].pk,
            "amount": "1.00",
            "currency": "USD",
            "date": "2024-02-01",
            "method": "cash",
        },
    ),
    AccessCase(
        "api-v1:treasury_reverse",
        allowed=TREASURER,
        method="post",
        kwargs=_entry("expense"),
        data=lambda w: {"reason": "Matrix"},
    ),
]
CASES += API_CASES
