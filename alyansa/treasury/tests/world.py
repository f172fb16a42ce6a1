"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

import datetime
import io

from django.utils import timezone
from PIL import Image

from alyansa.assemblies.models import ItemKind, Outcome
from alyansa.assemblies.services import item_decide, item_open
from alyansa.assemblies.testing import make_item
from alyansa.core.testing import World
from alyansa.treasury.chart import BANK
from alyansa.treasury.models import Account, PaymentMethod
from alyansa.treasury.services import (
    account_open,
    dues_assess,
    expense_record,
    payment_record,
    report_freeze,
)
from alyansa.treasury.testing import make_dues, usd


def _picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def extend(world: World) -> None:
    """Dues assessed for both organizations, a payment of the coordinator's own, cash at the
    matrix assembly waiting for a second person, an expense with its receipt, a report put to
    a report item, and an approved item that decisions can rest on."""
    treasurer = world.users["treasurer"]
    year = timezone.localdate().year - 1
    make_dues(treasurer, year=year)
    dues_assess(year=year, acting_user=treasurer)
    own, other = world.objects["organization"], world.objects["other_organization"]
    day = datetime.date(year, 6, 1)
    world.objects["payment"] = payment_record(
        organization=own,
        money=usd("40.00"),
        date=day,
        method=PaymentMethod.BANK_TRANSFER,
        reference="MATRIX-1",
        acting_user=treasurer,
    )
    world.objects["cash"] = payment_record(
        organization=other,
        money=usd("20.00"),
        date=day,
        method=PaymentMethod.CASH,
        assembly=world.objects["assembly"],
        acting_user=treasurer,
    )
    travel = account_open(path="Expenses:Travel", name="Travel", acting_user=treasurer)
    world.objects["expense"] = expense_record(
        account=travel,
        money=usd("5.00"),
        date=day,
        description="Bus fares",
        paid_from=Account.objects.get(path=BANK),
        receipt=_picture(),
        acting_user=treasurer,
    )
    world.objects["receipt"] = receipt = world.objects["expense"].receipts.get()
    with receipt.image.open("rb") as stored:
        world.objects["receipt_bytes"] = stored.read()
    assembly = world.objects["assembly"]
    report_item = make_item(assembly, ItemKind.REPORT, "Treasurer's report (matrix)")
    world.objects["report_to_freeze"] = make_item(
        assembly, ItemKind.REPORT, "Treasurer's report (to freeze)"
    )
    world.objects["frozen_report"] = report_freeze(
        item=report_item,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        acting_user=treasurer,
    )
    approved = make_item(assembly, ItemKind.PROCEDURAL, "Waiver of the vote's suspension")
    item_open(item=approved, acting_user=None)
    item_decide(item=approved, outcome=Outcome.APPROVED, acting_user=None)
    # The item under discussion stays the one the assemblies' matrix opened.
    item_open(item=world.objects["item"], acting_user=None)
    world.objects["approved_item"] = approved
    world.objects["dues_year"] = year
