"""Assemblies' roles for the privacy matrix: admitted by an agenda item (before the flag);
after it, its delegates speaking and waiting to speak on the open item, and one giving a
proxy."""

from alyansa.assemblies.models import ItemKind, Outcome
from alyansa.assemblies.services import (
    item_decide,
    item_open,
    proxy_grant,
    speaker_call_next,
    speaker_request,
)
from alyansa.assemblies.testing import make_delegate, make_item
from alyansa.core.testing import World
from alyansa.portal.tests.privacy_world import SECRET_NAME


def before_flag(world: World) -> None:
    assembly = world.objects["assembly"]
    current = world.objects["item"]
    admission = make_item(
        assembly,
        ItemKind.ADMISSION,
        f"Admission of {SECRET_NAME}",
        organization=world.objects["secret"],
    )
    item_open(item=admission, acting_user=None)
    item_decide(item=admission, outcome=Outcome.APPROVED, acting_user=None)
    item_open(item=current, acting_user=None)
    world.objects["admission_item"] = admission


def after_flag(world: World) -> None:
    assembly = world.objects["assembly"]
    item = world.objects["item"]
    secret = world.objects["secret"]
    speaking = make_delegate("Sita Speakingdelegate", assembly=assembly, organization=secret)
    waiting = make_delegate("Wawa Waitingdelegate", assembly=assembly, organization=secret)
    giver = make_delegate("Gina Proxygiver", assembly=assembly, organization=secret)
    holder = make_delegate("Hala Proxyholder", assembly=assembly, organization=secret, present=True)
    speaker_request(item=item, participant=speaking)
    speaker_request(item=item, participant=waiting)
    speaker_call_next(item=item, acting_user=None)
    proxy_grant(giver=giver, holder=holder)
    world.objects["secret_delegates"] = [speaking, waiting, giver, holder]
