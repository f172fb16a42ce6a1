"""The registry's roles for the privacy matrix (alyansa/portal/tests/privacy_world.py)."""

import datetime

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.core.testing import World
from alyansa.members.models import MembershipStatus
from alyansa.members.services import chapter_set_organizations, membership_record, person_erase
from alyansa.members.testing import make_country, make_organization, make_person
from alyansa.portal.tests.privacy_world import ERASED_NAME, SECRET_ACRONYM, SECRET_NAME


def before_flag(world: World) -> None:
    """The organization, an applicant (an agenda item admits it), in a chapter, with its
    coordinator and people (one to be erased later)."""
    secret = make_organization(
        SECRET_NAME, acronym=SECRET_ACRONYM, country=make_country("SA"), member_since=None
    )
    membership_record(
        organization=secret,
        status=MembershipStatus.APPLIED,
        date=datetime.date(2022, 1, 10),
        acting_user=None,
    )
    world.objects["secret"] = secret
    world.objects["secret_coordinator"] = make_user(
        "Lihim Coordinator", role=Role.COORDINATOR, scope=secret
    )
    world.objects["secret_person"] = make_person("Hana Hiddenmember", organization=secret)
    world.objects["secret_erased"] = make_person(ERASED_NAME, organization=secret)
    chapter = world.objects["chapter"]
    chapter_set_organizations(
        chapter=chapter,
        organizations=[*chapter.organizations.all(), secret],
        acting_user=None,
    )


def after_flag(world: World) -> None:
    """A person of the organization is erased (the voting app made them a candidate)."""
    person_erase(person=world.objects["secret_erased"], acting_user=world.users["secretariat"])
