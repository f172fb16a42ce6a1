"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

import datetime

from django.utils import timezone

from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.core.testing import World
from alyansa.engagements.services import calendar_token_issue, follow_up_add, report_attach
from alyansa.engagements.testing import make_delegate, make_engagement
from alyansa.members.testing import make_language, make_person


def extend(world: World) -> None:
    """A public engagement that has begun (with a delegation and a task the officer owns), an
    internal one, one to cancel, a report attached to an agenda item, a private calendar
    address, and the plain account's own registry person."""
    began = timezone.now() - datetime.timedelta(days=2)
    engagement = make_engagement("Matrix dialogue", starts=began, languages=[make_language("es")])
    world.objects["engagement"] = engagement
    world.objects["internal_engagement"] = make_engagement("Matrix internal", is_public=False)
    world.objects["engagement_to_cancel"] = make_engagement("Matrix to cancel")
    world.objects["api_engagement_to_cancel"] = make_engagement("Matrix to cancel by API")
    world.objects["delegation_member"] = make_delegate(engagement, make_person("Matrix Speaker"))
    world.objects["member_to_remove"] = make_delegate(engagement, make_person("Matrix Observer"))
    secretariat = world.users["secretariat"]
    world.objects["follow_up"] = follow_up_add(
        engagement=engagement,
        title="Matrix task",
        owner=world.users["officer"],
        due_on=timezone.localdate(),
        acting_user=secretariat,
    )
    own = make_person("Pat Plain")
    own.user = world.users["plain"]
    own.save(update_fields=["user"])
    _token, world.objects["calendar_secret"] = calendar_token_issue(
        person=own, acting_user=secretariat
    )
    item = make_item(make_assembly(), "report", "Report of the secretariat")
    world.objects["engagements_report_item"] = item
    world.objects["engagements_report"] = report_attach(
        item=item,
        start=timezone.localdate() - datetime.timedelta(days=30),
        end=timezone.localdate(),
        acting_user=secretariat,
    )
