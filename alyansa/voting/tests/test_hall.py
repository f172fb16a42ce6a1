"""The projector is a hall display: signed-in assembly staff, or a screen opened with the
chair's secret link, which the chair can revoke. The public sees results, not the hall."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alyansa.assemblies.models import Assembly
from alyansa.assemblies.testing import make_assembly
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def assembly():
    assembly = make_assembly("Hall Assembly")
    Assembly.objects.filter(pk=assembly.pk).update(status=Assembly.Status.ANNOUNCED)
    return assembly


def _secret_of(response) -> str:  # type: ignore[no-untyped-def]
    link = response.content.decode().split('class="secret-link">')[1].split("<")[0]
    assert "/hall/#" in link
    return link.split("#", 1)[1]


def test_the_public_gets_the_answer_of_an_unknown_address(assembly):
    projector = client_for(None).get(reverse("voting:projector", args=[assembly.slug]))
    unknown = client_for(None).get("/voting/never-an-assembly/projector/")
    assert projector.status_code == unknown.status_code == 404


def test_a_screen_opens_with_the_chairs_link_until_it_is_revoked(assembly, officer):
    chair = client_for(officer)
    assert chair.get(reverse("voting:projector", args=[assembly.slug])).status_code == 200
    made = chair.post(reverse("voting:hall_link", args=[assembly.slug]), {"action": "create"})
    secret = _secret_of(made)
    screen = client_for(None)
    wrong = screen.post(reverse("voting:hall", args=[assembly.slug]), {"key": "guess"})
    assert wrong.status_code == 403
    opened = screen.post(reverse("voting:hall", args=[assembly.slug]), {"key": secret})
    assert opened.status_code == 302
    assert screen.get(reverse("voting:projector", args=[assembly.slug])).status_code == 200
    chair.post(reverse("voting:hall_link", args=[assembly.slug]), {"action": "revoke"})
    assert screen.get(reverse("voting:projector", args=[assembly.slug])).status_code == 404


def test_a_new_link_revokes_the_last_one(assembly, officer):
    chair = client_for(officer)
    first = _secret_of(chair.post(reverse("voting:hall_link", args=[assembly.slug])))
    screen = client_for(None)
    screen.post(reverse("voting:hall", args=[assembly.slug]), {"key": first})
    chair.post(reverse("voting:hall_link", args=[assembly.slug]), {"action": "create"})
    assert screen.get(reverse("voting:projector", args=[assembly.slug])).status_code == 404


def test_the_hall_display_is_the_projector_alone_on_the_screen(assembly, officer):
    """No site navigation, sign-in link or footer on the hall's screen: the item, the speaker
    and the poll in type read from the back of the hall."""
    page = client_for(officer).get(reverse("voting:projector", args=[assembly.slug]))
    html = page.content.decode()
    assert '<body class="hall">' in html
    assert 'class="site-header"' not in html and 'class="site-footer"' not in html
    assert 'class="projector"' in html
    ordinary = client_for(officer).get(reverse("voting:results", args=[assembly.slug]))
    assert 'class="site-header"' in ordinary.content.decode()
