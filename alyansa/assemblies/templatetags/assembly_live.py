"""`{% load assembly_live %}`: make an element follow its assembly's live channel.

    <div {% assembly_live assembly speakers reload="item speaking" spread=5000 %}>

static/js/live.js opens the stream and writes counts in place (`data-live-field`);
assemblies/live-assembly.js reloads the page when one of the `reload` keys of the state
(selectors.live_position) differs from what the page was rendered with, at a random moment
within `spread` milliseconds (thousands of phones must not all come back in the same second),
shows the `[data-live-poll-open]` notice while a poll is open, and runs the speaking clock.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from alyansa.assemblies.models import Assembly
from alyansa.assemblies.selectors import SpeakersState, live_position
from alyansa.core.live import live_url

register = template.Library()

# Every event the assemblies and voting apps announce on an assembly's channel.
EVENTS = "assembly.status attendance proxies item item.decided speakers poll"


@register.simple_tag
def assembly_live(
    assembly: Assembly,
    speakers: SpeakersState | None = None,
    reload: str = "",
    spread: int = 0,
) -> SafeString:
    attributes = [
        ("data-live-url", live_url(f"assembly:{assembly.pk}")),
        ("data-live-events", EVENTS),
    ]
    if reload:
        state = live_position(assembly, speakers)
        attributes.append(("data-live-reload", reload))
        attributes.append(("data-live-spread", str(spread)))
        attributes += [
            (f"data-was-{key.replace('_', '-')}", "" if state[key] is None else str(state[key]))
            for key in reload.split()
        ]
    return format_html_join(" ", '{}="{}"', attributes)
