"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

from alyansa.assemblies.models import Attendance, ItemKind
from alyansa.assemblies.services import (
    amendment_add,
    attendance_check_in,
    item_open,
    proxy_grant,
)
from alyansa.assemblies.testing import (
    make_assembly,
    make_credential,
    make_delegate,
    make_item,
    sign_in_delegate_session,
)
from alyansa.core.testing import World


def extend(world: World) -> None:
    """An assembly in session with the coordinator's organization and another one, a delegate
    of each (the first signed in with a credential, as the delegate persona), an agenda, and a
    proxy held by the other organization's delegate."""
    own = world.objects["organization"]
    other = world.objects["other_organization"]
    # Proxies: the cap leaves room for the proxies the matrix records.
    assembly = make_assembly("Matrix Assembly", hybrid=True, delegate_quota=50, proxy_cap=5)
    delegate = make_delegate("Dina Delegate", assembly=assembly, organization=own)
    credential, secret = make_credential(delegate)
    other_delegate = make_delegate("Oto Other", assembly=assembly, organization=other)
    make_credential(other_delegate)
    attendance_check_in(participant=other_delegate, method=Attendance.Method.DOOR)
    item = make_item(assembly, ItemKind.MOTION, "Program of action")
    item_open(item=item, acting_user=None)
    decided = make_item(assembly, ItemKind.REPORT, "Treasurer's report")
    world.objects["assembly"] = assembly
    world.objects["delegate"] = delegate
    world.objects["delegate_secret"] = secret
    world.objects["other_delegate"] = other_delegate
    world.objects["item"] = item
    world.objects["report_item"] = decided
    world.objects["spare_of_own"] = make_delegate("Sam Spare", assembly=assembly, organization=own)
    world.objects["spare_of_other"] = make_delegate(
        "Oli Spare", assembly=assembly, organization=other
    )
    world.objects["amendment"] = amendment_add(item=item, text="Add a line.", acting_user=None)
    away = make_delegate("Ada Away", assembly=assembly, organization=other)
    world.objects["proxy"] = proxy_grant(giver=away, holder=other_delegate)
    # A delegate whose written proxy the secretariat records at the desk.
    world.objects["paper_giver"] = make_delegate("Pia Paper", assembly=assembly, organization=other)
    # The same for the API: one to record, one in force to end.
    world.objects["api_paper_giver"] = make_delegate(
        "Api Paper", assembly=assembly, organization=other
    )
    api_away = make_delegate("Api Away", assembly=assembly, organization=other)
    world.objects["api_proxy"] = proxy_grant(giver=api_away, holder=other_delegate)
    # The session the sign-in view makes (the view itself is tested in test_views.py; the matrix
    # signs in once per case, more often than the per-credential rate limit allows).
    world.sign_in["delegate"] = lambda client: sign_in_delegate_session(client, credential)
