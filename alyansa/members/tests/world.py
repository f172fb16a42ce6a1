"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant
from alyansa.core.testing import World
from alyansa.members.services import application_confirm, application_submit
from alyansa.members.testing import (
    Profile,
    make_chapter,
    make_country,
    make_organization,
    make_person,
)


def extend(world: World) -> None:
    """The coordinator's organization, another one it does not coordinate, their people, a
    chapter, and a confirmed application waiting for a decision."""
    country = make_country("PH")
    own = make_organization("Own Organization", country=country, acronym="OWN")
    other = make_organization("Other Organization", country=country, acronym="OTH")
    role_grant(user=world.users["coordinator"], role=Role.COORDINATOR, scope=own)
    world.objects["organization"] = own
    world.objects["other_organization"] = other
    world.objects["person_of_own"] = make_person("Own Person", organization=own)
    world.objects["person_of_other"] = make_person("Other Person", organization=other)
    world.objects["chapter"] = make_chapter(
        "Chapter of the Philippines", organizations=[own], country=country
    )
    application, secret = application_submit(
        profile=Profile(name="Applicant Organization", country=country),
        contact_name="Ana Applicant",
        contact_email="applicant@example.org",
    )
    application_confirm(secret=secret)
    world.objects["application"] = application
