"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

from alyansa.core.testing import World


def extend(world: World) -> None:
    """Add this app's objects, and scope the personas' roles to them."""
