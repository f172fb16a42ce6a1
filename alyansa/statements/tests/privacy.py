"""Statements' roles for the privacy matrix: a joint issuer before the flag; after it, an
endorser through its coordinator, a typed acronym in the public form waiting for moderation,
and a refused joint-issuer attempt."""

import pytest
from django.utils import timezone

from alyansa.core.testing import World
from alyansa.portal.tests.privacy_world import SECRET_ACRONYM
from alyansa.statements import services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import Endorsement, Statement
from alyansa.statements.testing import make_statement


def before_flag(world: World) -> None:
    joint = make_statement(slug="privacy-joint", status=Statement.Status.PUBLISHED)
    joint.issuer_kind = Statement.Issuer.JOINT
    joint.save(update_fields=["issuer_kind"])
    joint.issuer_organizations.set([world.objects["secret"], world.objects["organization"]])
    world.objects["statement_joint"] = joint


def after_flag(world: World) -> None:
    statement = world.objects["statement_published"]
    services.endorsement_by_coordinator(
        statement=statement,
        organization=world.objects["secret"],
        acting_user=world.objects["secret_coordinator"],
    )
    typed = services.endorsement_submit(
        statement=statement, organization_name=SECRET_ACRONYM, email="guess@example.org"
    )
    Endorsement.objects.filter(pk=typed.pk).update(
        status=Endorsement.Status.CONFIRMED, confirmed_at=timezone.now(), email=""
    )
    with pytest.raises(StatementRuleError, match="cannot issue a statement jointly"):
        services.statement_create(
            slug="privacy-joint-attempt",
            source_language="en",
            title="Joint attempt",
            issued_on=timezone.localdate(),
            issuer_kind=Statement.Issuer.JOINT,
            issuer_organizations=[world.objects["secret"], world.objects["organization"]],
            acting_user=world.users["secretariat"],
        )


def public_paths(world: World) -> list[str]:
    """The statement it issued jointly before the flag, the archive filtered by it (answers
    as for an unknown organization), and the endorsers' page and API of the statement it
    endorsed."""
    published = world.objects["statement_published"].slug
    return [
        "/statements/privacy-joint/",
        f"/statements/?issuer=organization-{world.objects['secret'].pk}",
        f"/statements/{published}/endorsers/",
        f"/api/v1/statements/{published}/endorsements",
        "/api/v1/statements/privacy-joint",
        "/statements/feed/rss/",
        "/statements/feed/atom/",
        "/statements/feed/json/",
    ]
