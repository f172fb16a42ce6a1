"""Phones cannot miss a vote: with JavaScript off, or with the live channel blocked (captive
portals and proxies do that), the delegate's phone page says "a vote has opened" on every
load, and while it waits it reloads itself (a meta refresh, no script)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from alyansa.assemblies.models import Assembly
from alyansa.assemblies.services import assembly_set_status, attendance_check_out, proxy_grant
from alyansa.assemblies.testing import make_credential, sign_in_delegate
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_hall, make_open_poll, vote
from conftest import client_for

pytestmark = pytest.mark.django_db

VISIBLE_NOTICE = re.compile(r'<p class="notice" role="alert"><a href="[^"]+">A vote has opened')
REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+)">')


def phone(delegate) -> Client:  # type: ignore[no-untyped-def]
    client = client_for(None)
    sign_in_delegate(client, make_credential(delegate)[1])
    return client


def test_the_phone_page_says_a_vote_has_opened_on_every_load_without_the_live_channel() -> None:
    assembly, (ana, ben) = make_hall(2)
    client = phone(ana)
    waiting = client.get(reverse("assemblies:me")).content.decode()
    assert not VISIBLE_NOTICE.search(waiting)
    refresh = REFRESH.search(waiting)
    assert refresh and 25 <= int(refresh.group(1)) <= 35

    poll = make_open_poll(assembly)

    for _reload in range(2):
        page = client.get(reverse("assemblies:me")).content.decode()
        assert VISIBLE_NOTICE.search(page)
        assert not REFRESH.search(page)  # the delegate has somewhere to go: no reload under them
    vote(poll, ana, "yes")
    after = client.get(reverse("assemblies:me")).content.decode()
    assert not VISIBLE_NOTICE.search(after) and REFRESH.search(after)
    vote(poll, ben, "no")
    poll_close(poll=poll, acting_user=None)
    assert not VISIBLE_NOTICE.search(phone(ben).get(reverse("assemblies:me")).content.decode())


def test_a_vote_held_by_proxy_is_announced_to_its_holder() -> None:
    assembly, (ana, ben) = make_hall(2)
    ben.organization = ana.organization
    ben.save(update_fields=["organization"])
    proxy_grant(giver=ben, holder=ana)
    attendance_check_out(participant=ben)
    client = phone(ana)
    poll = make_open_poll(assembly)
    vote(poll, ana, "yes")

    page = client.get(reverse("assemblies:me")).content.decode()

    assert VISIBLE_NOTICE.search(page)  # ana still holds ben's vote


def test_the_phone_page_does_not_reload_itself_outside_a_session() -> None:
    assembly, (ana,) = make_hall(1)
    assembly_set_status(assembly=assembly, status=Assembly.Status.CLOSED, acting_user=None)

    page = phone(ana).get(reverse("assemblies:me")).content.decode()

    assert not REFRESH.search(page)


def test_the_list_of_votes_looks_again_by_itself_while_nothing_is_open() -> None:
    assembly, (ana,) = make_hall(1)
    client = phone(ana)
    assert REFRESH.search(client.get(reverse("voting:ballots")).content.decode())
    make_open_poll(assembly)
    assert not REFRESH.search(client.get(reverse("voting:ballots")).content.decode())
