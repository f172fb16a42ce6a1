"""The assembly's live pages: what they are told when a poll opens or closes, and what they
carry to follow the assembly's channel (the JavaScript itself is static/js/live.js and
assemblies/live-assembly.js)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from alyansa.assemblies.services import item_open, speaker_call_next, speaker_request
from alyansa.assemblies.testing import make_credential, make_item, sign_in_delegate
from alyansa.core.live_testing import live_streams
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_hall, make_open_poll
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_opening_and_closing_a_poll_tells_the_assemblys_pages_without_counts_or_names(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    assembly, _delegates = make_hall(3)
    with live_streams(f"assembly:{assembly.pk}", f"voting:{assembly.pk}") as streams:
        with django_capture_on_commit_callbacks(execute=True):
            poll = make_open_poll(assembly)
        with django_capture_on_commit_callbacks(execute=True):
            poll_close(poll=poll, acting_user=None)
        received = streams.received()
    on_assembly = [event.data for event in received if event.channel == f"assembly:{assembly.pk}"]
    assert [(data["poll"], data["poll_status"]) for data in on_assembly] == [
        (poll.pk, "open"),
        (poll.pk, "closed"),
    ]
    assert all(event.name == "poll" for event in received)
    assert all("voted" not in data for data in on_assembly)
    # The projector's channel hears the count.
    assert [event.data["voted"] for event in received if event.channel.startswith("voting:")]


def _live_attributes(html: str) -> dict[str, str]:
    tag = re.search(r"<[a-z]+ [^>]*data-live-url=\"/live/assembly:[^>]*>", html)
    assert tag, "the page does not follow its assembly's channel"
    return dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tag.group(0)))


def test_the_phone_follows_the_assembly_and_knows_what_it_was_rendered_with(officer) -> None:  # type: ignore[no-untyped-def]
    assembly, (ana, bea, *_rest) = make_hall(3)
    item = make_item(assembly, "motion", "Program of action")
    item_open(item=item, acting_user=None)
    speaker_request(item=item, participant=bea)
    speaker_call_next(item=item, acting_user=None)
    _credential, secret = make_credential(ana)
    phone = client_for(None)
    sign_in_delegate(phone, secret)
    page = phone.get(reverse("assemblies:me")).content.decode()
    attributes = _live_attributes(page)
    assert attributes["data-live-reload"] == "status item item_status speaking"
    assert attributes["data-live-spread"] == "5000"  # phones come back spread over 5 s
    assert attributes["data-was-item"] == str(item.pk)
    assert attributes["data-was-speaking"] != ""  # someone has the floor
    assert "data-live-poll-open hidden" in page  # shown by the script when a poll opens
    assert 'src="/static/js/live.js"' in page and "assemblies/live-assembly.js" in page
    clock = re.search(r'<span class="clock[^"]*" data-clock data-ends-at="([^"]+)"', page)
    assert clock, "the speaking clock has no end time to count down to"
    console = client_for(officer).get(reverse("assemblies:console", args=[assembly.slug]))
    strength = console.content.decode()
    assert 'data-live-field="present_delegates"' in strength
    assert "data-live-notice" in strength
    assert _live_attributes(strength)["data-live-reload"].endswith("waiting")
