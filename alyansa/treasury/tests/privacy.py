"""The treasury's roles for the privacy matrix: once at risk, the organization pays its dues
by bank transfer, and in cash at the matrix assembly's desk (waiting for a second person). The
ledger, the entry, the cash list, standing and its statement (pages and API) must give its
number, never its name, to the treasurer and officers."""

import datetime

from django.urls import reverse
from django.utils import timezone

from alyansa.core.testing import World
from alyansa.treasury.models import PaymentMethod
from alyansa.treasury.services import payment_record
from alyansa.treasury.testing import usd


def after_flag(world: World) -> None:
    secret, treasurer = world.objects["secret"], world.users["treasurer"]
    day = datetime.date(timezone.localdate().year - 1, 7, 1)
    world.objects["secret_payment"] = payment_record(
        organization=secret,
        money=usd("15.00"),
        date=day,
        method=PaymentMethod.BANK_TRANSFER,
        reference="PRIVACY-1",
        acting_user=treasurer,
    )
    world.objects["secret_cash"] = payment_record(
        organization=secret,
        money=usd("5.00"),
        date=day,
        method=PaymentMethod.CASH,
        assembly=world.objects["assembly"],
        acting_user=treasurer,
    )


def staff_paths(world: World) -> list[str]:
    secret = world.objects["secret"].pk
    return [
        reverse("treasury:organization", args=[secret]),
        reverse("api-v1:treasury_statement", args=[secret]),
        reverse("treasury:entry", args=[world.objects["secret_payment"].pk]),
        reverse("treasury:entry", args=[world.objects["secret_cash"].pk]),
    ]
