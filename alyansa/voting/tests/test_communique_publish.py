"""Publishing a communiqué drafts a statement for review: the secretariat's step, not every
chair's."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.statements.models import Statement
from alyansa.voting.testing import make_hall
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_officer_who_chairs_cannot_publish_the_communique_as_a_statement() -> None:
    assembly, _delegates = make_hall(2)
    officer = make_user("Olga Officer", role=Role.OFFICER)
    client = client_for(officer)
    url = reverse("voting:communique", kwargs={"slug": assembly.slug})
    client.post(url, {"step": "generate"})
    response = client.post(url, {"step": "publish"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["You may not do this."]
    assembly.communique.refresh_from_db()
    assert assembly.communique.statement is None
    assert not Statement.objects.exists()
