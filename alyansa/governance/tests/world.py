"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

from alyansa.core.testing import World
from alyansa.governance.testing import make_body, make_constitution, make_seat, make_term


def extend(world: World) -> None:
    """A coordinating body with a seat, a seat never held (to remove) and a term, and the
    constitution's first version."""
    body = make_body()
    world.objects["seat"] = make_seat(body, holders=3)
    world.objects["seat_unused"] = make_seat(body, "Added by mistake")
    world.objects["term"] = make_term(body)
    world.objects["body"] = body
    world.objects["constitution"] = make_constitution()
