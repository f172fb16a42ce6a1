"""The world of the access matrix: one account per persona and the objects they act on.

Apps add their objects here (an organization and its coordinator, an election and its
committee, ...) so that their views can join the matrix in their own tests/access.py.
"""

from __future__ import annotations

from typing import Any

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.core.testing import World


def build_world() -> World:
    users: dict[str, User | None] = {
        "anonymous": None,
        # No account: the assemblies app signs the delegate in with a credential (sign_in).
        "delegate": None,
        "plain": make_user("Pat Plain"),
        "officer": make_user("Olu Officer", role=Role.OFFICER),
        "secretariat": make_user("Sara Secretariat", role=Role.SECRETARIAT),
        "treasurer": make_user("Tala Treasurer", role=Role.TREASURER),
        # Scoped roles get their scope from the apps that own the scoped objects; until then
        # these personas hold no role, which the matrix treats as "may not".
        "coordinator": make_user("Cora Coordinator"),
        "election_committee": make_user("Eli Committee"),
    }
    world = World(users=users)
    world.objects["token_of_secretariat"] = _token_of(users["secretariat"])
    # Imported here so that each app's extension stays next to its own tests.
    from alyansa.assemblies.tests import world as assemblies_world
    from alyansa.campaigns.tests import world as campaigns_world
    from alyansa.engagements.tests import world as engagements_world
    from alyansa.governance.tests import world as governance_world
    from alyansa.members.tests import world as members_world
    from alyansa.programs.tests import world as programs_world
    from alyansa.statements.tests import world as statements_world
    from alyansa.treasury.tests import world as treasury_world
    from alyansa.voting.tests import world as voting_world

    for extension in (
        members_world,
        governance_world,
        statements_world,
        assemblies_world,
        voting_world,
        treasury_world,
        campaigns_world,
        engagements_world,
        programs_world,
    ):
        extension.extend(world)
    return world


def _token_of(user: User | None) -> Any:
    from alyansa.accounts.services import token_create

    assert user is not None
    token, _secret = token_create(user=user, name="matrix")
    return token
