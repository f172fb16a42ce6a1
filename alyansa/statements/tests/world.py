"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

from alyansa.core.testing import World
from alyansa.statements.models import Endorsement, Statement
from alyansa.statements.testing import make_endorsement, make_statement


def extend(world: World) -> None:
    """A draft, one in review, one approved, two published (one to withdraw), an endorsement."""
    Status = Statement.Status
    world.objects["statement_draft"] = make_statement(slug="matrix-draft")
    world.objects["statement_in_review"] = make_statement(
        slug="matrix-review", status=Status.IN_REVIEW
    )
    world.objects["statement_approved"] = make_statement(
        slug="matrix-approved", status=Status.APPROVED
    )
    published = make_statement(
        slug="matrix-published",
        status=Status.PUBLISHED,
        translations={"ar": "بيان"},
        open_for_endorsement=True,
    )
    world.objects["statement_published"] = published
    world.objects["statement_to_withdraw"] = make_statement(
        slug="matrix-withdraw", status=Status.PUBLISHED
    )
    world.objects["endorsement_confirmed"] = make_endorsement(
        published, "Matrix Workers Union", status=Endorsement.Status.CONFIRMED
    )
