"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

from alyansa.core.testing import World
from alyansa.statements import services
from alyansa.statements.models import Endorsement, ImportJob, Statement
from alyansa.statements.testing import make_endorsement, make_import_job, make_statement


def extend(world: World) -> None:
    """A draft, one in review, one approved, two published (one to withdraw), an endorsement,
    a topic, an occasion, and uploads to import from (checked, and one that stopped on an
    error)."""
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
    world.objects["topic"] = services.topic_create(
        slug="matrix-topic", name="Matrix topic", acting_user=None
    )
    world.objects["occasion"] = services.occasion_create(
        slug="matrix-day", name="Matrix Day", names={"tl": "Araw ng Matrix"}, acting_user=None
    )
    world.objects["import_checked"] = make_import_job()
    world.objects["import_to_discard"] = make_import_job()
    world.objects["import_failed"] = make_import_job(
        status=ImportJob.Status.FAILED, error="The database went away."
    )
