"""The engagements' roles for the at-risk organization of the privacy matrix (see
alyansa/portal/tests/privacy_world.py): one of its people, who consented to be named, speaks
for the alliance at a public engagement before the organization is flagged. The matrix then
renders the calendar, the engagement's page, the feeds and the API for the public."""

from alyansa.core.testing import World
from alyansa.engagements.models import Role
from alyansa.engagements.testing import make_delegate
from alyansa.members.testing import make_person


def before_flag(world: World) -> None:
    speaker = make_person("Speaker Of The Secret", organization=world.objects["secret"])
    make_delegate(world.objects["engagement"], speaker, role=Role.SPEAKER, name_public=True)
