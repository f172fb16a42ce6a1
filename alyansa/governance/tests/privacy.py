"""Governance's roles for the privacy matrix: the organization's person holds a seat."""

from alyansa.core.testing import World
from alyansa.governance.services import mandate_assign


def before_flag(world: World) -> None:
    mandate_assign(
        term=world.objects["term"],
        seat=world.objects["seat"],
        person=world.objects["secret_person"],
        organization=world.objects["secret"],
        acting_user=None,
    )
